import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { DECODE_PROBLEMS } from '../../lib/decode/problems.js';
import { PROJECT_ROOT } from '../helpers/corpus.js';

test('every problem reason in the decoder source is documented, and every documented one is used', () => {
  const dir = path.join(PROJECT_ROOT, 'lib/decode');
  const used = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && x !== 'problems.ts')) {
    for (const m of readFileSync(path.join(dir, f), 'utf8').matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 20);
  for (const r of used) assert.ok(r in DECODE_PROBLEMS, `undocumented reason ${r}`);
  for (const r of Object.keys(DECODE_PROBLEMS)) assert.ok(used.has(r), `documented but unused ${r}`);
});
