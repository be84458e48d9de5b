/**
 * DCE/RPC, following nDPI's dcerpc.c:
 * - connection-oriented (TCP): a segment that is one whole PDU (at least 64 bytes, version 5,
 *   type < 16, little-endian fragment length = segment length); or, nDPI's reassembly of a
 *   fragment split over segments: the direction's stream starts with a PDU header — version 5,
 *   packet type < 16, flags' high nibble 0, a fragment length (byte order from the data
 *   representation) of at least 16 — and once the whole first fragment is there, it is at
 *   least 64 bytes long and its little-endian length field matches (nDPI reassembles
 *   fragments split over segments the same way). A first segment shorter than the 10
 *   bytes that hold the fragment length is not waited on: SOCKS5 greetings (05 01 00)
 *   start the same way, and nDPI's SOCKS dissector claims those before reassembly ends;
 * - connectionless (UDP): an 80-byte-plus datagram with RPC version 4, type ≤ 10, reserved
 *   flag bits clear, a valid data representation, and a fragment length (offset 74) equal
 *   to the datagram minus the 80-byte header. Its object UUID DEA00000-6C97-11D1-… (read
 *   in the datagram's byte order) makes it DCERPC.PROFINET_IO, as nDPI's profinet_io.c
 *   (which runs on flows already found to be DCE/RPC) decides.
 */
import { u16, u16le, u32, u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('DCERPC');
const PROFINET_IO = protocolId('PROFINET_IO');
const HEADER = 16;
const cursor = new SegmentCursor();

/** nDPI's connection-oriented test on one segment: a whole PDU (≥ 64 bytes, v5, type < 16, little-endian length = segment). */
export function dcerpcSegment(b: Uint8Array, s: number, n: number): boolean {
  return n >= 64 && b[s] === 5 && b[s + 2] < 16 && ((b[s + 9] << 8) | b[s + 8]) === n;
}

/** UDP: a connectionless PDU as nDPI checks it. */
export function dcerpcDatagram(b: Uint8Array, s: number, n: number): boolean {
  if (n < 80 || b[s] !== 4 || b[s + 1] > 10 || (b[s + 3] & 0xfc) !== 0 || (b[s + 4] & 0xee) !== 0 || b[s + 5] > 3) return false;
  const frag = b[s + 4] === 0x10 ? (b[s + 75] << 8) | b[s + 74] : (b[s + 74] << 8) | b[s + 75];
  return n === frag + 80;
}

/** The PROFINET IO object UUID at offset 8 of a connectionless PDU. */
function profinetObject(b: Uint8Array, s: number, n: number): boolean {
  if (n <= 43) return false;
  const little = ((b[s + 4] >> 4) & 0xf) !== 0;
  const timeLow = little ? u32le(b, s + 8) : u32(b, s + 8);
  const timeMid = little ? u16le(b, s + 12) : u16(b, s + 12);
  const timeHi = little ? u16le(b, s + 14) : u16(b, s + 14);
  return timeLow === 0xdea00000 && timeMid === 0x6c97 && timeHi === 0x11d1;
}

/** TCP stream start: 1 DCE/RPC, 0 not, -1 need more bytes. */
export function dcerpcStream(b: Uint8Array, s: number, n: number): number {
  if (n < 1) return -1;
  if (b[s] !== 5) return 0;
  if (n < 10) return -1;
  if (b[s + 2] >= 16 || (b[s + 3] & 0xf0) !== 0) return 0;
  const frag = (b[s + 4] & 0x10) !== 0 ? (b[s + 8] << 8) | b[s + 9] : (b[s + 9] << 8) | b[s + 8];
  if (frag < HEADER) return 0;
  if (frag > n) return -1;
  // nDPI's connection-oriented check on the complete first fragment
  return frag >= 64 && ((b[s + 9] << 8) | b[s + 8]) === frag ? 1 : 0;
}

export const dcerpc: Dissector = {
  name: 'DCERPC',
  transports: [6, 17],
  ports: [135],
  pre: { udp: { minLen: 80, bytes: [4] } }, // a connectionless PDU: version 4
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    if (inp.transport === 17) {
      if (!dcerpcDatagram(b, s, inp.len)) return Verdict.No;
      if (profinetObject(b, s, inp.len)) {
        setProto(inp.flow, ID, PROFINET_IO);
        return Verdict.Yes;
      }
    } else {
      const seg = cursor.next(inp);
      if (!dcerpcSegment(b, seg, inp.off + inp.len - seg)) {
        if (inp.len < 10 && inp.data[s] === 5) return Verdict.No;
        const r = dcerpcStream(b, s, inp.len);
        if (r === 0) return Verdict.No;
        if (r < 0) return cursor.more(inp);
      }
    }
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
