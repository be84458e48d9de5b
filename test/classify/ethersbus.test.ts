import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { crc16Xmodem, etherSbus, isEtherSbus } from '../../lib/classify/protocols/ethersbus.js';
import { feed, makeFlow, robustness } from './longtail-feed.js';

/** An Ether-S-Bus telegram: length, version 0, type 0, sequence, telegram attribute, data, CRC. */
function telegram(data: number[]): Uint8Array {
  const n = 4 + 2 + 2 + 1 + data.length + 2;
  const b = new Uint8Array(n);
  b.set([0, 0, n >> 8, n & 255, 0, 0, 0, 1, 0, ...data]);
  const crc = crc16Xmodem(b, 0, n - 2);
  b[n - 2] = crc >> 8;
  b[n - 1] = crc & 255;
  return b;
}

test('CRC-16/XMODEM check value', () => {
  assert.equal(crc16Xmodem(Buffer.from('123456789'), 0, 9), 0x31c3);
});

test('a telegram with a valid CRC', () => {
  const r = feed(etherSbus, makeFlow(17, 40000, 5050), [telegram([0x00, 0x06, 0x00, 0x00, 0x10])]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Ether-S-Bus'));
});

test('a bad CRC, length or version is refused', () => {
  const t = telegram([0x00, 0x06, 0x00, 0x00, 0x10]);
  const bad = t.slice();
  bad[bad.length - 1] ^= 1;
  assert.equal(isEtherSbus(bad, 0, bad.length), false);
  const v = t.slice();
  v[4] = 2;
  assert.equal(isEtherSbus(v, 0, v.length), false);
  assert.equal(feed(etherSbus, makeFlow(17, 40000, 5050), [bad]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(etherSbus, [telegram([1, 2, 3, 4, 5])]) > 0);
});
