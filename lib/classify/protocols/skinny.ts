import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32le } from '../bytes.js';
import { setProto } from './dissect-kit.js';

/**
 * Cisco Skinny (SCCP) over TCP port 2000, following nDPI's skinny.c: a first packet of
 * 12+ bytes whose little-endian header is a data length (the packet minus 8), a known
 * header version (0, or 10, 11, 15–22) and a message id in SCCP's ranges (up to 0x9F,
 * 0x100–0x160, 0x8000, 0x8100–0x8101).
 */
const SKINNY = protocolId('CiscoSkinny');
const PORT = 2000;

function validVersion(v: number): boolean {
  return v === 0 || v === 0x0a || v === 0x0b || (v >= 0x0f && v <= 0x16);
}

function validOpcode(op: number): boolean {
  return op <= 0x9f || (op >= 0x100 && op <= 0x160) || op === 0x8000 || op === 0x8100 || op === 0x8101;
}

export const skinny: Dissector = {
  name: 'CiscoSkinny',
  transports: [6],
  ports: [PORT],
  // its first check answers No on any other port: never tried on other flows
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    if ((inp.sport !== PORT && inp.dport !== PORT) || n < 12) return Verdict.No;
    if (u32le(b, o) + 8 !== n || !validVersion(u32le(b, o + 4)) || !validOpcode(u32le(b, o + 8))) return Verdict.No;
    setProto(inp.flow, 0, SKINNY);
    return Verdict.Yes;
  },
};
