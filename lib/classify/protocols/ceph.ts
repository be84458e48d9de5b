/**
 * Ceph (distributed storage) messenger, following nDPI's ceph.c: the first segment of
 * either side starts with the banner "ceph v" (e.g. "ceph v027", "ceph v2") and has more.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Ceph');

export const ceph: Dissector = {
  name: 'Ceph',
  transports: [6],
  ports: [3300, 6789],
  pre: { tcp: { minLen: 7, bytes: [0x63] } }, // "ceph v"
  dissect(inp: DissectInput): Verdict {
    if (inp.len <= 6 || !startsWith(inp.data, inp.off, inp.off + inp.len, 'ceph v')) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
