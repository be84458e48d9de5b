import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { netflow, netflowHeader } from '../../lib/classify/protocols/netflow.js';
import { IPFIX_MSG } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

const NOW = 2000000000;

test('NetFlow: an IPFIX message whose length is the datagram', () => {
  const r = drive(netflow, 17, IPFIX_MSG);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NetFlow'));
});

test('NetFlow: v5 with 1 record (24 + 48 bytes) and a plausible time; wrong sizes or times are not', () => {
  const v5 = Buffer.alloc(72);
  v5.writeUInt16BE(5, 0);
  v5.writeUInt16BE(1, 2);
  v5.writeUInt32BE(1600000000, 8);
  assert.equal(netflowHeader(v5, 0, 72, NOW), true);
  assert.equal(netflowHeader(v5, 0, 71, NOW), false);
  v5.writeUInt32BE(12345, 8);
  assert.equal(netflowHeader(v5, 0, 72, NOW), false);
  const h = IPFIX_MSG[0].hex;
  const b = Buffer.from(h, 'hex');
  assert.equal(netflowHeader(b, 0, b.length - 1, NOW), false);
});

test('NetFlow: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(netflow, 17, IPFIX_MSG) > 0);
});
