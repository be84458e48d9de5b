/** flow.risks() and flow.risk_score() in Lua checks (flowcheck extensions). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';

test('Lua: flow.risks() maps the names ndpiReader prints to true, flow.risk_score() is their sum; {} and 0 when none', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-risks-'));
  try {
    const file = path.join(dir, 'risks.lua');
    writeFileSync(
      file,
      [
        'local names = {}',
        'for name, v in pairs(flow.risks()) do',
        '  if v ~= true then error("value not true") end',
        '  names[#names + 1] = name',
        'end',
        'table.sort(names)',
        'flow.triggerAlert(1, flow.srv_port() .. " " .. flow.risk_score() .. " " .. table.concat(names, ","))',
      ].join('\n'),
    );
    const r = await analyze({
      inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')],
      keepFlows: true,
      checks: [{ file, hook: 'end' }],
      checkOptions: { stderr: () => {} },
      riskAlerts: new Set(),
    });
    assert.deepEqual(r.checkErrors, []);
    const msgs = r.alerts.map((a) => a.message);
    assert.ok(msgs.includes('80 110 Clear-Text Credentials,HTTP/TLS/QUIC Numeric Hostname/SNI'), msgs.join('\n'));
    assert.ok(msgs.includes('2222 50 Known Proto on Non Std Port'), msgs.join('\n'));
    assert.ok(msgs.includes('53 0 '), 'a flow without risks: {} and 0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
