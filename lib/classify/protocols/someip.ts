/**
 * SOME/IP (AUTOSAR): a 16-byte header — message id (service, method), length (of the rest,
 * from the request id on), request id, protocol version 1, interface version, message type
 * (request, notification, response, error, their ACK forms, with the 0x20 TP flag) and a
 * return code below 0x40. Decides on the magic-cookie messages, on Service Discovery
 * (message id 0xFFFF8100 with a well-formed entries array), or on a valid header on the
 * SOME/IP ports (30490 SD, 30491, 30501) as nDPI does.
 * Metadata: someip.service (service id, hex), someip.sd (true for Service Discovery).
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('SOMEIP');
const MAGIC_COOKIE = 0xffff0000;
const MAGIC_COOKIE_ACK = 0xffff8000;
const SD = 0xffff8100;
const PORTS = [30490, 30491, 30501];

function validType(t: number): boolean {
  t &= ~0x20;
  return t === 0x00 || t === 0x01 || t === 0x02 || t === 0x40 || t === 0x41 || t === 0x42 ||
    t === 0x80 || t === 0x81 || t === 0xc0 || t === 0xc1;
}

/** 2: decided (cookie/SD), 1: valid header only, 0: not SOME/IP, -1: need more bytes. */
export function someipMessage(b: Uint8Array, s: number, e: number, tcp: boolean): number {
  const n = e - s;
  if (n < 16) return tcp ? -1 : 0;
  const msgId = u32(b, s);
  const len = u32(b, s + 4);
  if (len < 8 || len > 0x100000) return 0;
  if (!tcp && len + 8 > n) return 0; // a datagram holds whole messages
  if (b[s + 12] !== 1 || !validType(b[s + 14]) || b[s + 15] >= 0x40) return 0;
  if (msgId === MAGIC_COOKIE || msgId === MAGIC_COOKIE_ACK)
    return len === 8 && u32(b, s + 8) === 0xdeadbeef && b[s + 13] === 1 && b[s + 14] === 0x01 && b[s + 15] === 0 ? 2 : 0;
  if (msgId === SD) {
    // SD: flags, 3 reserved, entries array (16-byte entries), options array
    if (n < 28) return tcp ? -1 : 0;
    if (b[s + 13] !== 1 || b[s + 14] !== 0x02 || b[s + 15] !== 0) return 0;
    const entries = u32(b, s + 20);
    if (entries % 16 !== 0 || 24 + entries + 4 > len + 8) return 0;
    return 2;
  }
  return 1;
}

export const someip: Dissector = {
  name: 'SOMEIP',
  transports: [6, 17],
  ports: PORTS,
  // a 16-byte header with protocol version 1 at 12 (TCP waits for it)
  pre: { tcp: { at: 12, bytes: [1], bytesFrom: 16 }, udp: { minLen: 16, at: 12, bytes: [1] } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const tcp = inp.transport === 6;
    const r = someipMessage(b, s, e, tcp);
    if (r === 0) return Verdict.No;
    if (r < 0) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    if (r === 1 && !PORTS.includes(inp.dport) && !PORTS.includes(inp.sport)) return Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, ID);
    const msgId = u32(b, s);
    if (msgId === SD) setOther(flow, 'someip.sd', true);
    else if (msgId !== MAGIC_COOKIE && msgId !== MAGIC_COOKIE_ACK) setOther(flow, 'someip.service', u16(b, s).toString(16).padStart(4, '0'));
    return Verdict.Yes;
  },
};
