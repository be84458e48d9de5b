import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { alicloud } from '../../lib/classify/protocols/alicloud.js';
import { drive, hammer } from './dissector-harness.js';

// alicloud.pcap: the client's 8-byte header alone (magic, PDU length 0x80000000)
const HEADER = { frame: 4, from: '192.168.2.100:39018', to: '8.209.104.12:8999', hex: 'cefabeba80000000' };

test('AliCloud: the magic with a non-zero PDU length, sent alone', () => {
  const r = drive(alicloud, 6, [HEADER]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('AliCloud'));
});

test('AliCloud: the magic with the PDU length of what follows; a wrong length or magic is not', () => {
  assert.equal(drive(alicloud, 6, [{ ...HEADER, hex: 'cefabeba00000002abcd' }]).verdict, Verdict.Yes);
  assert.notEqual(drive(alicloud, 6, [{ ...HEADER, hex: 'cefabeba00000003abcd' }]).verdict, Verdict.Yes);
  assert.notEqual(drive(alicloud, 6, [{ ...HEADER, hex: 'cefabebb80000000' }]).verdict, Verdict.Yes);
});

test('AliCloud: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(alicloud, 6, [HEADER]) > 0);
});
