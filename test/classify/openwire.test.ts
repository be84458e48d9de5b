import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { openwire } from '../../lib/classify/protocols/openwire.js';
import { drive, hammer } from './dissector-harness.js';

/** A WireFormatInfo command: size, type 1, "ActiveMQ", version and an empty property map. */
function wireFormatInfo(): string {
  const body = Buffer.concat([Buffer.from([1]), Buffer.from('ActiveMQ'), Buffer.from('0000000c01000000000000000000', 'hex')]);
  const size = Buffer.alloc(4);
  size.writeUInt32BE(body.length);
  return Buffer.concat([size, body]).toString('hex');
}
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:61616', hex: wireFormatInfo() };

test('OpenWire: the WireFormatInfo with the ActiveMQ magic', () => {
  const r = drive(openwire, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('OpenWire'));
});

test('OpenWire: a wrong size or another magic is not OpenWire', () => {
  assert.equal(drive(openwire, 6, [{ ...PKT, hex: PKT.hex + '00' }]).verdict, Verdict.No);
  assert.equal(drive(openwire, 6, [{ ...PKT, hex: PKT.hex.slice(0, 10) + Buffer.from('ActiveMX').toString('hex') + PKT.hex.slice(26) }]).verdict, Verdict.No);
});

test('OpenWire: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(openwire, 6, [PKT]) > 0);
});
