import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { sdRtn } from '../../lib/classify/protocols/sd-rtn.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** agora-sd-rtn.pcap: a client's datagram to an Agora edge (0x21 at 6, "\x04SNI" at 12, the name). */
const EDGE: readonly CorpusPkt[] = [
  { frame: 166, from: '192.168.2.100:55322', to: '104.166.161.75:8130', hex: '00602d94000021000000000004534e49001c003130342d3136362d3136312d37352e656467652e61676f72612e696f50444d4400004350544f81004e4f4e4320000000a5f650211aaf774d30f1ad95d3d544d990df85fc6a37a833a4dd59b6630e4145414404004145534750554253410004e82835d1b33fb35fc0425cac3d43ef2712cce74287a7392d8999166a550793d890a0f7a49916dd97fcf0fd6826bcce11bdb0a7740818cd750ec630a1546de9224b455853040050323536434352542800ff97c18fe511981f706d04c608b82799d916090cb86890161294967edfa17948a847b1ed1a1f3e62' },
];

test('SD-RTN: the SNI tag and the edge server name', () => {
  const r = drive(sdRtn, 17, EDGE);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('SD-RTN'));
  assert.equal(r.flow.host, '104-166-161-75.edge.agora.io');
});

test('SD-RTN: a wrong byte 6, tag, or a name longer than the datagram is not SD-RTN', () => {
  const h = EDGE[0].hex;
  assert.equal(drive(sdRtn, 17, [{ ...EDGE[0], hex: h.slice(0, 12) + '22' + h.slice(14) }]).verdict, Verdict.No);
  assert.equal(drive(sdRtn, 17, [{ ...EDGE[0], hex: h.slice(0, 24) + '05' + h.slice(26) }]).verdict, Verdict.No);
  assert.equal(drive(sdRtn, 17, [{ ...EDGE[0], hex: h.slice(0, 32) + 'ff' + h.slice(34) }]).verdict, Verdict.No);
});

test('SD-RTN: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(sdRtn, 17, EDGE) > 0);
});
