/**
 * Source Engine server queries (Valve's A2S protocol) over UDP, as nDPI's source_engine.c:
 * from the client, a 9..29-byte FF FF FF FF request whose type byte is 'T' (A2S_INFO),
 * 'U' (A2S_PLAYER) or 'V' (A2S_RULES); from the server, a 9-byte challenge (FF FF FF FF 'A')
 * or a response over 30 bytes of type 'I', 'D' or 'E'. Decided on the first datagram.
 * See https://developer.valvesoftware.com/wiki/Server_queries.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('Source_Engine');

function match(inp: DissectInput): boolean {
  const b = inp.data;
  const o = inp.off;
  const n = inp.len;
  if (n < 9 || u32(b, o) !== 0xffffffff) return false;
  const t = b[o + 4];
  if (inp.dir === 0) return n > 8 && n < 30 && (t === 0x54 || t === 0x55 || t === 0x56);
  return (n === 9 && t === 0x41) || (n > 30 && (t === 0x49 || t === 0x44 || t === 0x45));
}

export const sourceEngine: Dissector = {
  name: 'Source_Engine',
  transports: [17],
  ports: [27015],
  pre: { udp: { minLen: 9, bytes: [0xff] } },
  dissect(inp: DissectInput): Verdict {
    if (!match(inp)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
