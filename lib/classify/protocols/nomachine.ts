/**
 * NoMachine (NX remote desktop), following nDPI's nomachine.c, on the first payload:
 * - TCP: an 11..14-byte handshake "NXSH-<version>" (request) or "NXD-<version>" (response),
 *   before the TLS handshake;
 * - UDP (multimedia): at least 10 bytes, little-endian 1 at offset 2, the datagram's
 *   length at offset 4, zero at offset 8.
 */
import { startsWith, u16, u16le } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('NoMachine');

export const nomachine: Dissector = {
  name: 'NoMachine',
  transports: [6, 17],
  ports: [4000],
  pre: { tcp: { minLen: 11, bytes: [0x4e] }, udp: { minLen: 10, at: 2, bytes: [1] } }, // NX…; a u16le 1 at 2
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    const e = s + n;
    let ok: boolean;
    if (inp.transport === 6) ok = n > 10 && n < 15 && (startsWith(b, s, e, 'NXSH-') || startsWith(b, s, e, 'NXD-'));
    else ok = n > 9 && u16le(b, s + 2) === 1 && u16le(b, s + 4) === n && u16(b, s + 8) === 0;
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
