/**
 * Gnutella, following nDPI's src/lib/protocols/gnutella.c as the capture set's nDPI runs it
 * (it decides on the first payload packet of at least 2 bytes and then gives up):
 * - TCP: the handshake request "GNUTELLA CONNECT/<version>" (its User-Agent line is kept),
 *   or one of four fixed TLS/SSLv2-looking hellos of Gnutella clients (46, 49, 82 and 89
 *   bytes, all offering only cipher 0x0034); packets of 0-1 byte are skipped;
 * - UDP: a Gnutella message (16-byte GUID, type, TTL, hops, little-endian payload length
 *   at 19 that equals the datagram length - 23) carrying gtk-gnutella's vendor code "GTKG"
 *   at 24 (Mojito DHT / gtk-gnutella); a Gnutella2 packet: "GND" and flags byte 0x10.
 * The newest gnutella.c also takes a message ending with a GGEP block (0x82514b40); the
 * nDPI of the capture set does not (gnutella.pcap's such datagrams stay Unknown), so
 * neither do we.
 */
import { startsWith, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto, text } from './dissect-kit.js';

const ID = protocolId('Gnutella');
const CONNECT = 'GNUTELLA CONNECT/';
/** gtk-gnutella's vendor code "GTKG". */
const GTKG = 0x47544b47;
const HELLO_89 = [0x16, 0x03, 0x01, 0x00, 0x54, 0x01, 0x00, 0x00, 0x50, 0x03, 0x01, 0x4d, 0x6c];
const HELLO_89_TAIL = [0x00, 0x02, 0x00, 0x34, 0x01, 0x00, 0x00, 0x05];
const HELLO_49 = [0x80, 0x2f, 0x01, 0x03, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x34, 0x00, 0x00, 0xff, 0x4d, 0x6c];

function match(b: Uint8Array, at: number, bytes: readonly number[]): boolean {
  for (let i = 0; i < bytes.length; i++) if (b[at + i] !== bytes[i]) return false;
  return true;
}

/** One of the fixed hellos as the whole packet b[p..e). */
function fixedHello(b: Uint8Array, p: number, e: number): boolean {
  switch (e - p) {
    case 46:
      return u32(b, p) === 0x802c0103 && u32(b, p + 4) === 0x01000300 && u32(b, p + 8) === 0x00002000 &&
        b[p + 12] === 0x00 && b[p + 13] === 0x34;
    case 49:
      return match(b, p, HELLO_49);
    case 82:
      return u32(b, p) === 0x16030100 && u32(b, p + 4) === 0x4d010000 && b[p + 8] === 0x49 && b[p + 9] === 0x03 &&
        b[p + 76] === 0x00 && b[p + 77] === 0x02 && u32(b, p + 78) === 0x00340100;
    case 89:
      return match(b, p, HELLO_89) && b[p + 43] === 0x20 && b[p + 44] === 0x4d && b[p + 45] === 0x6c &&
        match(b, p + 76, HELLO_89_TAIL);
    default:
      return false;
  }
}

/** The packet at b[p..e) is a Gnutella TCP opening (handshake or fixed hello). */
function tcpOpening(inp: DissectInput, b: Uint8Array, p: number, e: number): boolean {
  if (e - p > CONNECT.length && startsWith(b, p, e, CONNECT)) {
    setProto(inp.flow, 0, ID);
    const ua = userAgent(b, p, e);
    if (ua !== '') (inp.flow.meta.http ??= {}).userAgent = ua;
    return true;
  }
  if (fixedHello(b, p, e)) {
    setProto(inp.flow, 0, ID);
    return true;
  }
  return false;
}

/** The User-Agent header value of an HTTP-like header block in b[s..e), or ''. */
function userAgent(b: Uint8Array, s: number, e: number): string {
  const key = '\nuser-agent:';
  outer: for (let i = s; i + key.length <= e; i++) {
    if (b[i] !== 10) continue;
    for (let k = 1; k < key.length; k++) if ((b[i + k] | 0x20) !== key.charCodeAt(k)) continue outer;
    let v = i + key.length;
    while (v < e && b[v] === 0x20) v++;
    let w = v;
    while (w < e && b[w] !== 13 && b[w] !== 10) w++;
    return text(b, v, w);
  }
  return '';
}

/** A Gnutella message inside one datagram b[s..e) as gtk-gnutella sends it over UDP. */
function gtkgMessage(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 23) return false;
  // payload length, little-endian, after GUID(16) + type + TTL + hops
  const plen = (b[s + 19] | (b[s + 20] << 8) | (b[s + 21] << 16) | (b[s + 22] << 24)) >>> 0;
  if (plen !== n - 23) return false;
  return n > 27 && u32(b, s + 24) === GTKG;
}

export const gnutella: Dissector = {
  name: 'Gnutella',
  transports: [6, 17],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    // packets of 0-1 byte are skipped (on TCP the stream then holds that byte before the next packet)
    if (e - s < 2) return Verdict.More;
    if (inp.transport === 6) {
      // the deciding packet starts the stream or follows one lone byte
      return tcpOpening(inp, b, s, e) || tcpOpening(inp, b, s + 1, e) ? Verdict.Yes : Verdict.No;
    }
    if (gtkgMessage(b, s, e) ||
        (e - s >= 4 && b[s] === 0x47 && b[s + 1] === 0x4e && b[s + 2] === 0x44 && b[s + 3] === 0x10)) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.No;
  },
};
