import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * Telegram, following nDPI's telegram.c:
 * - TCP: MTProto 2.0 is not TLS even on port 443, so nDPI names any TCP flow with payload
 *   to one of Telegram's addresses (its address list: flow.ipProto) Telegram, confidence
 *   ip ("Match by IP"), when no dissector tried before (TLS on 443) took it; else, as older
 *   nDPI versions did, MTProto's "abridged" transport: a packet of more than 56 bytes to
 *   port 443, 80 or 25 that starts with 0xEF, then either 0x7F or a length byte (in 4-byte
 *   words) that fits the packet;
 * - UDP (the calls' relays on ports 500–600): a datagram of 40+ bytes whose first run of
 *   0xFF bytes is exactly 12 long. A datagram without any 0xFF leaves the question open;
 *   anything else rules Telegram out.
 */
const TELEGRAM = protocolId('Telegram');

function udpRelay(b: Uint8Array, s: number, e: number): Verdict {
  let i = s;
  while (i < e && b[i] !== 0xff) i++;
  if (i === e) return Verdict.More;
  let run = 0;
  while (i < e && b[i] === 0xff) {
    run++;
    i++;
  }
  return run === 12 ? Verdict.Yes : Verdict.No;
}

export const telegram: Dissector = {
  name: 'Telegram',
  transports: [6, 17],
  // UDP: relays on ports 500–600, 40+ bytes (TCP first checks the flow's address list)
  pre: { udp: { ports: Array.from({ length: 101 }, (_, k) => 500 + k), minLen: 40 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const e = inp.off + inp.len;
    let v: Verdict;
    if (inp.transport === 6) {
      if (inp.flow.ipProto === TELEGRAM) {
        setProto(inp.flow, 0, TELEGRAM);
        inp.flow.confidence = 'ip';
        return Verdict.Yes;
      }
      const s = packetStart(inp);
      const n = e - s;
      const dp = inp.dport;
      if (n <= 56 || b[s] !== 0xef || (dp !== 443 && dp !== 80 && dp !== 25)) return Verdict.No;
      // nDPI keeps looking when the length byte does not fit
      v = b[s + 1] === 0x7f || b[s + 1] * 4 <= n - 1 ? Verdict.Yes : Verdict.More;
    } else {
      const inRange = (p: number) => p >= 500 && p <= 600;
      if (inp.len < 40 || !(inRange(inp.sport) || inRange(inp.dport))) return Verdict.No;
      v = udpRelay(b, inp.off, e);
    }
    if (v === Verdict.Yes) setProto(inp.flow, 0, TELEGRAM);
    return v;
  },
};
