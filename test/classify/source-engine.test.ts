import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { sourceEngine } from '../../lib/classify/protocols/source-engine.js';

/** source_engine.pcap frame 1: A2S_INFO, FF FF FF FF "TSource Engine Query". */
const QUERY: CorpusPkt = {
  frame: 1,
  from: '222.204.159.87:20595',
  to: '206.125.246.211:27015',
  hex: 'ffffffff54536f7572636520456e67696e6520517565727900',
};

test('Source_Engine: the client A2S_INFO query', () => {
  const r = drive(sourceEngine, 17, [QUERY]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Source_Engine'));
});

test('Source_Engine: the server challenge; a query of another type is not it', () => {
  const challenge = { frame: 0, from: QUERY.to, to: QUERY.from, hex: 'ffffffff4101020304' };
  assert.deepEqual(drive(sourceEngine, 17, [{ ...QUERY, hex: 'ffffffff5700000000' }]).verdicts, [Verdict.No]);
  // the challenge comes from the server side
  const r = drive(sourceEngine, 17, [QUERY, challenge]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(drive(sourceEngine, 17, [{ ...challenge, from: QUERY.from, to: QUERY.to }]).verdict, Verdict.No);
});

test('Source_Engine: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(sourceEngine, 17, [QUERY]) > 0);
});
