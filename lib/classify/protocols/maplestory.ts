/**
 * MapleStory over TCP, as nDPI's maplestory.c, on the first payload packet: a 16-byte
 * game packet 0E 00 3A|3B|42 00 01 00 then '2' or '3'; or the patcher's HTTP request
 * "GET /maple/patch…" with User-Agent "Patcher" and a Host starting "patch."; or
 * "GET /maplestory/…" with User-Agent "AspINet".
 */
import { startsWith, u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { headerValue as header, setProto } from './dissect-kit.js';

const ID = protocolId('MapleStory');
const GET = 'GET /maple';

function gamePacket(b: Uint8Array, o: number, n: number): boolean {
  if (n !== 16) return false;
  const head = u32(b, o);
  return (head === 0x0e003a00 || head === 0x0e003b00 || head === 0x0e004200) && u16(b, o + 4) === 0x0100 && (b[o + 6] === 0x32 || b[o + 6] === 0x33);
}

function httpRequest(b: Uint8Array, o: number, n: number): boolean {
  const e = o + n;
  if (n <= GET.length || !startsWith(b, o, e, GET)) return false;
  const ua = header(b, o, e, 'user-agent:');
  const uaIs = (v: string): boolean => ua !== null && ua[1] - ua[0] === v.length && startsWith(b, ua[0], ua[1], v);
  if (b[o + GET.length] === 0x2f) {
    // update: GET /maple/patch…, User-Agent Patcher, Host patch.*
    if (n <= 'GET /maple/patch'.length || !startsWith(b, o + GET.length + 1, e, 'patch') || !uaIs('Patcher')) return false;
    const host = header(b, o, e, 'host:');
    return host !== null && host[1] - host[0] > 'patch.'.length && startsWith(b, host[0], host[1], 'patch.');
  }
  return startsWith(b, o + GET.length, e, 'story/') && uaIs('AspINet');
}

export const maplestory: Dissector = {
  name: 'MapleStory',
  transports: [6],
  pre: { tcp: { minLen: 11, bytes: [0x0e, 0x47] } }, // the 16-byte game packet, "GET /maple"
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if (inp.packetIndex !== 0 || !(gamePacket(b, o, n) || httpRequest(b, o, n))) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
