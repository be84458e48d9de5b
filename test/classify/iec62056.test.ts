import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { crc16x25, iec62056, isDlmsHdlc } from '../../lib/classify/protocols/iec62056.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// dlms.pcap: SNRM request and UA response (HDLC frames with a valid FCS)
const SNRM = '7ea0070321930f017e';
const UA = '7ea01e210373c37a818012050180060180070400000001080400000001533b7e';

test('CRC-16/X.25 check value', () => {
  assert.equal(crc16x25(Buffer.from('123456789'), 0, 9), 0x906e);
});

test('HDLC frames with a valid FCS, either direction', () => {
  for (const [dir, hex] of [[0, SNRM], [1, UA]] as const) {
    const r = feed(iec62056, makeFlow(6, 60797, 4060), [{ dir, hex }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, protocolId('IEC62056'));
  }
});

test('a bad FCS or framing is refused', () => {
  const b = bytes(SNRM);
  b[3] ^= 1;
  assert.equal(isDlmsHdlc(b, 0, b.length), false);
  assert.equal(isDlmsHdlc(bytes(SNRM.slice(0, -2) + '7f'), 0, 9), false);
  assert.equal(feed(iec62056, makeFlow(17, 1, 2), [b]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(iec62056, [bytes(SNRM), bytes(UA)]) > 0);
});
