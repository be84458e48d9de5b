/**
 * CNP/IP (ISO/IEC 14908-4, LonWorks over IP), TCP or UDP: packets of more than 20 bytes
 * whose first 16 bits are the packet length, with packet type 1 (data) in byte 3, a
 * message type below 3 in byte 5 and a session id at bytes 8-11. Two such packets with the
 * same session id make the verdict; a packet of another shape excludes. Follows nDPI's
 * cnp-ip.c.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';
import { PacketView } from './packet-view.js';

const ID = protocolId('CNP-IP');
const view = new PacketView();
/** Bytes whose low 5 bits are 1 (message type 1). */
const TYPE_1 = Array.from({ length: 8 }, (_, k) => (k << 5) | 1);
/** The session id of the first matching packet. */
const session = new FlowState<{ id: number }>(() => ({ id: 0 }));

export function isCnpIp(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  return n > 20 && u16(b, s) === n && (b[s + 3] & 0x1f) === 1 && (b[s + 5] & 0x1f) < 3;
}

export const cnpIp: Dissector = {
  name: 'CNP-IP',
  transports: [6, 17],
  // 21+ bytes, message type 1 in the low 5 bits at 3 (TCP: the first segment; later ones are not tested)
  pre: {
    tcp: { firstLook: true, minLen: 21, at: 3, bytes: TYPE_1 },
    udp: { minLen: 21, at: 3, bytes: TYPE_1 },
  },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const e = inp.off + inp.len;
    const p = view.start(inp);
    if (!isCnpIp(b, p, e)) return Verdict.No;
    const id = u32(b, p + 8);
    const st = session.peek(inp.flow);
    if (st === undefined) {
      session.get(inp.flow).id = id;
      view.done(inp);
      return Verdict.More;
    }
    if (st.id !== id) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
