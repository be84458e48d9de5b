import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u16, u32 } from '../bytes.js';
import { setOther, setProto } from './dissect-kit.js';

/**
 * NetBIOS over TCP/IP (RFC 1001/1002), as nDPI recognises it:
 * - name service, UDP to 137: one of the header shapes (flags + record counts) of
 *   queries, registrations and responses; the first-level-encoded name becomes flow.host;
 * - datagram service, UDP to 138: message type 0x10–0x16, datagram length matching, and
 *   the source IP field equal to the sender's address; a datagram length beyond 82 bytes
 *   (header and names) makes it NetBIOS.SMBv1, as nDPI's netbios.c decides;
 * - session service, TCP to 139: a 72-byte session request (0x81, length 68).
 */
const NETBIOS = protocolId('NetBIOS');
const SMBV1 = protocolId('SMBv1');

/**
 * Decodes a first-level-encoded NetBIOS name at b[at] (length byte, then pairs 'A'..'P');
 * non-printable bytes are dropped, trailing spaces trimmed (as tcpdump and nDPI print
 * them). Returns '' when malformed.
 */
export function netbiosName(b: Uint8Array, at: number, end: number): string {
  if (at >= end) return '';
  const n = b[at] >> 1;
  if (n < 1 || n > 63 || at + 1 + 2 * n > end) return '';
  let s = '';
  for (let k = 0; k < n; k++) {
    const hi = b[at + 1 + 2 * k] - 65;
    const lo = b[at + 2 + 2 * k] - 65;
    if (hi < 0 || hi > 15 || lo < 0 || lo > 15) break;
    const c = (hi << 4) | lo;
    if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
  }
  return s.trimEnd();
}

function nameService(b: Uint8Array, o: number, len: number): boolean {
  if (len < 50) return false;
  const flags = u16(b, o + 2);
  const q = u16(b, o + 4);
  const an = u16(b, o + 6);
  const ns = u16(b, o + 8);
  const ar = u16(b, o + 10);
  if (q === 1 && an === 0 && ns === 0) {
    if (ar === 0 && (flags === 0 || flags === 0x0110)) return true;
    if ((flags & 0x8710) === 0x10) return true; // broadcast query or registration
    if (ar === 1 && (b[o + 2] === 0x80 || flags === 0x4000 || flags === 0x2910)) return true;
  }
  if (q === 0 && an === 1 && ns === 0 && ar === 0) {
    if (flags === 0x8400 || flags === 0x8500 || flags === 0xad86) return true;
  }
  // generic shapes: a query with one question, or a response with one answer / redirect
  const nl = b[o + 12];
  const t = o + 12 + 1 + nl;
  if (t + 5 > o + len || b[t] !== 0) return false;
  const type = u16(b, t + 1);
  const cls = u16(b, t + 3);
  if (cls !== 1) return false;
  if ((flags & 0xf800) === 0) {
    return q === 1 && an === 0 && ns === 0 && ar === 0 && len === 12 + 1 + nl + 1 + 4 && type === 0x20;
  }
  if ((flags & 0xf800) === 0x8000 && q === 0) {
    if (an === 1 && ns === 0 && ar === 0) return type === 0x20;
    if (an === 0 && ns === 0 && ar === 0) return type === 0x0a;
    if (an === 0 && ns === 1 && ar === 1) return type === 0x02;
  }
  return false;
}

function senderV4(inp: DissectInput): number {
  const f = inp.flow;
  if (f.ipVersion !== 4) return -1;
  return (inp.dir === 0 ? f.cli[0] : f.srv[0]) >>> 0;
}

export const netbios: Dissector = {
  name: 'NetBIOS',
  transports: [17, 6],
  ports: [137, 138, 139],
  // UDP: datagrams to 137 or 138 only; TCP: port 139 and the session request's 0x81
  pre: { tcp: { ports: [139], bytes: [0x81] }, udp: { ports: [137, 138] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const len = inp.len;
    const end = o + len;
    const flow = inp.flow;
    if (inp.transport === 17) {
      if (inp.dport === 137 && nameService(b, o, len)) {
        setProto(flow, 0, NETBIOS);
        const name = netbiosName(b, o + 12, end);
        if (name !== '') flow.host = name.toLowerCase(); // nDPI prints host names lower-cased
        return Verdict.Yes;
      }
      if (inp.dport === 138 && len >= 14 && u16(b, o + 10) === len - 14) {
        const type = b[o];
        if (type < 0x10 || type > 0x16) return Verdict.No;
        const src = senderV4(inp);
        if (src < 0 || u32(b, o + 4) !== src) return Verdict.No;
        if (type <= 0x12) {
          // direct/broadcast datagrams: the source name comes first
          const name = netbiosName(b, o + 14, end);
          if (name !== '') flow.host = name.toLowerCase(); // nDPI prints host names lower-cased
        }
        // nDPI's rule: user data beyond the 82 bytes of header and names is SMB (browser
        // announcements …), whatever those bytes are
        const smb = u16(b, o + 10) - 82 > 0;
        const master = smb ? NETBIOS : 0;
        const app = smb ? SMBV1 : NETBIOS;
        setProto(flow, master, app);
        return Verdict.Yes;
      }
      return Verdict.No;
    }
    // TCP: the session request opens the stream
    if (inp.dport !== 139 && inp.sport !== 139) return Verdict.No;
    if (b[o] !== 0x81) return Verdict.No;
    if (len < 72) return inp.packetIndex < 2 ? Verdict.More : Verdict.No;
    if (b[o + 1] !== 0 || u16(b, o + 2) !== 68) return Verdict.No;
    setProto(flow, 0, NETBIOS);
    const called = netbiosName(b, o + 4, end);
    if (called !== '') setOther(flow, 'netbios.called_name', called);
    return Verdict.Yes;
  },
};
