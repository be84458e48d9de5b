import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ascii } from '../../lib/classify/bytes.js';
import { randomBytes } from '../helpers/random.js';

test('ascii is the Latin-1 text of the range, short and long (past one chunk), clipped to the buffer', () => {
  const b = randomBytes(10000, 5);
  const ref = (s: number, e: number) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1', s, Math.min(e, b.length));
  for (const [s, e] of [[0, 0], [3, 2], [0, 7], [1, 9], [5, 300], [0, 4096], [10, 4106], [7, 4200], [0, 10000], [9000, 20000]]) {
    const got = ascii(b, s, e);
    assert.equal(got.length, Math.max(0, Math.min(e, b.length) - s), `${s}..${e}`);
    assert.equal(got, s >= Math.min(e, b.length) ? '' : ref(s, e), `${s}..${e}`);
  }
  assert.equal(ascii(Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x00, 0xff, 0x80, 0x41, 0x42]), 0, 9), 'caf\u00e9\u0000\u00ff\u0080AB');
});
