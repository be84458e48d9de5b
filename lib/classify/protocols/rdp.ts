/**
 * RDP (MS-RDPBCGR): TPKT (RFC 1006: version 3, reserved 0, 16-bit length) carrying an
 * X.224 Connection Request (0xE0) or Connection Confirm (0xD0) TPDU with zero destination
 * reference and class 0. The request may carry "Cookie: mstshash=<user>\r\n" (or a routing
 * token) and an RDP_NEG_REQ (type 1, length 8, requested protocols).
 * Metadata: rdp.cookie, rdp.requested_protocols, rdp.selected_protocol.
 * As nDPI's rdp.c: when the client's request (longer than 43 bytes) asks for TLS (bit 0 of
 * the requested protocols byte at offset 43), the next 5 segments are watched for a TLS
 * handshake record (ClientHello/ServerHello); one makes the flow TLS.RDP.
 */
import { ascii, startsWith, u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setOther, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('RDP');
const TLS = protocolId('TLS');
const COOKIE = 'Cookie: mstshash=';
/** Segments nDPI looks at for the TLS handshake after the RDP request. */
const TLS_EXTRA = 5;
const cursor = new SegmentCursor();
/** Extra segments seen while waiting for TLS (present only in that state). */
const tlsWait = new FlowState<{ seen: number }>(() => ({ seen: 0 }));

/** A TLS handshake record carrying a ClientHello or ServerHello at b[s..e). */
function tlsHello(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 6 && b[s] === 0x16 && b[s + 1] === 3 && b[s + 2] <= 4 && (b[s + 5] === 1 || b[s + 5] === 2);
}

/** X.224 CR/CC in TPKT at b[s..e): 0xe0 / 0xd0 when it is one, 0 when not, -1 need more. */
export function rdpConnect(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 4) return n >= 1 && b[s] !== 3 ? 0 : -1;
  if (b[s] !== 3 || b[s + 1] !== 0) return 0;
  const L = u16(b, s + 2);
  if (L < 11 || L > 4096) return 0;
  if (n < 11) return -1;
  const li = b[s + 4];
  const code = b[s + 5];
  // LI counts the TPDU header after itself: the whole TPKT payload here
  if (li !== L - 5 || (code !== 0xe0 && code !== 0xd0)) return 0;
  if (u16(b, s + 6) !== 0 || (b[s + 10] & 0xf0) !== 0) return 0; // dst-ref 0, class 0
  // what follows is a cookie/token ('C') or an RDP negotiation structure (types 1-3);
  // plain ISO transport (S7comm, MMS …) puts COTP parameters (0xc0-0xc2) here instead
  if (L > 11) {
    if (n < 12) return -1;
    const v = b[s + 11];
    if (v !== 0x43 && (v < 1 || v > 3)) return 0;
  }
  return code;
}

export const rdp: Dissector = {
  name: 'RDP',
  transports: [6],
  ports: [3389],
  pre: { tcp: { bytes: [3] } }, // TPKT version 3
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const wait = tlsWait.peek(inp.flow);
    if (wait !== undefined) {
      // RDP already; watching for the TLS handshake the client asked for
      const seg = cursor.next(inp);
      if (tlsHello(b, seg, e)) {
        setProto(inp.flow, TLS, ID);
        tlsWait.drop(inp.flow);
        return Verdict.Yes;
      }
      if (++wait.seen >= TLS_EXTRA) {
        tlsWait.drop(inp.flow);
        return Verdict.Yes;
      }
      cursor.record(inp);
      return Verdict.YesMore;
    }
    const code = rdpConnect(b, s, e);
    if (code === 0) return Verdict.No;
    if (code < 0) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, ID);
    const end = Math.min(e, s + u16(b, s + 2));
    let p = s + 11;
    if (code === 0xe0) {
      if (startsWith(b, p, end, COOKIE)) {
        let q = p + COOKIE.length;
        while (q < end && b[q] !== 0x0d && q - p < 200) q++;
        setOther(flow, 'rdp.cookie', ascii(b, p + COOKIE.length, q));
        p = q + 2;
      } else if (startsWith(b, p, end, 'Cookie: ')) {
        while (p < end && b[p] !== 0x0a) p++;
        p++;
      }
      // RDP_NEG_REQ: type 1, flags, length 8 (little-endian), requestedProtocols
      if (p + 8 <= end && b[p] === 1 && b[p + 2] === 8 && b[p + 3] === 0)
        setOther(flow, 'rdp.requested_protocols', b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24));
      // nDPI reads the requested protocols at a fixed offset (43), whatever precedes them
      if (e - s > 43 && (b[s + 43] & 1) === 1) {
        cursor.record(inp); // the request itself is this direction's first segment
        tlsWait.get(flow).seen = 0;
        return Verdict.YesMore;
      }
    } else if (p + 8 <= end && b[p] === 2 && b[p + 2] === 8 && b[p + 3] === 0) {
      // RDP_NEG_RSP: selectedProtocol
      setOther(flow, 'rdp.selected_protocol', b[p + 4] | (b[p + 5] << 8) | (b[p + 6] << 16) | (b[p + 7] << 24));
    }
    return Verdict.Yes;
  },
};
