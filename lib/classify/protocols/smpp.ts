/**
 * SMPP (Short Message Peer-to-Peer, SMS gateways), following nDPI's smpp.c: a TCP segment
 * holding one or more whole PDUs (each a 32-bit length, a command id, a status, a sequence
 * number) whose first command id is a known request (0x01..0x09, 0x0B, 0x15, 0x21, 0x102,
 * 0x103) or its response (high bit set), with the per-command body length and zero-status
 * rules nDPI applies. Segments whose lengths do not add up are skipped (3 tries).
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('SMPP');
const cursor = new SegmentCursor();

/** nDPI's extra checks per command id: [minimum PDU length, maximum, status must be 0]. */
function commandOk(cmd: number, pduLen: number, status: number): boolean {
  const zero = status === 0;
  switch (cmd) {
    case 0x80000000: // generic_nack
    case 0x80000006: // unbind_resp
    case 0x80000008: // cancel_sm_resp
    case 0x80000007: // replace_sm_resp
    case 0x80000015: // enquire_link_resp
      return pduLen <= 16;
    case 0x00000001: // bind_receiver
    case 0x00000002: // bind_transmitter
    case 0x00000009: // bind_transceiver
      return zero && pduLen >= 26;
    case 0x80000001:
    case 0x80000002:
    case 0x80000009:
    case 0x80000103: // data_sm_resp
      return pduLen >= 18;
    case 0x0000000b: // outbind
    case 0x00000003: // query_sm
      return zero && pduLen >= 20;
    case 0x00000006: // unbind
    case 0x00000015: // enquire_link
      return zero && pduLen <= 16;
    case 0x00000004: // submit_sm
    case 0x00000021: // submit_multi
    case 0x00000005: // deliver_sm
      return zero && pduLen >= 33;
    case 0x80000004: // submit_sm_resp
      return zero ? pduLen >= 18 : pduLen <= 16;
    case 0x80000021: // submit_multi_resp
      return pduLen >= 26;
    case 0x80000005: // deliver_sm_resp
      return pduLen >= 17;
    case 0x00000103: // data_sm
      return zero && pduLen >= 26;
    case 0x80000003: // query_sm_resp
      return pduLen >= 21;
    case 0x00000008: // cancel_sm
      return zero && pduLen >= 24;
    case 0x00000007: // replace_sm
      return zero && pduLen >= 25;
    case 0x00000102: // alert_notification
      return zero && pduLen >= 22;
    default:
      return true;
  }
}

/** 1 SMPP, 0 not SMPP, -1 this segment's PDU lengths do not add up (try the next one). */
export function smppSegment(b: Uint8Array, s: number, n: number): number {
  if (n < 16) return 0;
  const pduLen = u32(b, s);
  if (pduLen !== n) {
    let total = pduLen;
    while (total < n - 4) {
      const next = u32(b, s + total);
      if (next === 0 || total + next > 0x7fffffff) return -1;
      total += next;
    }
    if (total !== n) return -1;
  }
  if (b[s + 4] !== 0x00 && b[s + 4] !== 0x80) return 0;
  const cmd = u32(b, s + 4);
  const req = cmd & 0x00ffffff;
  const known =
    (req > 0 && req <= 9) || req === 0x0b || req === 0x15 || req === 0x21 || req === 0x102 || req === 0x103;
  if (!known) return 0;
  return commandOk(cmd, pduLen, u32(b, s + 8)) ? 1 : 0;
}

export const smpp: Dissector = {
  name: 'SMPP',
  transports: [6],
  ports: [2775],
  dissect(inp: DissectInput): Verdict {
    const s = cursor.next(inp);
    const n = inp.off + inp.len - s;
    if (n < 16) return Verdict.No;
    if (inp.packetIndex + 1 > 3) return Verdict.No;
    const r = smppSegment(inp.data, s, n);
    if (r === 0) return Verdict.No;
    if (r < 0) return cursor.more(inp);
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
