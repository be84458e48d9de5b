import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { crc32, isTrdp, trdp } from '../../lib/classify/protocols/trdp.js';
import { feed, makeFlow, robustness } from './longtail-feed.js';

/** A process-data PDU: sequence, version 1.0, type 'Pd', com id, …, dataset length, FCS, data. */
function pd(data: number[]): Uint8Array {
  const b = new Uint8Array(40 + data.length);
  b.set([0, 0, 0, 1, 1, 0, 0x50, 0x64, 0, 0, 0x03, 0xe8]);
  b[20] = (data.length >>> 24) & 255;
  b[21] = (data.length >>> 16) & 255;
  b[22] = (data.length >>> 8) & 255;
  b[23] = data.length & 255;
  const fcs = crc32(b, 0, 36);
  b[36] = fcs & 255;
  b[37] = (fcs >>> 8) & 255;
  b[38] = (fcs >>> 16) & 255;
  b[39] = fcs >>> 24;
  b.set(data, 40);
  return b;
}

test('CRC-32 check value', () => {
  assert.equal(crc32(Buffer.from('123456789'), 0, 9), 0xcbf43926);
});

test('a process-data PDU with a valid header FCS', () => {
  const r = feed(trdp, makeFlow(17, 40000, 17224), [pd([1, 2, 3, 4])]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TRDP'));
});

test('a bad FCS or dataset length is refused; process data is not taken over TCP', () => {
  const b = pd([1, 2, 3, 4]);
  b[37] ^= 1;
  assert.equal(isTrdp(b, 0, b.length, false), false);
  const c = pd([1, 2, 3, 4]);
  assert.equal(isTrdp(c, 0, c.length - 1, false), false);
  assert.equal(isTrdp(c, 0, c.length, true), false);
});

test('robustness', () => {
  assert.ok(robustness(trdp, [pd([1, 2, 3, 4, 5, 6, 7, 8])]) > 0);
});
