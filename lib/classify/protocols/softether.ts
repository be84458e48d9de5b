/**
 * SoftEther VPN over UDP, following nDPI's src/lib/protocols/softether.c:
 * - a 1-byte datagram 0x41 among the first two packets: wait (any other 1-byte datagram,
 *   or a later one, excludes);
 * - a 10..29-byte datagram "IP=<address>,PORT=<port>" (the NAT-traversal reply);
 * - a datagram of 99+ bytes that parses as SoftEther's PACK: a 32-bit tuple count, a name
 *   (data value), then exactly that many (type, type, value, value) tuples filling the
 *   datagram (value types 0 int, 1 data, 2 string, 3 unicode string, 4 int64).
 * Anything else excludes the flow. Metadata: softether.ip, softether.port.
 */
import { indexOfAscii, startsWith, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('Softether');

/** Bytes one value of type t takes at b[p..p+n), as nDPI counts them; 0 when invalid. */
function valueSize(t: number, b: Uint8Array, p: number, n: number): number {
  if (t === 0) return n < 4 ? 0 : 4;
  if (t === 4) return n < 8 ? 0 : 8;
  if (n < 4) return 0;
  let siz = u32(b, p);
  if (siz === 0 || n < siz + 3) return 0;
  if (t === 1) siz--;
  const ret = siz + 4;
  return ret > n ? 0 : ret;
}

/** The datagram b[s..s+n) is a well-formed PACK (nDPI's host/fqdn walk). */
function isPack(b: Uint8Array, s: number, n: number): boolean {
  if (n < 4) return false;
  let count = u32(b, s);
  if (count === 0 || count * 8 > n) return false;
  let p = s + 4;
  let left = n - 4;
  const first = valueSize(1, b, p, left);
  if (first === 0) return false;
  p += first;
  left -= first;
  for (; count > 0; count--) {
    if (left < 8) break;
    const t1 = u32(b, p);
    const t2 = u32(b, p + 4);
    if (t1 > 4 || t2 > 4) break;
    let q = p + 8;
    let l = left - 8;
    const v1 = valueSize(t1, b, q, l);
    q += v1;
    l -= v1;
    const v2 = valueSize(t2, b, q, l);
    const used = 8 + v1 + v2;
    p += used;
    left -= used;
  }
  return left === 0 && count === 0;
}

export const softether: Dissector = {
  name: 'Softether',
  transports: [17],
  pre: { udp: { bytes: [0x00, 0x41, 0x49] } }, // a pack (count < 2^24), a lone 'A', "IP="
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n === 1) return b[s] === 0x41 && inp.packetIndex < 2 ? Verdict.More : Verdict.No;
    if (n > 9 && n < 30 && startsWith(b, s, s + n, 'IP=')) {
      const sep = indexOfAscii(b, s + 3, s + n, ',PORT=');
      if (sep >= 0) {
        setProto(inp.flow, 0, ID);
        setOther(inp.flow, 'softether.ip', text(b, s + 3, sep));
        setOther(inp.flow, 'softether.port', text(b, sep + 6, s + n));
        return Verdict.Yes;
      }
    }
    if (n >= 99 && isPack(b, s, n)) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
