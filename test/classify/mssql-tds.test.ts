import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { mssqlTds, tdsPacket } from '../../lib/classify/protocols/mssql-tds.js';
import { TDS_PRELOGIN } from './enterprise-synth.js';
import { drive, hammer } from './dissector-harness.js';

test('MsSQL-TDS: a PRELOGIN packet whose length is the segment', () => {
  const r = drive(mssqlTds, 6, TDS_PRELOGIN);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('MsSQL-TDS'));
});

test('MsSQL-TDS: a wrong length, an unknown type, or port 102 (TPKT) is not TDS', () => {
  const h = TDS_PRELOGIN[0].hex;
  const b = Buffer.from(h + '00', 'hex');
  assert.equal(tdsPacket(b, 0, b.length), false);
  const t = Buffer.from('0a' + h.slice(2), 'hex');
  assert.equal(tdsPacket(t, 0, t.length), false);
  assert.equal(drive(mssqlTds, 6, [{ ...TDS_PRELOGIN[0], to: '10.0.0.2:102' }]).verdict, Verdict.No);
});

test('MsSQL-TDS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(mssqlTds, 6, TDS_PRELOGIN) > 0);
});
