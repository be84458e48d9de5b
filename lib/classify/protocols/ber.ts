/**
 * A bounded BER (ASN.1) TLV header reader for the Kerberos and LDAP dissectors.
 * One reused result object; never throws, never loops: every step advances or fails.
 */

/** The last TLV header read by berHeader(). */
export const tlv = {
  /** Identifier octet (single-octet tags only; multi-octet tags are refused). */
  tag: 0,
  /** Offset of the value's first byte. */
  valueOff: 0,
  /** Length of the value (definite form only). */
  len: 0,
};

/**
 * Reads the TLV header at b[i..end) into `tlv` and returns its tag, or -1 when the header
 * is malformed, uses a multi-octet tag or the indefinite length, or does not fit in
 * b[i..end). The value itself may extend beyond `end` (a truncated capture): callers
 * compare tlv.valueOff + tlv.len.
 */
export function berHeader(b: Uint8Array, i: number, end: number): number {
  if (i + 2 > end) return -1;
  const tag = b[i];
  if ((tag & 0x1f) === 0x1f) return -1;
  let l = b[i + 1];
  let p = i + 2;
  if (l & 0x80) {
    const n = l & 0x7f;
    if (n === 0 || n > 4 || p + n > end) return -1;
    l = 0;
    for (let k = 0; k < n; k++) l = l * 256 + b[p + k];
    p += n;
  }
  tlv.tag = tag;
  tlv.valueOff = p;
  tlv.len = l;
  return tag;
}

/**
 * Reads a small non-negative INTEGER TLV (tag 0x02, 1–4 value bytes) at b[i..end);
 * -1 when it is not one.
 */
export function berSmallInt(b: Uint8Array, i: number, end: number): number {
  if (berHeader(b, i, end) !== 0x02 || tlv.len < 1 || tlv.len > 4) return -1;
  if (tlv.valueOff + tlv.len > end) return -1;
  let v = 0;
  for (let k = 0; k < tlv.len; k++) v = v * 256 + b[tlv.valueOff + k];
  return v;
}
