import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { coFirstPdu, dcerpc, isConnectionlessDcerpc } from '../../lib/classify/protocols/dcerpc.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// dcerpc.pcap: connectionless PDU (little-endian) whose object UUID is PROFINET IO's
const CL = '04020a00100000000000a0de976cd111827100010101014d0100a0de976cd111827100a02442df7d00a9fd358a3512128004001c060b26ed0000000001000000000000000000ffffffff5a000000000000000000460000002d03000000000000460000008101001e0100000109f1a530c75f6d47b67f8073439deaad0002000ef0489e058892810200080100000100018000810200080100000200028010810300080100000100140598';
// a connection-oriented bind (version 5.0, type 11, little-endian, frag length 72)
const BIND = '05000b031000000048000000010000' + '00'.repeat(57);

test('connectionless DCE/RPC with the PROFINET IO object: DCERPC.PROFINET_IO', () => {
  const r = feed(dcerpc, makeFlow(17, 49161, 49155), [{ dir: 0, hex: CL }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.deepEqual([r.flow.l7Master, r.flow.l7App], [protocolId('DCERPC'), protocolId('PROFINET_IO')]);
});

test('another object UUID is plain DCERPC; a wrong fragment length is not DCE/RPC', () => {
  const other = bytes(CL);
  other[8] ^= 1;
  const r = feed(dcerpc, makeFlow(17, 49161, 49155), [other]);
  assert.deepEqual([r.verdict, r.flow.l7Master, r.flow.l7App], [Verdict.Yes, 0, protocolId('DCERPC')]);
  const bad = bytes(CL);
  bad[74] ^= 1;
  assert.equal(isConnectionlessDcerpc(bad, 0, bad.length), false);
  assert.equal(feed(dcerpc, makeFlow(17, 1, 2), [bad]).verdict, Verdict.No);
});

test('connection-oriented: waits for the whole first fragment, across segments', () => {
  const b = bytes(BIND);
  assert.equal(coFirstPdu(b, 0, 30), -1);
  const r = feed(dcerpc, makeFlow(6, 50000, 135), [b.subarray(0, 30), b.subarray(30)], [0, 0]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('DCERPC'));
  assert.equal(feed(dcerpc, makeFlow(6, 50000, 135), [{ dir: 0, hex: '0600' + BIND.slice(4) }]).verdict, Verdict.No);
  // a short PDU (frag length 24 < 64) is not accepted
  assert.equal(coFirstPdu(bytes('05000b031000000018000000010000000000000000000000'), 0, 24), 0);
});

test('robustness', () => {
  assert.ok(robustness(dcerpc, [bytes(CL), bytes(BIND)], [49161, 135]) > 0);
});

test('a whole PDU in one packet passes nDPI\'s direct test whatever its flags', () => {
  const r = feed(dcerpc, makeFlow(6, 50000, 135), [{ dir: 0, hex: '05000b83' + BIND.slice(8) }]);
  assert.equal(r.verdict, Verdict.Yes);
});
