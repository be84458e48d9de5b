/**
 * Risks nDPI finds in the bytes of a packet rather than in what the dissectors keep: ICMP
 * and ICMPv6 messages that cannot be right (header too short, unassigned type or code, bad
 * checksum) and ICMP payloads whose byte entropy looks like an executable or ciphertext. The
 * flow's first packet is looked at, as nDPI decides ICMP on it; nothing is kept.
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

/** Shannon entropy of the bytes, in bits per byte (0–8). */
export function entropy(b: Uint8Array, off: number, len: number): number {
  if (len <= 0) return 0;
  const counts = new Uint32Array(256);
  for (let i = off, e = off + len; i < e; i++) counts[b[i]]++;
  let h = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i];
    if (c === 0) continue;
    const p = c / len;
    h -= p * Math.log2(p);
  }
  return h;
}

/** nDPI's reading of an entropy value, or undefined for plain text (below 4.941). */
export function entropyLabel(h: number): string | undefined {
  if (h >= 7.312) return 'Encrypted or Random';
  if (h >= 7.174) return 'Encrypted Executable';
  if (h >= 6.677) return 'Compressed Executable';
  if (h >= 4.941) return 'Executable';
  return undefined;
}

/** The Internet checksum over the bytes is right (sums to 0xffff). */
function checksumOk(b: Uint8Array, off: number, len: number): boolean {
  let sum = 0;
  const e = off + len;
  let i = off;
  for (; i + 1 < e; i += 2) sum += (b[i] << 8) | b[i + 1];
  if (i < e) sum += b[i] << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

/**
 * The first packet of an ICMP (1) or ICMPv6 (58) flow: `off`/`len` are the bytes after the
 * 8-byte header (the decoder's payload), `type`/`code` the header's, `wholeLen` the
 * message's length (the decoder drops messages shorter than 4 bytes as truncated).
 */
export function icmpFirstPacket(flow: Flow, type: number, code: number, b: Uint8Array, off: number, len: number, wholeLen: number): void {
  if (flow.proto === 1) {
    if (wholeLen < 8) {
      setRisk(flow, RISK.MALFORMED_PACKET, `ICMP header too short (${wholeLen} bytes)`);
      return;
    }
    if ((type >= 44 && type <= 252) || code > 15) setRisk(flow, RISK.MALFORMED_PACKET, `Invalid type (${type})/code(${code})`);
    if (len > 0) {
      const h = entropy(b, off, len);
      const label = entropyLabel(h);
      if (label !== undefined) setRisk(flow, RISK.SUSPICIOUS_ENTROPY, `Entropy: ${h.toFixed(3)} (${label}?)`);
      if (off >= 8 && !checksumOk(b, off - 8, len + 8)) setRisk(flow, RISK.MALFORMED_PACKET, 'Invalid ICMP checksum');
    }
  } else if (flow.proto === 58) {
    if (wholeLen < 8) setRisk(flow, RISK.MALFORMED_PACKET, `ICMPv6 header too short (${wholeLen} bytes)`);
    else if ((type >= 5 && type <= 127) || (code >= 156 && type !== 255)) setRisk(flow, RISK.MALFORMED_PACKET, `Invalid type (${type})/code(${code})`);
  }
}
