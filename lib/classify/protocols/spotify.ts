import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

/**
 * Spotify, by the two payloads nDPI knows: the client's LAN discovery broadcast, a UDP
 * datagram from port 57621 to port 57621 starting "SpotUdp", and the start of its TCP
 * access-point protocol, 00 04 00 00, two bytes, then 52 0E 50 or 52 0F 50. (nDPI also matches
 * Spotify's IPv4 address blocks; flowcheck ships no address lists.)
 */
const SPOTIFY = protocolId('Spotify');
const LAN_PORT = 57621;
const SPOT_UDP = [0x53, 0x70, 0x6f, 0x74, 0x55, 0x64, 0x70]; // "SpotUdp"

function udpDiscovery(b: Uint8Array, o: number, n: number): boolean {
  if (n < SPOT_UDP.length) return false;
  for (let i = 0; i < SPOT_UDP.length; i++) if (b[o + i] !== SPOT_UDP[i]) return false;
  return true;
}

function tcpHello(b: Uint8Array, o: number, n: number): boolean {
  return n >= 9 && b[o] === 0x00 && b[o + 1] === 0x04 && b[o + 2] === 0x00 && b[o + 3] === 0x00 && b[o + 6] === 0x52 && (b[o + 7] === 0x0e || b[o + 7] === 0x0f) && b[o + 8] === 0x50;
}

export const spotify: Dissector = {
  name: 'Spotify',
  transports: [6, 17],
  ports: [LAN_PORT],
  // UDP: LAN discovery, both ports; TCP: the hello's 0x04 at 1
  pre: { tcp: { minLen: 9, at: 1, bytes: [0x04] }, udp: { ports: [LAN_PORT] } },
  dissect(inp: DissectInput): Verdict {
    const hit =
      inp.transport === 17
        ? inp.sport === LAN_PORT && inp.dport === LAN_PORT && udpDiscovery(inp.data, inp.off, inp.len)
        : tcpHello(inp.data, inp.off, inp.len);
    if (!hit) return Verdict.No;
    setProto(inp.flow, 0, SPOTIFY);
    return Verdict.Yes;
  },
};
