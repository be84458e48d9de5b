/**
 * Finds the IP header, transport header and payload inside a frame, for aimed mutations.
 * Only the common link types and no tunnels: a miss just means the mutation falls back
 * to generic byte damage.
 */
export interface Layers {
  ip: number;
  version: 4 | 6;
  proto: number;
  l4: number;
  payload: number;
  sport: number;
  dport: number;
}

function linkOffset(b: Uint8Array, linktype: number): number {
  switch (linktype) {
    case 1: {
      let p = 12;
      let type = (b[p] << 8) | b[p + 1];
      while ((type === 0x8100 || type === 0x88a8) && p + 6 <= b.length) {
        p += 4;
        type = (b[p] << 8) | b[p + 1];
      }
      return type === 0x0800 || type === 0x86dd ? p + 2 : -1;
    }
    case 0:
    case 108:
      return 4;
    case 12:
    case 14:
    case 101:
    case 228:
    case 229:
      return 0;
    case 113:
      return 16;
    case 276:
      return 20;
    default:
      return -1;
  }
}

export function findLayers(b: Uint8Array, linktype: number): Layers | null {
  const ip = linkOffset(b, linktype);
  if (ip < 0 || ip + 20 > b.length) return null;
  const v = b[ip] >> 4;
  let proto: number;
  let l4: number;
  if (v === 4) {
    proto = b[ip + 9];
    l4 = ip + (b[ip] & 15) * 4;
  } else if (v === 6) {
    if (ip + 40 > b.length) return null;
    proto = b[ip + 6];
    l4 = ip + 40;
  } else return null;
  if (l4 + 8 > b.length) return { ip, version: v, proto, l4, payload: -1, sport: 0, dport: 0 };
  const sport = (b[l4] << 8) | b[l4 + 1];
  const dport = (b[l4 + 2] << 8) | b[l4 + 3];
  let payload = -1;
  if (proto === 17) payload = l4 + 8;
  else if (proto === 6 && l4 + 20 <= b.length) payload = l4 + (b[l4 + 12] >> 4) * 4;
  if (payload > b.length) payload = -1;
  return { ip, version: v, proto, l4, payload, sport, dport };
}
