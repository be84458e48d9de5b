/**
 * MySQL / MariaDB client-server protocol: the server speaks first with the initial
 * handshake packet (3-byte little-endian length, sequence 0, protocol version 10, a
 * NUL-terminated version string like "8.0.36", connection id, 8 bytes of scramble and a
 * zero filler). As nDPI's mysql.c also requires: a one-digit major version 1..8 and '.',
 * a packet longer than 38 bytes, and the authentication plugin name (mysql_… or
 * caching_…) ending the packet. Metadata: mysql.server_version; mysql.user from the client's handshake
 * response when it is not an SSL request.
 */
import type { Flow } from '../../flow/flow.js';
import { ascii, startsWith } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setOther, setProto } from './dissect-kit.js';

const ID = protocolId('MySQL');
/** Packets looked at after the greeting for the client's user name. */
const MAX_EXTRA = 4;
/** Set at the server greeting: srvDir is the greeting's direction. */
const states = new FlowState(() => ({ srvDir: 0, extra: 0 }));



function len3(b: Uint8Array, i: number): number {
  return b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
}

/**
 * Checks the greeting at b[s..e). Returns the end of the version string (its NUL) when it
 * is one, 0 when it is not, -1 when more bytes are needed.
 */
export function mysqlGreeting(b: Uint8Array, s: number, e: number): number {
  if (e - s < 5) return e - s >= 4 && (b[s + 3] !== 0 || b[s + 2] !== 0) ? 0 : -1;
  const L = len3(b, s);
  if (b[s + 3] !== 0 || L < 20 || L > 1024 || b[s + 4] !== 0x0a) return 0;
  if (e - s < 4 + L) return -1;
  const end = s + 4 + L;
  const v = s + 5;
  // nDPI's mysql.c: a one-digit major version 1..8 followed by '.'
  if (b[v] < 0x31 || b[v] > 0x38 || b[v + 1] !== 0x2e) return 0;
  // … and the greeting ends with the authentication plugin name "mysql_…" or "caching_…"
  // (22 bytes before the end: "mysql_native_password\0", "caching_sha2_password\0")
  if (L + 4 <= 38 || !(startsWith(b, end - 22, end, 'mysql_') || startsWith(b, end - 22, end, 'caching_'))) return 0;
  let nul = -1;
  let dot = false;
  for (let i = v; i < end && i < v + 80; i++) {
    const c = b[i];
    if (c === 0) {
      nul = i;
      break;
    }
    if (c < 0x20 || c > 0x7e) return 0;
    if (c === 0x2e) dot = true;
  }
  if (nul < 0 || !dot) return 0;
  // connection id (4), scramble part 1 (8), filler 0, capability flags (2)
  if (nul + 16 > end || b[nul + 13] !== 0) return 0;
  return nul;
}

/** Client handshake response (sequence 1) in b[s..e): sets mysql.user. True when settled. */
function clientLogin(flow: Flow, b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 4) return false;
  const L = len3(b, s);
  if (b[s + 3] !== 1) return true; // not a handshake response: nothing to learn
  if (e - s < 4 + Math.min(L, 36)) return false;
  if (L <= 32) return true; // SSL request: the login follows inside TLS
  const u = s + 36;
  const end = Math.min(e, s + 4 + L, u + 256);
  for (let i = u; i < end; i++) {
    if (b[i] === 0) {
      if (i > u) setOther(flow, 'mysql.user', ascii(b, u, i));
      return true;
    }
  }
  return e >= s + 4 + L;
}

export const mysql: Dissector = {
  name: 'MySQL',
  transports: [6],
  ports: [3306],
  pre: { tcp: { at: 4, bytes: [0x0a], bytesFrom: 5 } }, // protocol version 10 (waits for 5 bytes)
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const flow = inp.flow;
    const st = states.peek(flow);
    if (st !== undefined) {
      if (inp.dir !== st.srvDir && clientLogin(flow, b, s, e)) return Verdict.Yes;
      return ++st.extra >= MAX_EXTRA ? Verdict.Yes : Verdict.YesMore;
    }
    const nul = mysqlGreeting(b, s, e);
    if (nul === 0) return Verdict.No;
    if (nul < 0) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    setProto(flow, 0, ID);
    setOther(flow, 'mysql.server_version', ascii(b, s + 5, nul));
    states.get(flow).srvDir = inp.dir;
    return Verdict.YesMore;
  },
};
