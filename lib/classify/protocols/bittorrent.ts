/**
 * BitTorrent: the peer wire handshake (BEP 3: 0x13 "BitTorrent protocol", 8 reserved bytes,
 * info_hash, peer_id), tracker/webseed HTTP requests carrying info_hash, the bencoded DHT
 * (BEP 5: "d1:ad2:id20:" queries, "d1:rd2:id20:" replies), Local Service Discovery
 * ("BT-SEARCH * HTTP/1.1", BEP 14) and uTP (BEP 29: version 1 header, type nibble,
 * extension chain). Metadata: bittorrent.info_hash (hex), from the handshake or the DHT.
 */
import type { Flow } from '../../flow/flow.js';
import { hex, hexDigit, indexOfAscii, startsWith, u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowCounter, setOther, setProto } from './dissect-kit.js';

/** Bits 0-1: directions not BitTorrent; bit 2: detected; bits 3-5: extra looks; bits 6-8: uTP DATA seen. */
const btState = new FlowCounter();

const ID = protocolId('BitTorrent');
const MAGIC = 'BitTorrent protocol';
/** Handshake: 1 + 19 + 8 reserved, then the 20-byte info_hash. */
const HASH_OFF = 28;
/** Payload-carrying packets looked at before giving up. */
const MAX_LOOKS = 8;
/** Packets looked at after the verdict for an info_hash still missing. */
const MAX_EXTRA = 3;


const DETECTED = 4;

function hasHash(flow: Flow): boolean {
  return flow.meta.other?.['bittorrent.info_hash'] !== undefined;
}

function saveHash(flow: Flow, b: Uint8Array, at: number, end: number): void {
  if (at >= 0 && at + 20 <= end && !hasHash(flow)) setOther(flow, 'bittorrent.info_hash', hex(b, at, at + 20));
}

/** Verdict after a detection: wait a few packets for the info_hash when it is missing. */
function found(flow: Flow): Verdict {
  const st = btState.get(flow);
  if ((st & DETECTED) === 0) {
    btState.set(flow, st | DETECTED);
    setProto(flow, 0, ID);
  }
  if (hasHash(flow) || ((st >> 3) & 7) >= MAX_EXTRA) return Verdict.Yes;
  return Verdict.YesMore;
}

/** Looks for the handshake or the DHT info_hash anywhere in b[s..e) (after the verdict). */
function searchHash(flow: Flow, b: Uint8Array, s: number, e: number): void {
  const m = indexOfAscii(b, s, e, MAGIC);
  if (m >= 0) saveHash(flow, b, m + MAGIC.length + 8, e);
  else {
    const d = indexOfAscii(b, s, e, '9:info_hash20:');
    if (d >= 0) saveHash(flow, b, d + 14, e);
  }
}

/**
 * uTP version 1 header check (20 bytes + extension chain). Returns 0 when not uTP,
 * 1 for a control packet (FIN, STATE, RESET, SYN), 2 for DATA (weaker evidence).
 */
export function utpKind(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 20) return 0;
  const type = b[s] >> 4;
  if ((b[s] & 0x0f) !== 1 || type > 4) return 0;
  let next = b[s + 1];
  if (next > 2) return 0;
  let off = 20;
  let count = 0;
  while (next !== 0) {
    if (off + 2 > n || ++count > 4) return 0;
    next = b[s + off];
    if (next > 2) return 0;
    off += 2 + b[s + off + 1];
  }
  if (off > n) return 0;
  if (u16(b, s + 2) === 0 || u32(b, s + 4) === 0) return 0; // connection id, timestamp
  const tdiff = u32(b, s + 8);
  const wnd = u32(b, s + 12);
  if (type === 4 && (tdiff !== 0 || n !== off)) return 0; // SYN: no payload, no delay yet
  if (type === 0 && n === off) return 0; // DATA without data
  if (wnd === 0 && n !== off) return 0;
  return type === 0 ? 2 : 1;
}

/** Decodes 20 URL-encoded bytes of b[i..e) into hex, or '' when malformed/truncated. */
function urlHash(b: Uint8Array, i: number, e: number): string {
  let out = '';
  for (let k = 0; k < 20; k++) {
    if (i >= e) return '';
    const c = b[i];
    if (c === 0x25) {
      if (i + 2 >= e) return '';
      const h = hexDigit(b[i + 1]);
      const l = hexDigit(b[i + 2]);
      if (h < 0 || l < 0) return '';
      out += ((h << 4) | l).toString(16).padStart(2, '0');
      i += 3;
    } else if (c > 0x20 && c < 0x7f && c !== 0x26) {
      out += c.toString(16).padStart(2, '0');
      i++;
    } else return '';
  }
  return out;
}

