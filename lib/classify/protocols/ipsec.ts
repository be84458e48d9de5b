/**
 * IPsec key exchange (ISAKMP/IKE) over UDP, following nDPI's src/lib/protocols/ipsec.c:
 * the first datagram of at least 28 bytes (32 after the 4-byte zero non-ESP marker, which
 * is skipped on any port) carries major version 1 or 2 at byte 17 and a length field at 24
 * equal to the message length. Then the version's next-payload, exchange-type and flags
 * values are checked; a message that fails them is still IPsec on ports 500/4500 (nDPI
 * flags it malformed) and excludes the flow elsewhere. ESP itself (IP protocol 50, also
 * inside GTP) is named by the classifier from the IP protocol number.
 * Metadata: ipsec.ike_version (1 or 2), ipsec.malformed.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('IPSec');

/** IKEv1 field values nDPI takes as well-formed (next payload, exchange type, flags). */
function v1WellFormed(np: number, x: number, flags: number): boolean {
  return !(np >= 14 && np <= 127) && !(x >= 6 && x < 31) && flags < 8;
}

/** IKEv2 field values nDPI takes as well-formed. */
function v2WellFormed(np: number, x: number, flags: number): boolean {
  return !((np > 0 && np <= 32) || (np >= 49 && np <= 127)) && !(x <= 33 || (x >= 38 && x <= 239)) &&
    (flags & 0xc7) === 0;
}

/**
 * The ISAKMP message at b[s..e) (after any non-ESP marker): 1 or 2 for a well-formed IKEv1
 * or IKEv2 header, -1 for a version 1/2 header with the right length but odd field values,
 * 0 when it is not one.
 */
export function ikeMessage(b: Uint8Array, s: number, e: number): number {
  if (e - s < 28) return 0;
  const v = b[s + 17];
  const version = v === 0x20 ? 2 : v === 0x10 ? 1 : 0;
  if (version === 0 || u32(b, s + 24) !== e - s) return 0;
  const np = b[s + 16];
  const x = b[s + 18];
  const flags = b[s + 19];
  const ok = version === 1 ? v1WellFormed(np, x, flags) : v2WellFormed(np, x, flags);
  return ok ? version : -1;
}

export const ipsec: Dissector = {
  name: 'IPSec',
  transports: [17],
  ports: [500, 4500],
  pre: { udp: { minLen: 28 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    let s = inp.off;
    const e = s + inp.len;
    if (e - s < 28) return Verdict.No;
    if (u32(b, s) === 0) {
      s += 4; // non-ESP marker
      if (e - s < 28) return Verdict.No;
    }
    const v = ikeMessage(b, s, e);
    if (v === 0) return Verdict.No;
    if (v < 0) {
      const onIkePort = inp.sport === 500 || inp.dport === 500 || inp.sport === 4500 || inp.dport === 4500;
      if (!onIkePort) return Verdict.No;
      setProto(inp.flow, 0, ID);
      setOther(inp.flow, 'ipsec.malformed', true);
      return Verdict.Yes;
    }
    setProto(inp.flow, 0, ID);
    setOther(inp.flow, 'ipsec.ike_version', v);
    return Verdict.Yes;
  },
};
