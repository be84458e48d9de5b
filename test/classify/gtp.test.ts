import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { gtp } from '../../lib/classify/protocols/gtp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// gtp_c.pcap: GTPv2-C Create Session Request; gtp_prime.pcapng: GTP' Data Record Transfer
const GTPC = '482000f3000000004b5462000100080089674511223344f54c0006009876541234564b00080034567890120102f356000d00189876541234987654123456785300030089475652000100064d00020000005700090086355292040a6500024700090008696e7465726e6574800001000063000100014f00050001211717017f00010002480008000000270f0000270f49000100055d003d00490001000554000d002131010910c0a80101ffffff005700090284355292050a65000250001600180700000000000000000000000000000000000000008400070001ac106b7100018400070101ac106b7200017200020000005f0002000001';
const PRIME = '2ef000f400047e01fc00ef01011c0600e9bf608200e4800160830813002100000000f0a40680040a0a3501850407900000870565687270648802f121a908a0068004010000068b0101ac82002a3028830203488402034885010286091502251638442b0000a91081010886010987034c4b4088034c4b408d091502251638012b00008e012b8f0100b022a420060e2b06010401b27f03010246040100810100a20b300902010102010181010e920a414c552d4e4f44453031940101950100970201009801039e01039f220101bf240680040a0a06039f25031320109f26091502251638002b00009f27091502251638442b00009f280407900000';
// GTP-U G-PDU: version 1, PT 1, type 255, length 4, TEID, 4 bytes of user data
const GTPU = '30ff000400000001' + '45000000';

test('GTP-C v2 on 2123: GTP.GTP_C', () => {
  const r = feed(gtp, makeFlow(17, 1024, 2123), [{ dir: 0, hex: GTPC }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7Master, protocolId('GTP'));
  assert.equal(r.flow.l7App, protocolId('GTP_C'));
});

test("GTP' on 3386: GTP.GTP_PRIME", () => {
  const r = feed(gtp, makeFlow(17, 64580, 3386), [{ dir: 0, hex: PRIME }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('GTP_PRIME'));
});

test('GTP-U on 2152: GTP.GTP_U', () => {
  const r = feed(gtp, makeFlow(17, 2152, 2152), [{ dir: 0, hex: GTPU }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('GTP_U'));
});

test('GTP near misses: wrong port, wrong length, wrong version', () => {
  assert.equal(feed(gtp, makeFlow(17, 1024, 2124), [{ dir: 0, hex: GTPC }]).verdict, Verdict.No);
  assert.equal(feed(gtp, makeFlow(17, 1024, 2123), [{ dir: 0, hex: GTPC + '00' }]).verdict, Verdict.No);
  assert.equal(feed(gtp, makeFlow(17, 2152, 2152), [{ dir: 0, hex: '50' + GTPU.slice(2) }]).verdict, Verdict.No);
  assert.equal(feed(gtp, makeFlow(17, 1, 3386), [{ dir: 0, hex: '20' + PRIME.slice(2) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(gtp, [bytes(GTPC), bytes(PRIME), bytes(GTPU)], [2123, 2152]) > 0);
  assert.ok(robustness(gtp, [bytes(PRIME)], [3386, 3386]) > 0);
});
