/**
 * Hashes for fingerprints (JA3, JA4, HASSH, certificate SHA-1) and QUIC's HKDF, made with
 * Node's one-shot crypto.hash (Node ≥ 20.12) where there is one: a createHash/createHmac
 * object costs several µs per call, which on a flow of a few packets is most of its
 * classification. Older Nodes fall back to createHash. Results are the same either way.
 */
import * as nodeCrypto from 'node:crypto';

type OneShot = {
  (alg: string, data: string | Uint8Array, enc: 'hex'): string;
  (alg: string, data: string | Uint8Array, enc: 'buffer'): Buffer;
};

const oneShot = (nodeCrypto as unknown as { hash?: OneShot }).hash;
const hasOneShot = typeof oneShot === 'function';

/** True when `s` has only ASCII characters (then UTF-8 and Latin-1 bytes agree). */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Hex digest of the Latin-1 bytes of `s`. */
export function hexOfText(alg: 'md5' | 'sha1' | 'sha256', s: string): string {
  if (hasOneShot && isAscii(s)) return oneShot!(alg, s, 'hex');
  return nodeCrypto.createHash(alg).update(s, 'latin1').digest('hex');
}

/** Digest of b (a view is fine). */
export function digestOf(alg: 'md5' | 'sha1' | 'sha256', b: Uint8Array): Buffer {
  if (hasOneShot) return oneShot!(alg, b, 'buffer');
  return nodeCrypto.createHash(alg).update(b).digest();
}

const BLOCK = 64;
/** Scratch for HMAC's padded-key blocks (one call at a time: nothing here is re-entered). */
const scratch = Buffer.alloc(BLOCK + 256);

/**
 * HMAC-SHA256 (RFC 2104) of `msg` under `key`, built from two one-shot hashes
 * (createHmac makes a key object and a context each call: ~4× slower). `msg` of at most
 * 256 bytes takes the fast path; longer messages use createHmac.
 */
export function hmacSha256(key: Uint8Array, msg: Uint8Array): Buffer {
  if (!hasOneShot || msg.length > scratch.length - BLOCK) {
    return nodeCrypto.createHmac('sha256', key).update(msg).digest();
  }
  const k = key.length > BLOCK ? digestOf('sha256', key) : key;
  const s = scratch;
  // inner: (K ^ ipad) || msg
  for (let i = 0; i < BLOCK; i++) s[i] = (i < k.length ? k[i] : 0) ^ 0x36;
  s.set(msg, BLOCK);
  const inner = oneShot!('sha256', s.subarray(0, BLOCK + msg.length), 'buffer');
  // outer: (K ^ opad) || inner
  for (let i = 0; i < BLOCK; i++) s[i] = (i < k.length ? k[i] : 0) ^ 0x5c;
  s.set(inner, BLOCK);
  return oneShot!('sha256', s.subarray(0, BLOCK + inner.length), 'buffer');
}
