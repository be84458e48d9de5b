import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { hexOfAscii, hexOfBytes, hexOfText, hmacSha256, hmacSha256Into } from '../../lib/classify/digest.js';
import { xorshift32 } from '../helpers/random.js';

const next = xorshift32(20261128);

function bytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = next() & 0xff;
  return b;
}

test('hmacSha256 equals createHmac for keys and messages of every size class', () => {
  // keys: empty, short, one block, longer than a block (hashed first); messages up to past the fast path
  for (const kl of [0, 1, 20, 32, 63, 64, 65, 100]) {
    for (const ml of [0, 1, 8, 20, 55, 56, 64, 200, 256, 257, 1000]) {
      const key = bytes(kl);
      const msg = bytes(ml);
      const want = createHmac('sha256', key).update(msg).digest('hex');
      assert.equal(hmacSha256(key, msg).toString('hex'), want, `key ${kl} msg ${ml}`);
    }
  }
});

test('hmacSha256 of a view into a larger buffer reads only the view', () => {
  const big = bytes(100);
  const key = big.subarray(10, 30);
  const msg = big.subarray(40, 48);
  assert.equal(hmacSha256(key, msg).toString('hex'), createHmac('sha256', Buffer.from(key)).update(Buffer.from(msg)).digest('hex'));
});

test('RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?")', () => {
  const out = hmacSha256(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?'));
  assert.equal(out.toString('hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});

test('hexOfText hashes the Latin-1 bytes of the text (ASCII and not)', () => {
  for (const s of ['', 'abc', '771,4865-4866,0-23,29,0', 'caf\u00e9;\u00ff\u0080', 'x'.repeat(5000)]) {
    for (const alg of ['md5', 'sha1', 'sha256'] as const) {
      assert.equal(hexOfText(alg, s), createHash(alg).update(s, 'latin1').digest('hex'), `${alg} ${JSON.stringify(s.slice(0, 20))}`);
    }
  }
  assert.equal(hexOfText('md5', ''), 'd41d8cd98f00b204e9800998ecf8427e');
});

test('hexOfBytes equals createHash on views', () => {
  const big = bytes(300);
  const v = big.subarray(7, 250);
  for (const alg of ['md5', 'sha1', 'sha256'] as const) {
    assert.equal(hexOfBytes(alg, v), createHash(alg).update(Buffer.from(v)).digest('hex'));
  }
});

test('hexOfAscii equals createHash on ASCII text', () => {
  for (const s of ['', '771,4865-4866,0-23,29,0', 't13d1516h2_8daaf6152771_e5627efa2ab1'.repeat(9)]) {
    assert.equal(hexOfAscii('md5', s), createHash('md5').update(s).digest('hex'));
    assert.equal(hexOfAscii('sha256', s), createHash('sha256').update(s).digest('hex'));
  }
});

test('hmacSha256Into writes the MAC over its own key (the HKDF chain reuses buffers)', () => {
  const key = bytes(32);
  const msg = bytes(15);
  const want = createHmac('sha256', key).update(msg).digest('hex');
  const k = Uint8Array.from(key);
  hmacSha256Into(k, msg, k);
  assert.equal(Buffer.from(k).toString('hex'), want);
});
