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
import { chmodSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// CommonJS dependencies inside the bundle (cli-table3) require Node's own modules
const BANNER = "import { createRequire as __flowcheckRequire } from 'node:module';\nconst require = __flowcheckRequire(import.meta.url);";

/** Bundles one entry in place of tsc's output; a file already bundled is left as it is. */
function bundle(file: string): void {
  // (after a #! line, where there is one)
  if (readFileSync(file, 'latin1').slice(0, 300).includes(BANNER.slice(0, BANNER.indexOf('\n')))) {
    console.warn(`bundle-cli: ${path.relative(ROOT, file)} is already a bundle (run tsc first to rebuild it)`);
    return;
  }
  buildSync({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['wasmoon', 'yargs'],
    banner: { js: BANNER },
    logLevel: 'warning',
    // V8 keeps the module's source text for the whole run: all ASCII, it is a one-byte string
    // (1.1 MiB) instead of a two-byte one (2.8 MiB with one "→" anywhere, comments included);
    // no comments nor indentation (1.48 -> 1.18 MB). Text in String.raw templates cannot be
    // escaped: write non-ASCII there as ${'→'} (html-app.ts), which esbuild escapes.
    charset: 'ascii',
    minifyWhitespace: true,
  });
  const nonAscii = /[^\x00-\x7f]/.exec(readFileSync(file, 'latin1'));
  if (nonAscii) console.warn(`bundle-cli: a non-ASCII byte at offset ${nonAscii.index} of ${file} (a String.raw template?): its source text takes twice the memory`);
}

const CLI = path.join(ROOT, 'dist/cli/flowcheck.js');
bundle(CLI);
chmodSync(CLI, 0o755);
// the --jobs worker entry (cli/jobs.ts starts ./jobs-worker.js beside the CLI): one file too,
// so that each worker thread's start-up does not resolve and compile every module again
bundle(path.join(ROOT, 'dist/cli/jobs-worker.js'));
