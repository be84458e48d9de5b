/**
 * The short fuzz run of `npm test`: a fixed seed and a fixed number of cases (about 20 s
 * on an idle machine), every oracle of scripts/fuzz-lib (reader, decoder, each dissector,
 * analyze() with and without a Lua check, the CLI on every 50th case). The long run is
 * `npm run fuzz -- --seconds N --seed S` (docs/ROBUSTNESS.md).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeCase, runFuzz } from '../../scripts/fuzz-lib/runner.js';
import { loadSeeds } from '../../scripts/fuzz-lib/seeds.js';
import { HAVE_CORPUS } from '../helpers/corpus.js';

const SEED = 20261128;
const CASES = 600;

test('a case is reproduced by its seed alone', async () => {
  const seeds = await loadSeeds(HAVE_CORPUS);
  for (const i of [0, 1, 17, 599]) {
    const a = makeCase(seeds, SEED, i, 50);
    const b = makeCase(seeds, SEED, i, 50);
    assert.deepEqual(a.recipe, b.recipe);
    assert.ok(Buffer.from(a.bytes).equals(b.bytes), `case ${i}`);
  }
  assert.ok(!Buffer.from(makeCase(seeds, SEED, 0, 50).bytes).equals(makeCase(seeds, SEED + 1, 0, 50).bytes));
});

test(`fuzz: ${CASES} hostile inputs (seed ${SEED}) — no crash, hang, bad report or lost record`, async () => {
  const seeds = await loadSeeds(HAVE_CORPUS);
  const sum = await runFuzz(seeds, { seed: SEED, cases: CASES, cliEvery: 50, save: false });
  assert.equal(sum.cases, CASES);
  assert.ok(sum.cliRuns >= CASES / 50 - 1 && sum.luaRuns > 0);
  const text = sum.failures.map((f) => `case ${f.index} [${f.stage}] ${f.message}\n  ${f.recipe.join(', ')}`).join('\n');
  assert.equal(sum.failures.length, 0, `reproduce with: npm run fuzz -- --seed ${SEED} --case N\n${text}`);
});
