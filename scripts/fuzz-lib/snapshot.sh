#!/bin/sh
# A long fuzz run from a frozen copy of dist/ (others rebuild dist/ while it runs):
#   sh scripts/fuzz-lib/snapshot.sh SECONDS SEED
# Saved cases still land in this checkout's test/fuzz-cases/.
set -e
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SNAP=$(mktemp -d /tmp/flowcheck-fuzz-snap.XXXXXX)
cp -r "$ROOT/dist" "$SNAP/dist"
for d in node_modules samples docs; do ln -s "$ROOT/$d" "$SNAP/$d"; done
mkdir -p "$SNAP/test/fuzz"
cp "$ROOT/test/fuzz/fuzz-check.lua" "$SNAP/test/fuzz/"
ln -s "$ROOT/test/fuzz-cases" "$SNAP/test/fuzz-cases"
cp "$ROOT/package.json" "$SNAP/"
cd "$SNAP"
FLOWCHECK_CORPUS="${FLOWCHECK_CORPUS:-$ROOT/../shared/corpus}" exec node dist/scripts/fuzz.js --seconds "$1" --seed "$2"
