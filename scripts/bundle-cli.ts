/**
 * Bundles the CLI into one file, in place of tsc's dist/cli/flowcheck.js (run by `npm run
 * build` after tsc). Node resolves, reads and compiles each ES module on its own: ~130 of
 * them cost ~40 ms of every run's start-up (0.17 -> 0.13 s on samples/mixed.pcap), a third of
 * a small capture's run in CI. The library (dist/lib) stays as tsc writes it.
 *
 * Left outside the bundle: wasmoon (loaded only when a Lua check runs, and it finds its
 * .wasm beside itself) and yargs (loaded through createRequire, its CommonJS build).
 */
import { buildSync } from 'esbuild';
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli/flowcheck.js');

buildSync({
  entryPoints: [CLI],
  outfile: CLI,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['wasmoon', 'yargs'],
  // CommonJS dependencies inside the bundle (cli-table3) require Node's own modules
  banner: { js: "import { createRequire as __flowcheckRequire } from 'node:module';\nconst require = __flowcheckRequire(import.meta.url);" },
  logLevel: 'warning',
});
chmodSync(CLI, 0o755);

// the --jobs worker entry (cli/jobs.ts starts ./jobs-worker.js beside the CLI): one file too,
// so that each worker thread's start-up does not resolve and compile every module again
const WORKER = path.join(ROOT, 'dist/cli/jobs-worker.js');
buildSync({
  entryPoints: [WORKER],
  outfile: WORKER,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['wasmoon', 'yargs'],
  banner: { js: "import { createRequire as __flowcheckRequire } from 'node:module';\nconst require = __flowcheckRequire(import.meta.url);" },
  logLevel: 'warning',
});
