/**
 * NFS and its ONC-RPC companions, following nDPI's nfs.c: an RPC CALL (message type 0,
 * RPC version 2) to program 100003 (NFS), 100005 (mountd) or 100000 (portmapper), program
 * version ≤ 4, in a payload of at least 40 bytes; over TCP the call follows a record
 * marker (last-fragment bit + the segment's remaining length). The first payload decides.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('NFS');
const PROGRAMS: readonly number[] = [100005, 100003, 100000];

/** True when b[s..s+n) is an RPC call as nDPI's NFS check wants it. */
export function nfsCall(b: Uint8Array, s: number, n: number, tcp: boolean): boolean {
  const o = tcp ? 4 : 0;
  if (n < 40 + o) return false;
  if (tcp && u32(b, s) !== (0x80000000 + n - 4) >>> 0) return false;
  if (u32(b, s + o + 4) !== 0 || u32(b, s + o + 8) !== 2) return false;
  if (!PROGRAMS.includes(u32(b, s + o + 12))) return false;
  return u32(b, s + o + 16) <= 4;
}

export const nfs: Dissector = {
  name: 'NFS',
  transports: [6, 17],
  ports: [2049],
  // an RPC call of 40+ bytes: RPC version 2 at 8 (after TCP's 4-byte record mark)
  pre: { tcp: { minLen: 44, at: 15, bytes: [2] }, udp: { minLen: 40, at: 11, bytes: [2] } },
  dissect(inp: DissectInput): Verdict {
    if (!nfsCall(inp.data, inp.off, inp.len, inp.transport === 6)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
