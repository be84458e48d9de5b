import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { gtp } from '../../lib/classify/protocols/gtp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// gtp_c.pcap: GTPv2-C Modify Bearer Request (0x48 0x24, length 0x1e)
const C2 = '4824001e355292064b546200490001000556000d0018987654123498765412345678';
// gtp_prime.pcapng: GTP' data record transfer request (flags 0x2e, type 240)
const PRIME = '2ef000f400047e01fc00ef01011c0600e9bf608200e4800160830813002100000000f0a40680040a0a3501850407900000870565687270648802f121a908a0068004010000068b0101ac82002a3028830203488402034885010286091502251638442b0000a91081010886010987034c4b4088034c4b408d091502251638012b00008e012b8f0100b022a420060e2b06010401b27f03010246040100810100a20b300902010102010181010e920a414c552d4e4f44453031940101950100970201009801039e01039f220101bf240680040a0a06039f25031320109f26091502251638002b00009f27091502251638442b00009f280407900000';
// GTPv1-U G-PDU carrying 4 bytes
const U = '30ff000400000001' + '45000000';

test('GTP-C, GTP-U and GTP\' by their ports', () => {
  const c = feed(gtp, makeFlow(17, 1024, 2123), [{ dir: 0, hex: C2 }]);
  assert.deepEqual([c.verdict, c.flow.l7Master, c.flow.l7App], [Verdict.Yes, protocolId('GTP'), protocolId('GTP_C')]);
  const p = feed(gtp, makeFlow(17, 64580, 3386), [{ dir: 0, hex: PRIME }]);
  assert.deepEqual([p.verdict, p.flow.l7Master, p.flow.l7App], [Verdict.Yes, protocolId('GTP'), protocolId('GTP_PRIME')]);
  const u = feed(gtp, makeFlow(17, 2152, 2152), [{ dir: 0, hex: U }]);
  assert.deepEqual([u.verdict, u.flow.l7App], [Verdict.Yes, protocolId('GTP_U')]);
});

test('a GTP-C length that does not cover the datagram, or the wrong port: refused', () => {
  assert.equal(feed(gtp, makeFlow(17, 1024, 2123), [{ dir: 0, hex: C2 + '00' }]).verdict, Verdict.No);
  assert.equal(feed(gtp, makeFlow(17, 1024, 2152), [{ dir: 0, hex: C2 }]).verdict, Verdict.No);
  assert.equal(feed(gtp, makeFlow(17, 1024, 3386), [{ dir: 0, hex: U }]).verdict, Verdict.No);
});

test('robustness', () => {
  for (const p of [2123, 2152, 3386]) assert.ok(robustness(gtp, [bytes(C2), bytes(PRIME), bytes(U)], [1024, p]) > 0);
});
