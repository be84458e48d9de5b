import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { dcerpc, dcerpcDatagram, dcerpcSegment, dcerpcStream } from '../../lib/classify/protocols/dcerpc.js';
import { DCERPC_PNIO } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** An MS-RPC bind over TCP: version 5.0, type 11 (bind), flags 3, little-endian, frag length 72. */
const BIND = '05000b03100000004800000001000000' + 'b810b810000000000100000000000100' + '00'.repeat(40);
const TCP = { frame: 0, from: '10.0.0.1:49700', to: '10.0.0.2:135', hex: BIND };

test('DCERPC: a connectionless PROFINET IO request is DCERPC.PROFINET_IO', () => {
  const r = drive(dcerpc, 17, DCERPC_PNIO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7Master, protocolId('DCERPC'));
  assert.equal(r.flow.l7App, protocolId('PROFINET_IO'));
});

test('DCERPC: a connection-oriented bind, whole or split over two segments', () => {
  assert.equal(Buffer.from(BIND, 'hex').length, 72);
  const r = drive(dcerpc, 6, [TCP]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DCERPC'));
  // nDPI's reassembly reads the length little-endian when the data representation byte is 0
  const bind0 = BIND.slice(0, 8) + '00' + BIND.slice(10);
  const split = drive(dcerpc, 6, [{ ...TCP, hex: bind0.slice(0, 40) }, { ...TCP, hex: bind0.slice(40) }]);
  assert.deepEqual(split.verdicts, [Verdict.More, Verdict.Yes]);
});

test('DCERPC: another version, a short fragment, a SOCKS5 greeting or a bad datagram length is not DCE/RPC', () => {
  assert.equal(dcerpcStream(Buffer.from('04' + BIND.slice(2), 'hex'), 0, 72), 0);
  // data representation 0 (nDPI then reads the length little-endian): a fragment of 8 bytes is too short
  assert.equal(dcerpcStream(Buffer.from(BIND.slice(0, 8) + '00000000' + '0800' + BIND.slice(20), 'hex'), 0, 72), 0);
  assert.equal(dcerpcSegment(Buffer.from(BIND + '00', 'hex'), 0, 73), false);
  assert.equal(drive(dcerpc, 6, [{ ...TCP, hex: '050100' }]).verdict, Verdict.No);
  const h = DCERPC_PNIO[0].hex;
  const b = Buffer.from(h + '00', 'hex');
  assert.equal(dcerpcDatagram(b, 0, b.length), false);
});

test('DCERPC: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(dcerpc, 17, DCERPC_PNIO) > 0);
  assert.ok(hammer(dcerpc, 6, [TCP]) > 0);
});
