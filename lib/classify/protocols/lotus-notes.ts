/**
 * HCL (formerly Lotus) Notes/Domino NRPC, following nDPI's hcl_notes.c (lotus_notes.c in
 * older releases): on a connection whose TCP handshake was seen, the first segment (more
 * than 16 bytes) carries 00 00 02 00 00 40 02 0F at offset 6. nDPI gives up after the
 * third segment.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('LotusNotes');
const HEADER: readonly number[] = [0x00, 0x00, 0x02, 0x00, 0x00, 0x40, 0x02, 0x0f];

export const lotusNotes: Dissector = {
  name: 'LotusNotes',
  transports: [6],
  ports: [1352],
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex === 0 && inp.flow.handshakeDone) {
      const b = inp.data;
      const s = inp.off;
      if (inp.len <= 16) return Verdict.No;
      for (let i = 0; i < HEADER.length; i++) if (b[s + 6 + i] !== HEADER[i]) return Verdict.More;
      setProto(inp.flow, 0, ID);
      return Verdict.Yes;
    }
    return inp.packetIndex + 1 <= 3 ? Verdict.More : Verdict.No;
  },
};
