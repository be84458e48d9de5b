/**
 * IPsec key exchange (IKEv1, RFC 2408/2409; IKEv2, RFC 7296) on UDP 500 and 4500: a 28-byte
 * ISAKMP header — initiator SPI (non-zero), responder SPI, next payload, version 1.0 or 2.0,
 * exchange type, flags, message id and a length equal to the message's. On port 4500 the
 * message follows a 4-byte zero non-ESP marker (RFC 3948). ESP itself (IP protocol 50,
 * also inside GTP) is named by the classifier from the IP protocol number.
 * Metadata: ipsec.ike_version (1 or 2).
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('IPSec');
const NAT_T = 4500;

function validExchange(version: number, x: number): boolean {
  // IKEv1: Base, Identity Protection, Authentication Only, Aggressive, Informational,
  // Quick Mode, New Group; IKEv2: IKE_SA_INIT … INFORMATIONAL, IKE_SESSION_RESUME …
  if (version === 1) return (x >= 1 && x <= 5) || x === 32 || x === 33;
  return x >= 34 && x <= 44;
}

/** IKE version (1, 2) of the message at b[s..e), 0 when it is not one. */
export function ikeMessage(b: Uint8Array, s: number, e: number): number {
  if (e - s < 28) return 0;
  if (u32(b, s) === 0 && u32(b, s + 4) === 0) return 0; // initiator SPI
  const np = b[s + 16];
  const v = b[s + 17];
  const version = v === 0x10 ? 1 : v === 0x20 ? 2 : 0;
  if (version === 0 || np > 54 || !validExchange(version, b[s + 18])) return 0;
  if (u32(b, s + 24) !== e - s) return 0;
  return version;
}

export const ipsec: Dissector = {
  name: 'IPSec',
  transports: [17],
  ports: [500, NAT_T],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    let s = inp.off;
    const e = s + inp.len;
    if (inp.sport === NAT_T || inp.dport === NAT_T) {
      if (e - s === 1 && b[s] === 0xff) return inp.packetIndex < 4 ? Verdict.More : Verdict.No; // NAT keepalive
      if (e - s >= 4 && u32(b, s) === 0) s += 4; // non-ESP marker: IKE follows
    }
    const v = ikeMessage(b, s, e);
    if (v === 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    setOther(inp.flow, 'ipsec.ike_version', v);
    return Verdict.Yes;
  },
};
