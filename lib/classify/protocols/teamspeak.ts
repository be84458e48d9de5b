import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * TeamSpeak, following nDPI's teamspeak.c: over TCP, a first packet of 20+ bytes starting
 * F4 BE 01/02/03 00 (TeamSpeak 2's connection packet); over UDP, TeamSpeak 3's
 * connection start, a datagram of 20+ bytes whose MAC field reads "TS3INIT1". The first
 * payload packet decides.
 */
const TEAMSPEAK = protocolId('TeamSpeak');

export const teamspeak: Dissector = {
  name: 'TeamSpeak',
  transports: [6, 17],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const e = o + inp.len;
    if (inp.packetIndex !== 0 || inp.len < 20) return Verdict.No;
    const hit =
      inp.transport === 6
        ? b[o] === 0xf4 && b[o + 1] === 0xbe && b[o + 2] >= 1 && b[o + 2] <= 3 && b[o + 3] === 0
        : startsWith(b, o, e, 'TS3INIT1');
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, TEAMSPEAK);
    return Verdict.Yes;
  },
};
