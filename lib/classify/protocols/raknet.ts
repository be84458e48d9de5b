/**
 * RakNet over UDP, as nDPI's raknet.c (offline messages after https://wiki.vg/Raknet_Protocol):
 * each datagram's id byte must be a RakNet message of the right size and shape (pings and
 * pongs, open-connection requests/replies with protocol version <= 10 and MTU <= 1500,
 * connection request/accept with their address lists, frame sets 0x80-0x8D whose frames add
 * up to the datagram, ACK/NACK record lists); frame sets and ACK/NACK decide at once, the
 * others after 3 to 8 datagrams. A first datagram of 1200 bytes or more carrying the
 * offline-message magic (00 FF FF 00 FE FE FE FE FD FD FD FD 12 34 56 78) at offset 1, 9,
 * 17 or 32 marks the custom (Roblox) variant, which is RakNet whenever the plain checks
 * would rule it out. A frame set that also parses as an RTP packet is left undecided before
 * the flow's third payload packet, when RTP (which needs three packets) has had its say:
 * nDPI gives RTP precedence there since its RakNet/RTP overlap fix (ntop/nDPI PR 2427).
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { rtpKind } from './rtp.js';

const ID = protocolId('RakNet');
const MAGIC = [0x00, 0xff, 0xff, 0x00, 0xfe, 0xfe, 0xfe, 0xfe, 0xfd, 0xfd, 0xfd, 0xfd, 0x12, 0x34, 0x56, 0x78];
const MAGIC_AT = [1, 9, 17, 32];
const MAX_MTU = 1500;
/** rtpKind's answer for an RTP packet. */
const RTP_PACKET = 1;
/** A frame set that also parses as RTP is judged from the flow's third packet on (RTP's own count). */
const RTP_WAIT = 3;
/** custom: the first datagram had the offline magic in a full-MTU datagram. */
const states = new FlowState(() => ({ custom: false }));

function customVersion(b: Uint8Array, o: number, n: number): boolean {
  if (n < 1200) return false;
  outer: for (const at of MAGIC_AT) {
    for (let i = 0; i < MAGIC.length; i++) if (b[o + at + i] !== MAGIC[i]) continue outer;
    return true;
  }
  return false;
}

/** Length of an address at b[o+at] by its version byte (4 or 16), 0 when none. */
function ipLen(b: Uint8Array, o: number, n: number, at: number): number {
  if (at + 1 >= n) return 0;
  const v = b[o + at];
  return v === 0x04 ? 4 : v === 0x06 ? 16 : 0;
}

function found(inp: DissectInput): Verdict {
  setProto(inp.flow, 0, ID);
  return Verdict.Yes;
}

/** nDPI's exclude_proto: the custom variant is RakNet, anything else is not. */
function reject(inp: DissectInput): Verdict {
  return states.peek(inp.flow)?.custom === true ? found(inp) : Verdict.No;
}

/** Frame set: walks the frames; true when they end exactly at the datagram's end. */
function frameSet(b: Uint8Array, o: number, n: number): boolean {
  let off = 4;
  do {
    const flags = b[o + off];
    if ((flags & 0x0f) !== 0) return false;
    const size = u16(b, o + off + 1) >>> 3;
    if (size === 0) break;
    const rel = (flags & 0xe0) >> 5;
    if (rel >= 2 && rel <= 4) off += 3; // reliable
    if (rel === 1 || rel === 4) off += 3; // sequenced
    if (rel === 3 || rel === 7) off += 4; // ordered
    if ((flags & 0x10) !== 0) off += 10; // fragmented
    off += size + 3;
  } while (off + 3 <= n);
  return off === n;
}

/** ACK/NACK: a record count, then that many range (7 bytes) or single (4 bytes) records. */
function ackRecords(b: Uint8Array, o: number, n: number): boolean {
  const count = u16(b, o + 1);
  let idx = 0;
  let off = 3;
  do {
    const kind = b[o + off];
    if (kind === 0x00) off += 7;
    else if (kind === 0x01) off += 4;
    else return false;
  } while (++idx < count && off + 4 <= n);
  return idx === count && off === n;
}

export const raknet: Dissector = {
  name: 'RakNet',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (inp.packetIndex === 0 && customVersion(b, o, n)) states.get(inp.flow).custom = true;
    if (n < 7) return reject(inp);
    let required = 3;
    switch (b[o]) {
      case 0x00: // connected ping
        if (n !== 8) return reject(inp);
        required = 6;
        break;
      case 0x01: // unconnected ping
      case 0x02:
        if (n !== 32) return reject(inp);
        required = 6;
        break;
      case 0x03: // connected pong
        if (n !== 16) return reject(inp);
        required = 6;
        break;
      case 0x05: // open connection request 1
        if (n < 18 || b[o + 17] > 10) return reject(inp);
        required = 6;
        break;
      case 0x06: // open connection reply 1
        if (n !== 28 || b[o + 25] > 1 || u16(b, o + 26) > MAX_MTU) return reject(inp);
        required = 4;
        break;
      case 0x07: {
        // open connection request 2
        const ip = ipLen(b, o, n, 17);
        if (ip === 0 || !((ip === 16 && n === 46) || (ip === 4 && n === 34)) || u16(b, o + 20 + ip) > MAX_MTU) return reject(inp);
        break;
      }
      case 0x08: {
        // open connection reply 2
        const ip = ipLen(b, o, n, 25);
        if (ip === 0 || !((ip === 16 && n === 47) || (ip === 4 && n === 35)) || u16(b, o + 28 + ip) > MAX_MTU) return reject(inp);
        break;
      }
      case 0x10: // connection request accepted
      case 0x13: {
        // new incoming connection: address, [system index], 10 internal addresses, 2 times
        let off = 4 + ipLen(b, o, n, 0);
        if (b[o] === 0x10) off += 2;
        for (let i = 0; i < 10; i++) off += 3 + ipLen(b, o, n, off);
        off += 16;
        if (off !== n) return reject(inp);
        break;
      }
      case 0x09: // connection request
        if (n !== 16) return reject(inp);
        required = 6;
        break;
      case 0x15: // disconnect
        required = 8;
        break;
      case 0x19: // incompatible protocol
        if (n !== 25 || b[o + 17] > 10) return reject(inp);
        break;
      case 0x1c: {
        // unconnected pong: MOTD length at 33
        if (n < 35) return reject(inp);
        const motd = u16(b, o + 33);
        if (motd === 0 || motd + 35 !== n) return reject(inp);
        break;
      }
      case 0xa0: // NACK
      case 0xc0: // ACK
        return ackRecords(b, o, n) ? found(inp) : reject(inp);
      case 0xfe: // game packet
        required = 8;
        break;
      default:
        if (b[o] >= 0x80 && b[o] <= 0x8d) {
          if (rtpKind(b, o, n) === RTP_PACKET && inp.packetIndex + 1 < RTP_WAIT) return Verdict.More;
          return frameSet(b, o, n) ? found(inp) : reject(inp);
        }
        return reject(inp);
    }
    return inp.packetIndex + 1 < required ? Verdict.More : found(inp);
  },
};
