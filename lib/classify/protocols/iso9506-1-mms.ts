/**
 * ISO 9506-1 MMS (Manufacturing Message Specification) over TPKT/COTP: a client→server
 * packet of more than 60 bytes with a valid TPKT header, a COTP data TPDU (length 2, code
 * 0xF0, EOT), an ISO 8327-1 session SPDU whose length covers the rest, and the MMS
 * initiate-request signature (0x80 0x02 / 0x80 0x03 at fixed distances from the end).
 * Gives up after two more packets of the same direction. Follows nDPI's iso9506-1-mms.c.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { PacketView, isTpkt } from './packet-view.js';

const ID = protocolId('ISO9506-1-MMS');
const view = new PacketView();

/** The MMS initiate request at b[s..e) (one TCP packet from the client). */
export function isMmsInitiate(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 60 || !isTpkt(b, s, e)) return false;
  // COTP DT; ISO 8327-1 SPDU type (nDPI's unsigned test lets any value up to 14 pass)
  if (b[s + 4] !== 2 || b[s + 5] !== 0xf0 || b[s + 6] !== 0x80 || b[s + 7] > 14 || b[s + 8] !== n - 9) return false;
  return (b[e - 37] === 0x80 && b[e - 36] === 0x02) || (b[e - 38] === 0x80 && b[e - 37] === 0x03) || (b[e - 40] === 0x80 && b[e - 39] === 0x02);
}

export const iso9506Mms: Dissector = {
  name: 'ISO9506-1-MMS',
  transports: [6],
  ports: [102],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const e = inp.off + inp.len;
    const p = view.start(inp);
    if (inp.dir === 0 && isMmsInitiate(b, p, e)) {
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    if (view.dirPackets(inp) > 2) return Verdict.No;
    view.done(inp);
    return Verdict.More;
  },
};
