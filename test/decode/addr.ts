/** Address formatting for the decoder tests (RFC 5952 for IPv6, as nDPI's .out files print). */
import type { PacketInfo } from '../../lib/decode/packet.js';
import { endpointsKey } from './outfile.js';

export function fmtIp(version: number, a: Uint32Array): string {
  if (version === 4) return `${a[0] >>> 24}.${(a[0] >>> 16) & 255}.${(a[0] >>> 8) & 255}.${a[0] & 255}`;
  const g: number[] = [];
  for (let i = 0; i < 4; i++) g.push(a[i] >>> 16, a[i] & 0xffff);
  // Longest run (>= 2) of zero groups becomes '::'.
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

export function fmtEndpoint(p: PacketInfo, src: boolean): string {
  const ip = fmtIp(p.ipVersion, src ? p.src : p.dst);
  const port = src ? p.sport : p.dport;
  return p.ipVersion === 6 ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** Direction-free flow key: "proto A B vlan" with the endpoints sorted. */
export function flowKey(p: PacketInfo): string {
  return endpointsKey(p.proto, fmtEndpoint(p, true), fmtEndpoint(p, false), p.vlanId);
}

/** Parse an IPv4/IPv6 text address into PacketInfo words (for building expectations). */
export function parseIp(text: string): { version: 4 | 6; words: number[] } {
  if (text.includes('.')) {
    const o = text.split('.').map(Number);
    return { version: 4, words: [((o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]) >>> 0, 0, 0, 0] };
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((x) => parseInt(x, 16));
  const words: number[] = [];
  for (let i = 0; i < 8; i += 2) words.push(((groups[i] << 16) | groups[i + 1]) >>> 0);
  return { version: 6, words };
}
