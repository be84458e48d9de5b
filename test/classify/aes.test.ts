import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { aes128EncryptBlock } from '../../lib/classify/quic/aes.js';
import { randomBytes } from '../helpers/random.js';

test('FIPS-197 C.1: AES-128 of 00112233…ff under 000102…0f', () => {
  const key = Buffer.from('000102030405060708090a0b0c0d0e0f', 'hex');
  const pt = Buffer.from('00112233445566778899aabbccddeeff', 'hex');
  const out = new Uint8Array(16);
  aes128EncryptBlock(key, pt, 0, out);
  assert.equal(Buffer.from(out).toString('hex'), '69c4e0d86a7b0430d8cdb78070b4c55a');
});

test('AES-128 block equals node:crypto aes-128-ecb on 500 random keys and blocks (at an offset)', () => {
  const keys = randomBytes(16 * 500, 11);
  const data = randomBytes(16 * 500 + 3, 12);
  const out = new Uint8Array(16);
  for (let i = 0; i < 500; i++) {
    const key = keys.subarray(16 * i, 16 * i + 16);
    const off = 3 + 16 * i;
    const ecb = createCipheriv('aes-128-ecb', key, null);
    ecb.setAutoPadding(false);
    const want = ecb.update(data.subarray(off, off + 16));
    aes128EncryptBlock(key, data, off, out);
    assert.deepEqual(Buffer.from(out), want, `case ${i}`);
  }
});
