import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { indexOfByte, startsWith } from '../bytes.js';
import { setProto, text } from './dissect-kit.js';

/**
 * MGCP (RFC 3435) over UDP, following nDPI's mgcp.c: a datagram of 8+ bytes ending in \n
 * that is a command line "VERB transaction-id endpoint MGCP …" with VERB one of AUEP, AUCX,
 * CRCX, DLCX, EPCF, MDCX, NTFY, RQNT, RSIP. The endpoint's domain (after '@', or the whole
 * endpoint) becomes flow.host. The first datagram decides.
 */
const MGCP = protocolId('MGCP');
const VERBS = ['AUEP ', 'AUCX ', 'CRCX ', 'DLCX ', 'EPCF ', 'MDCX ', 'NTFY ', 'RQNT ', 'RSIP '];

export const mgcp: Dissector = {
  name: 'MGCP',
  transports: [17],
  ports: [2427, 2727],
  pre: { udp: { minLen: 8, bytes: [0x41, 0x43, 0x44, 0x45, 0x4d, 0x4e, 0x52] } }, // the verbs' first letters
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const e = o + inp.len;
    if (inp.len < 8 || b[e - 1] !== 0x0a) return Verdict.No;
    let verb = false;
    for (const v of VERBS) if (startsWith(b, o, e, v)) verb = true;
    if (!verb) return Verdict.No;
    const sp1 = indexOfByte(b, o + 5, e, 0x20);
    if (sp1 < 0) return Verdict.No;
    const endpoint = sp1 + 1;
    const sp2 = indexOfByte(b, endpoint, e, 0x20);
    if (sp2 < 0) return Verdict.No;
    const m = sp2 + 1;
    // nDPI compares at most the bytes that are left
    const want = 'MGCP ';
    for (let k = 0; k < want.length && m + k < e; k++) if (b[m + k] !== want.charCodeAt(k)) return Verdict.No;
    setProto(inp.flow, 0, MGCP);
    if (inp.flow.host === '') {
      const at = indexOfByte(b, endpoint, sp2, 0x40);
      inp.flow.host = text(b, at >= 0 ? at + 1 : endpoint, sp2).toLowerCase();
    }
    return Verdict.Yes;
  },
};
