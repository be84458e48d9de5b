/**
 * Writes the synthesized sample captures into samples/ (npm run samples). Deterministic: the
 * same bytes on every run; test/samples checks the committed files against a fresh build.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleFiles } from './support/samples.js';

// This file compiles to dist/scripts/make-samples.js.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = path.join(root, 'samples');
mkdirSync(dir, { recursive: true });
for (const [name, bytes] of sampleFiles()) {
  writeFileSync(path.join(dir, name), bytes);
  console.log(`samples/${name}  ${bytes.length} bytes`);
}
