/**
 * NAT-PMP (RFC 6886) over UDP: version 0 and an opcode with its fixed size — address
 * request (2 bytes), mapping requests (12, reserved 0), address response (12) and mapping
 * responses (16) with a result code up to 5. Decided when either port is 5351, or on a later
 * packet that is not an address request; a malformed packet excludes. Follows nDPI's
 * natpmp.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('NAT-PMP');

/** The opcode of a valid NAT-PMP message at b[s..e), else -1. */
export function natpmpType(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 2 || b[s] !== 0) return -1;
  const t = b[s + 1];
  switch (t) {
    case 0x00:
      return n === 2 ? t : -1;
    case 0x01:
    case 0x02:
      return n === 12 && b[s + 2] === 0 && b[s + 3] === 0 ? t : -1;
    case 0x80:
    case 0x81:
    case 0x82:
      if (n !== (t === 0x80 ? 12 : 16)) return -1;
      return u16(b, s + 2) <= 5 ? t : -1;
    default:
      return -1;
  }
}

export const natpmp: Dissector = {
  name: 'NAT-PMP',
  transports: [17],
  ports: [5351],
  pre: { udp: { minLen: 2, bytes: [0] } }, // version 0
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const t = natpmpType(b, s, s + inp.len);
    if (t < 0) return Verdict.No;
    if (!((inp.packetIndex + 1 > 2 && t !== 0) || inp.sport === 5351 || inp.dport === 5351)) return Verdict.More;
    setProto(inp.flow, 0, ID);
    if (t === 0x01 || t === 0x02) {
      setOther(inp.flow, 'natpmp.internal_port', u16(b, s + 4));
      setOther(inp.flow, 'natpmp.external_port', u16(b, s + 6));
    } else if (t === 0x81 || t === 0x82) {
      setOther(inp.flow, 'natpmp.internal_port', u16(b, s + 8));
      setOther(inp.flow, 'natpmp.external_port', u16(b, s + 10));
    }
    return Verdict.Yes;
  },
};