/** TCP: the handshake, or an HTTP tracker/webseed request with info_hash in its first line. */
function tcp(inp: DissectInput): Verdict {
  const b = inp.data;
  const s = inp.off;
  const e = s + inp.len;
  const flow = inp.flow;
  if (b[s] === 0x13) {
    const n = Math.min(e - s - 1, MAGIC.length);
    for (let i = 0; i < n; i++) if (b[s + 1 + i] !== MAGIC.charCodeAt(i)) return badDir(inp);
    if (n < MAGIC.length) return Verdict.More;
    saveHash(flow, b, s + HASH_OFF, e);
    return found(flow);
  }
  if (startsWith(b, s, e, 'GET ')) {
    const h = trackerInfoHash(b, s, e);
    if (h !== '') {
      if (!hasHash(flow)) setOther(flow, 'bittorrent.info_hash', h);
      return found(flow);
    }
    const lineEnd = Math.min(e, s + 2048);
    let eol = s + 4;
    while (eol < lineEnd && b[eol] !== 0x0d && b[eol] !== 0x0a) eol++;
    if (eol === e && e - s < 2048) return Verdict.More; // first line still incomplete
  }
  return badDir(inp);
}

/**
 * The info_hash (hex) of a tracker/webseed request "GET …info_hash=<20 bytes, %-escaped>…"
 * whose first line is complete in b[s..e), else ''. Exported for the HTTP dissector: nDPI
 * names such requests HTTP.BitTorrent (bt-http.pcapng), which only the dissector that
 * answers for HTTP first can do.
 */
export function trackerInfoHash(b: Uint8Array, s: number, e: number): string {
  if (!startsWith(b, s, e, 'GET ')) return '';
  const lineEnd = Math.min(e, s + 2048);
  let eol = s + 4;
  while (eol < lineEnd && b[eol] !== 0x0d && b[eol] !== 0x0a) eol++;
  const q = indexOfAscii(b, s + 4, eol, 'info_hash=');
  return q >= 0 ? urlHash(b, q + 10, eol) : '';
}

function badDir(inp: DissectInput): Verdict {
  const st = btState.get(inp.flow) | (1 << inp.dir);
  btState.set(inp.flow, st);
  return (st & 3) === 3 || inp.packetIndex >= MAX_LOOKS ? Verdict.No : Verdict.More;
}

/** Bytes of a bencoded datagram searched for DHT keys. */
const SEARCH_SPAN = 512;
/** Bytes of any other datagram searched for the handshake string (behind a small header). */
const MAGIC_SPAN = 96;
const DHT_KEYS = [':target20:', ':find_node1:', ':info_hash20:', ':filter64', 'd1:ad2:id20:', 'd1:rd2:id20:'];

function udp(inp: DissectInput): Verdict {
  const b = inp.data;
  const s = inp.off;
  const e = s + inp.len;
  const flow = inp.flow;
  const sp = inp.sport;
  const dp = inp.dport;
  // low ports are other services; Teredo and CAPWAP carry tunnels that look alike
  if (sp < 1024 || dp < 1024 || sp === 3544 || dp === 3544 || sp === 5246 || dp === 5246 || sp === 5247 || dp === 5247)
    return Verdict.No;
  const n = e - s;
  if ((n > 12 && (startsWith(b, s, e, 'd1:ad2:id20:') || startsWith(b, s, e, 'd1:rd2:id20:'))) ||
      (n > 22 && startsWith(b, s, e, 'BT-SEARCH * HTTP/1.1\r\n'))) {
    searchHash(flow, b, s, e);
    return found(flow);
  }
  const kind = utpKind(b, s, e);
  if (kind !== 0) {
    const m = indexOfAscii(b, s + 20, e, MAGIC);
    const st = btState.get(flow);
    const data = ((st >> 6) & 7) + (kind === 2 ? 1 : 0);
    btState.set(flow, (st & ~(7 << 6)) | (Math.min(data, 7) << 6));
    if (kind === 1 || m >= 0 || data >= 3) {
      if (m >= 0) saveHash(flow, b, m + MAGIC.length + 8, e);
      return found(flow);
    }
    return Verdict.More;
  }
  if (n > 19) {
    // bencoded messages are dictionaries ('d'): only those are searched for DHT keys, and
    // only their first bytes (keys sort early), so that other traffic costs one byte test
    if (b[s] === 0x64) {
      const end = Math.min(e, s + SEARCH_SPAN);
      for (let k = 0; k < DHT_KEYS.length; k++) {
        if (indexOfAscii(b, s, end, DHT_KEYS[k]) >= 0) {
          searchHash(flow, b, s, e);
          return found(flow);
        }
      }
    }
    const m = indexOfAscii(b, s, Math.min(e, s + MAGIC_SPAN), MAGIC);
    if (m >= 0) {
      saveHash(flow, b, m + MAGIC.length + 8, e);
      return found(flow);
    }
  }
  return inp.packetIndex + 1 >= 5 ? Verdict.No : Verdict.More;
}

export const bittorrent: Dissector = {
  name: 'BitTorrent',
  transports: [6, 17],
  ports: [51413, 53646, 6771],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    const st = btState.get(flow);
    if ((st & DETECTED) !== 0) {
      // after the verdict: only the info_hash is still wanted
      const extra = Math.min(((st >> 3) & 7) + 1, 7);
      btState.set(flow, (st & ~(7 << 3)) | (extra << 3));
      searchHash(flow, inp.data, inp.off, inp.off + inp.len);
      return found(flow);
    }
    return inp.transport === 6 ? tcp(inp) : udp(inp);
  },
};
