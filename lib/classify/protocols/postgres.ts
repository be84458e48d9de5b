/**
 * PostgreSQL frontend/backend protocol: the client's first message has no type byte — an
 * int32 length and an int32 code: StartupMessage (protocol 3.0 = 196608, or 2.0) followed
 * by NUL-terminated parameter pairs and a final NUL, or SSLRequest (length 8, 80877103),
 * GSSENCRequest (80877104), CancelRequest (length 16, 80877102).
 * Metadata: postgres.user, postgres.database, postgres.application (startup parameters),
 * postgres.request ('ssl', 'gssenc', 'cancel').
 */
import type { Flow } from '../../flow/flow.js';
import { u32, utf8 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('PostgreSQL');
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const V3 = 0x00030000;
const V2 = 0x00020000;

/** Checks the parameter list b[p..end) (key\0value\0 … \0); sets metadata when flow given. */
function params(b: Uint8Array, p: number, end: number, flow?: Flow): boolean {
  let key = '';
  let isKey = true;
  let start = p;
  let pairs = 0;
  for (let i = p; i < end; i++) {
    if (b[i] !== 0) {
      if (b[i] < 0x20 && b[i] !== 9) return false;
      continue;
    }
    if (i === start) return isKey && i === end - 1 && pairs > 0; // the terminating NUL
    const text = utf8(b, start, i);
    if (isKey) key = text;
    else {
      pairs++;
      if (flow !== undefined) {
        if (key === 'user') setOther(flow, 'postgres.user', text);
        else if (key === 'database') setOther(flow, 'postgres.database', text);
        else if (key === 'application_name') setOther(flow, 'postgres.application', text);
      }
    }
    isKey = !isKey;
    start = i + 1;
  }
  return false;
}

/** Classifies the client's first message at b[s..e): 1 yes, 0 no, -1 need more. */
export function pgStartup(b: Uint8Array, s: number, e: number, flow?: Flow): number {
  if (e - s < 8) return e - s >= 2 && (b[s] !== 0 || b[s + 1] !== 0) ? 0 : -1;
  const L = u32(b, s);
  const code = u32(b, s + 4);
  if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
    if (L !== 8) return 0;
    if (flow) setOther(flow, 'postgres.request', code === SSL_REQUEST ? 'ssl' : 'gssenc');
    return 1;
  }
  if (code === CANCEL_REQUEST) {
    if (L !== 16) return 0;
    if (e - s < 16) return -1;
    if (flow) setOther(flow, 'postgres.request', 'cancel');
    return 1;
  }
  if (code !== V3 && code !== V2) return 0;
  if (L < 10 || L > 10000) return 0;
  if (e - s < L) return -1;
  if (!params(b, s + 8, s + L)) return 0;
  if (flow) params(b, s + 8, s + L, flow);
  return 1;
}

export const postgres: Dissector = {
  name: 'PostgreSQL',
  transports: [6],
  ports: [5432],
  pre: { tcp: { bytes: [0], bytesFrom: 2 } }, // a length (or SSL request) below 2^24
  dissect(inp: DissectInput): Verdict {
    // the client always speaks first
    if (inp.dir !== 0) return Verdict.No;
    const r = pgStartup(inp.data, inp.off, inp.off + inp.len);
    if (r === 0) return Verdict.No;
    if (r < 0) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    setProto(inp.flow, 0, ID);
    pgStartup(inp.data, inp.off, inp.off + inp.len, inp.flow);
    return Verdict.Yes;
  },
};
