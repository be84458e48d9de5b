/**
 * DRDA (Distributed Relational Database Architecture: IBM DB2 and others), following
 * nDPI's drda.c: the first segment is a chain of DDM headers — each a 16-bit length, the
 * magic 0xD0, a format byte, a correlation id, and a second length equal to the first
 * minus 6 — that exactly fills the segment.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('DRDA');
const HEADER = 10;

function headerOk(b: Uint8Array, p: number): boolean {
  return b[p + 2] === 0xd0 && u16(b, p) === u16(b, p + 6) + 6;
}

/** True when b[s..s+n) is a chain of DDM headers as nDPI checks it. */
export function drdaChain(b: Uint8Array, s: number, n: number): boolean {
  if (n < HEADER || !headerOk(b, s)) return false;
  const first = u16(b, s);
  if (n <= first) return true;
  let count = first;
  while (count + HEADER < n) {
    if (!headerOk(b, s + count)) return false;
    count += u16(b, s + count);
  }
  return count === n;
}

export const drda: Dissector = {
  name: 'DRDA',
  transports: [6],
  ports: [50000],
  pre: { tcp: { minLen: HEADER, at: 2, bytes: [0xd0] } },
  dissect(inp: DissectInput): Verdict {
    if (!drdaChain(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
