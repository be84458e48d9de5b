/**
 * World of Warcraft over TCP, as nDPI's world_of_warcraft.c, packet by packet: the
 * 50-byte "WORLD OF WARCRAFT CONNECTION" greeting (at offset 2); a 41..69-byte login to
 * port 3724 with "WoW" at offset 4 or 5; an 8-byte 00 06 EC 01 from port 3724; the
 * Battle.net login to port 1119 (40 00 0A ED EA 07 0A ED, 77 bytes or more); the
 * "Blizzard Downloader" HTTP GET to a *worldofwarcraft.com host; or, from one of the WoW
 * ports (3724, 6112-6114, 4000, 1119), length-prefixed packets in the stage sequence
 * nDPI follows (EC 01 01 00 or a 41-byte 00 85|00 34|19 60 opening, the 325-byte
 * challenge, then a 4-byte or short 0x0C packet).
 */
import { indexOfAscii, startsWith, u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, headerValue as header, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('WorldOfWarcraft');
const WOW_PORTS = [3724, 6112, 6113, 6114, 4000, 1119];
const GREETING = 'WORLD OF WARCRAFT CONNECTION';
const TRAILER = [0x94, 0xec, 0xff, 0xfd, 0x67, 0x62, 0xd4, 0x67, 0xfb, 0xf9, 0xdd, 0xbd, 0xfd, 0x01, 0xc0, 0x8f, 0xf9, 0x81];
const cursor = new SegmentCursor();
const stages = new FlowState(() => ({ v: 0 }));

function bytesAt(b: Uint8Array, at: number, want: readonly number[]): boolean {
  for (let i = 0; i < want.length; i++) if (b[at + i] !== want[i]) return false;
  return true;
}

function downloader(b: Uint8Array, s: number, e: number): boolean {
  if (e - s <= 5 || !startsWith(b, s, e, 'GET /')) return false;
  const ua = header(b, s, e, 'user-agent:');
  const host = header(b, s, e, 'host:');
  const site = 'worldofwarcraft.com';
  return (
    ua !== null && host !== null && ua[1] - ua[0] > 'Blizzard Downloader'.length && host[1] - host[0] > site.length &&
    startsWith(b, ua[0], ua[1], 'Blizzard Downloader') && indexOfAscii(b, host[1] - site.length, host[1], site) >= 0
  );
}

/** Stays a candidate at `stage`, remembering where this segment ends. */
function wait(inp: DissectInput, stage: number): Verdict {
  stages.get(inp.flow).v = stage;
  cursor.record(inp);
  return Verdict.More;
}

function found(inp: DissectInput): Verdict {
  setProto(inp.flow, 0, ID);
  return Verdict.Yes;
}

export const worldOfWarcraft: Dissector = {
  name: 'WorldOfWarcraft',
  transports: [6],
  ports: [3724],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    const n = e - s;
    if (n <= 0) return Verdict.No;
    if (downloader(b, s, e)) return found(inp);
    if (n === 50 && startsWith(b, s + 2, e, GREETING)) return found(inp);
    if (inp.dport === 3724 && n < 70 && n > 40 && (startsWith(b, s + 4, e, 'WoW') || startsWith(b, s + 5, e, 'WoW'))) return found(inp);
    if (inp.sport === 3724 && n === 8 && u32(b, s) === 0x0006ec01) return found(inp);
    const stage = stages.peek(inp.flow)?.v ?? 0;
    const lenPrefixed = n >= 2 && u16(b, s) === n - 2;
    if (stage === 0 && WOW_PORTS.includes(inp.sport) && n >= 14 && lenPrefixed) {
      if (u32(b, s + 2) === 0xec010100) return wait(inp, 2);
      const k = u16(b, s + 2);
      if (n === 41 && (k === 0x0085 || k === 0x0034 || k === 0x1960)) return wait(inp, 1);
    }
    if (stage === 1) {
      if (
        n === 325 && lenPrefixed && u16(b, s + 4) === 0 &&
        (u16(b, e - 3) === 0x2331 || u16(b, s + 67) === 0x2331) &&
        (bytesAt(b, e - 18, TRAILER) || bytesAt(b, e - 30, TRAILER))
      )
        return found(inp);
      if (n > 32 && lenPrefixed && (u16(b, s + 4) === 0 || u32(b, s + 2) === 0x12050000)) return wait(inp, 2);
    }
    if (stage === 2) {
      if (n === 4 || (n > 4 && n <= 16 && b[s + 4] === 0x0c)) return found(inp);
      if (inp.packetIndex + 1 < 3) return wait(inp, 2);
    }
    if (stage === 0 && inp.dport === 1119 && n >= 77 && u32(b, s) === 0x40000aed && u32(b, s + 4) === 0xea070aed) return found(inp);
    return Verdict.No;
  },
};
