/**
 * Microsoft SQL Server's TDS (Tabular Data Stream), following nDPI's mssql_tds.c: the
 * first segment is one TDS packet — type 1..8 or 14..18, status 0x00/0x01/0x02/0x04/0x08/
 * 0x09/0x10, a 16-bit length equal to the segment's, window 0. Port 102 is left to
 * ISO-TSAP/TPKT, which looks alike.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('MsSQL-TDS');
const STATUS: ReadonlySet<number> = new Set([0x00, 0x01, 0x02, 0x04, 0x08, 0x09, 0x10]);

/** True when b[s..s+n) is exactly one TDS packet as nDPI checks it. */
export function tdsPacket(b: Uint8Array, s: number, n: number): boolean {
  if (n < 8) return false;
  const type = b[s];
  if (!((type >= 1 && type <= 8) || (type >= 14 && type <= 18))) return false;
  return STATUS.has(b[s + 1]) && u16(b, s + 2) === n && b[s + 7] === 0;
}

export const mssqlTds: Dissector = {
  name: 'MsSQL-TDS',
  transports: [6],
  ports: [1433, 1434],
  pre: { tcp: { minLen: 8, bytes: [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18] } }, // packet type
  dissect(inp: DissectInput): Verdict {
    if (inp.dport === 102 || !tdsPacket(inp.data, inp.off, inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
