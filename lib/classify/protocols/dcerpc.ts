/**
 * DCE/RPC. Connection-oriented (TCP): a packet holding one whole PDU (at least 64 bytes,
 * version 5, packet type below 16, its little-endian fragment length equal to the
 * packet's), or, reassembled across segments, the first PDU of a direction's stream — a
 * header with version 5, packet type below 16, flags in the low nibble of byte 3, the data
 * representation's byte order (byte 4, bit 0x10 little-endian) and a fragment length —
 * checked like a whole PDU once complete. Connectionless (UDP): a version-4 datagram of at least 80
 * bytes with a packet type up to CANCEL ACK (10), clear reserved flag bits, a valid byte
 * order and float type, and a fragment length (bytes 74-75) that accounts for the whole
 * datagram. A connectionless PDU whose object UUID is PROFINET IO's (DEA00000-6C97-11D1…,
 * in the datagram's byte order) is DCERPC.PROFINET_IO.
 * Follows nDPI's dcerpc.c and profinet_io.c.
 */
import { u16, u16le, u32, u32le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { PacketView } from './packet-view.js';

const ID = protocolId('DCERPC');
const PROFINET_IO = protocolId('PROFINET_IO');
const view = new PacketView();

/** One whole connection-oriented PDU in the packet b[s..e) (nDPI's direct test). */
export function isCoPdu(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 64 && b[s] === 5 && b[s + 2] < 16 && u16le(b, s + 8) === e - s;
}

/** Connectionless PDU check on one datagram. */
export function isConnectionlessDcerpc(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < 80 || b[s] !== 4 || b[s + 1] > 10 || (b[s + 3] & 0xfc) !== 0 || (b[s + 4] & 0xee) !== 0 || b[s + 5] > 3) return false;
  const frag = b[s + 4] === 0x10 ? u16le(b, s + 74) : u16(b, s + 74);
  return n === frag + 80;
}

/** PROFINET IO's object UUID at bytes 8-15 (time_low, time_mid, time_hi in the drep order). */
export function isProfinetIo(b: Uint8Array, s: number, e: number): boolean {
  if (e - s <= 43) return false;
  const little = (b[s + 4] >> 4) !== 0;
  const low = little ? u32le(b, s + 8) : u32(b, s + 8);
  const mid = little ? u16le(b, s + 12) : u16(b, s + 12);
  const hi = little ? u16le(b, s + 14) : u16(b, s + 14);
  return low === 0xdea00000 && mid === 0x6c97 && hi === 0x11d1;
}

/**
 * The first connection-oriented PDU of a stream at b[s..e): 1 valid, 0 not DCE/RPC,
 * -1 incomplete.
 */
export function coFirstPdu(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n === 0) return -1;
  if (b[s] !== 5) return 0;
  if (n < 10) return -1;
  if (b[s + 2] >= 16 || (b[s + 3] & 0xf0) !== 0) return 0;
  const frag = (b[s + 4] & 0x10) !== 0 ? u16le(b, s + 8) : u16(b, s + 8);
  if (frag < 16) return 0;
  if (n < frag) return -1;
  return frag >= 64 && u16le(b, s + 8) === frag ? 1 : 0;
}

export const dcerpc: Dissector = {
  name: 'DCERPC',
  transports: [6, 17],
  ports: [135],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (inp.transport === 17) {
      if (!isConnectionlessDcerpc(b, s, e)) return inp.len > 1 ? Verdict.No : Verdict.More;
      if (isProfinetIo(b, s, e)) setProto(inp.flow, ID, PROFINET_IO);
      else setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    // a whole PDU in this packet, else the first PDU of the direction's stream
    const r = isCoPdu(b, view.start(inp), e) ? 1 : coFirstPdu(b, s, e);
    if (r === 0) return inp.len > 1 ? Verdict.No : Verdict.More;
    if (r < 0) {
      view.done(inp);
      return Verdict.More;
    }
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
