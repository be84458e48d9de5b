/**
 * Hashes for fingerprints (JA3, JA4, HASSH, certificate SHA-1) and QUIC's HKDF, made with
 * Node's one-shot crypto.hash (Node ≥ 20.12) where there is one: a createHash/createHmac
 * object costs several µs per call, which on a flow of a few packets is most of its
 * classification. Older Nodes fall back to createHash. Results are the same either way.
 */
import * as nodeCrypto from 'node:crypto';
import { BytesMemo } from './caches.js';

/** crypto.hash; a string output is ~2× faster than 'buffer' (Node 20), so raw digests are
 * read back from the 'latin1' string (one char per byte). */
type OneShot = (alg: string, data: string | Uint8Array, enc: 'hex' | 'latin1') => string;

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

/** Hex digest of `s`, which the caller knows to be ASCII (fingerprint strings of digits,
 * hex and separators): no check of the characters. */
export function hexOfAscii(alg: 'md5' | 'sha1' | 'sha256', s: string): string {
  if (hasOneShot) return oneShot!(alg, s, 'hex');
  return nodeCrypto.createHash(alg).update(s, 'latin1').digest('hex');
}

/** Hex digest of b (a view is fine). */
export function hexOfBytes(alg: 'md5' | 'sha1' | 'sha256', b: Uint8Array): string {
  if (hasOneShot) return oneShot!(alg, b, 'hex');
  return nodeCrypto.createHash(alg).update(b).digest('hex');
}

/**
 * The run's memo of fingerprint digests (JA3 and JA4 texts repeat across flows: the same
 * client software): one per algorithm, by the hashed bytes (caches.ts BytesMemo).
 */
export class DigestMemo {
  readonly md5 = new BytesMemo<string>(1024);
  readonly sha256 = new BytesMemo<string>(1024);
}

/** hexOfBytes of b[0, len) through the run's memo when there is one (the same digest either way). */
export function hexOfBytesMemo(alg: 'md5' | 'sha256', b: Uint8Array, len: number, memo: DigestMemo | undefined): string {
  if (memo === undefined) return hexOfBytes(alg, b.subarray(0, len));
  const m = alg === 'md5' ? memo.md5 : memo.sha256;
  const known = m.get(b, 0, len);
  if (known !== undefined) return known;
  // the view only for a digest not known yet
  const hex = hexOfBytes(alg, b.subarray(0, len));
  m.set(b, 0, len, hex);
  return hex;
}

/** SHA-256 of b into out[0, 32). */
function sha256Into(b: Uint8Array, out: Uint8Array): void {
  const s = oneShot!('sha256', b, 'latin1');
  for (let i = 0; i < 32; i++) out[i] = s.charCodeAt(i);
}

const BLOCK = 64;
/** Scratch for HMAC's padded-key blocks, the hashed long key and the inner digest (one call
 * at a time: nothing here is re-entered). Plain Uint8Arrays: their subarray is cheaper. */
const scratch = new Uint8Array(BLOCK + 256);
const keyScratch = new Uint8Array(32);
const innerScratch = new Uint8Array(32);
/** The views of scratch the hashes read, made once: SCRATCH_VIEWS[n] is scratch[0, BLOCK + n). */
const SCRATCH_VIEWS: readonly Uint8Array[] = Array.from({ length: scratch.length - BLOCK + 1 }, (_, n) => scratch.subarray(0, BLOCK + n));

/**
 * HMAC-SHA256 (RFC 2104) of `msg` under `key` into out[0, 32) (`out` may be `key`), built
 * from two one-shot hashes (createHmac makes a key object and a context each call: several
 * times slower). A `msg` of at most 256 bytes takes the fast path; longer ones use createHmac.
 */
export function hmacSha256Into(key: Uint8Array, msg: Uint8Array, out: Uint8Array): void {
  if (!hasOneShot || msg.length > scratch.length - BLOCK) {
    out.set(nodeCrypto.createHmac('sha256', key).update(msg).digest());
    return;
  }
  let k = key;
  if (key.length > BLOCK) {
    sha256Into(key, keyScratch);
    k = keyScratch;
  }
  const s = scratch;
  // inner: (K ^ ipad) || msg
  for (let i = 0; i < BLOCK; i++) s[i] = (i < k.length ? k[i] : 0) ^ 0x36;
  s.set(msg, BLOCK);
  sha256Into(SCRATCH_VIEWS[msg.length], innerScratch);
  // outer: (K ^ opad) || inner
  for (let i = 0; i < BLOCK; i++) s[i] = (i < k.length ? k[i] : 0) ^ 0x5c;
  s.set(innerScratch, BLOCK);
  sha256Into(SCRATCH_VIEWS[32], out);
}

/** HMAC-SHA256 of `msg` under `key` as a new Buffer (see hmacSha256Into). */
export function hmacSha256(key: Uint8Array, msg: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(32);
  hmacSha256Into(key, msg, out);
  return out;
}
