import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { setOther, setProto, text } from './dissect-kit.js';

/**
 * Discord voice over UDP, as nDPI: an 8-byte 0x1337CAFE keep-alive, or the 74-byte IP
 * discovery exchange — request (type 1, length 70) as the first packet, then the
 * response (type 2) whose address field (offset 8, NUL-padded text) is the client's
 * public address (discord.client_ip; nDPI's "Client IP"). This is how nDPI names the
 * Discord flow of rtp.pcapng.
 */
const DISCORD = protocolId('Discord');

export const discord: Dissector = {
  name: 'Discord',
  transports: [17],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const len = inp.len;
    if (len === 8 && u32(b, o) === 0x1337cafe) {
      setProto(inp.flow, 0, DISCORD);
      return Verdict.Yes;
    }
    if (len === 74) {
      const head = u32(b, o);
      if (inp.packetIndex === 0 && head === 0x00010046) return Verdict.More;
      if (inp.packetIndex === 1 && head === 0x00020046) {
        let e = o + 8;
        while (e < o + 72 && b[e] !== 0) e++;
        setProto(inp.flow, 0, DISCORD);
        const ip = text(b, o + 8, e);
        if (ip !== '') setOther(inp.flow, 'discord.client_ip', ip);
        return Verdict.Yes;
      }
    }
    return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
  },
};
