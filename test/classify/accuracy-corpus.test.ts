import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseCustomProtocols } from '../../lib/classify/custom-protocols.js';
import { compareCapture, TEST_PROTOS, type FileResult } from '../../scripts/accuracy.js';
import { NO_CORPUS, corpusCaptures } from '../helpers/corpus.js';

// The whole corpus against nDPI's verdicts, under the configuration its .out files were made
// with (protos.txt): the targets, 97 % of flows, 98 % of bytes, 97 % mean per file.
// (npm run accuracy prints every disagreement; docs/ACCURACY.md explains each.)
const skip = NO_CORPUS || (existsSync(TEST_PROTOS) ? false : `no ${TEST_PROTOS}`);

test("every corpus capture against nDPI's verdicts: at least 97 % of flows, 98 % of bytes, 97 % mean per file", { skip }, async () => {
  const protocols = parseCustomProtocols(readFileSync(TEST_PROTOS, 'utf8'), TEST_PROTOS);
  const results: FileResult[] = [];
  for (const f of corpusCaptures()) {
    if (existsSync(`${f}.out`)) results.push(await compareCapture(f, 32, protocols));
  }
  assert.ok(results.length >= 400, `${results.length} captures`);
  const flows = results.reduce((t, r) => t + r.flows, 0);
  const agree = results.reduce((t, r) => t + r.flowsAgree, 0);
  const bytes = results.reduce((t, r) => t + r.bytes, 0);
  const bytesAgree = results.reduce((t, r) => t + r.bytesAgree, 0);
  const mean = results.reduce((t, r) => t + (r.flows > 0 ? r.flowsAgree / r.flows : 1), 0) / results.length;
  const worst = results
    .filter((r) => r.flowsAgree < r.flows)
    .map((r) => `${path.basename(r.file)} ${r.flowsAgree}/${r.flows}`)
    .join(', ');
  assert.ok(agree / flows >= 0.97, `flows ${agree}/${flows}; ${worst}`);
  assert.ok(bytesAgree / bytes >= 0.98, `bytes ${bytesAgree}/${bytes}`);
  assert.ok(mean >= 0.97, `mean per file ${mean}`);
});
