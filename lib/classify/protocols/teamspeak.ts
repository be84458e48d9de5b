/**
 * TeamSpeak, as nDPI's teamspeak.c, on the first payload packet (20 bytes or more): over
 * UDP the TeamSpeak 3 handshake "TS3INIT1"; over TCP the TeamSpeak 2 connection packet
 * F4 BE 01|02|03 00. Anything else rules it out.
 */
import { startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('TeamSpeak');

function match(inp: DissectInput): boolean {
  const b = inp.data;
  const o = inp.off;
  if (inp.packetIndex !== 0 || inp.len < 20) return false;
  if (inp.transport === 17) return startsWith(b, o, o + inp.len, 'TS3INIT1');
  return b[o] === 0xf4 && b[o + 1] === 0xbe && b[o + 2] >= 0x01 && b[o + 2] <= 0x03 && b[o + 3] === 0x00;
}

export const teamspeak: Dissector = {
  name: 'TeamSpeak',
  transports: [6, 17],
  pre: { tcp: { minLen: 20, bytes: [0xf4] }, udp: { minLen: 20, bytes: [0x54] } }, // TCP 0xf4be…, UDP "TS3INIT1"
  dissect(inp: DissectInput): Verdict {
    if (!match(inp)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
