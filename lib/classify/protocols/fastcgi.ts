/**
 * FastCGI (web server ↔ application server), following nDPI's fastcgi.c: each segment
 * looked at is exactly one record — version 1, type 1..11, header + content + padding
 * lengths equal to the segment. A PARAMS record (type 4) with content decides at once: its
 * name/value pairs give the host (HTTP_HOST), user agent, URL and method, and the host may
 * name a service (FastCGI.<service>). Otherwise the third segment decides; an empty PARAMS
 * record (the end of the list) keeps looking. Metadata: fastcgi.url, fastcgi.method,
 * fastcgi.user_agent, flow.host.
 */
import type { Flow } from '../../flow/flow.js';
import { u16, utf8 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { applyHostService } from '../service.js';
import { setOther, setProto } from './dissect-kit.js';
import { SegmentCursor } from './tcp-segments.js';

const ID = protocolId('FastCGI');
const HEADER = 8;
const PARAMS = 4;
const cursor = new SegmentCursor();

/** Reads the name/value pairs (1-byte lengths, as nDPI) of a PARAMS record; false if they overrun. */
function readParams(b: Uint8Array, s: number, e: number, flow: Flow): boolean {
  let i = s + HEADER;
  while (i + 2 < e) {
    const kl = b[i];
    const vl = b[i + 1];
    i += 2;
    if (i + kl + vl > e) return false;
    const key = utf8(b, i, i + kl);
    const v = i + kl;
    if (key === 'HTTP_HOST') flow.host = utf8(b, v, v + vl).toLowerCase();
    else if (key === 'SCRIPT_URL') setOther(flow, 'fastcgi.url', utf8(b, v, v + vl));
    else if (key === 'HTTP_USER_AGENT') setOther(flow, 'fastcgi.user_agent', utf8(b, v, v + vl));
    else if (key === 'REQUEST_METHOD') setOther(flow, 'fastcgi.method', utf8(b, v, v + vl));
    i += kl + vl;
  }
  return i === e;
}

/** True when b[s..e) is exactly one FastCGI record header + body. */
export function fcgiRecord(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n < HEADER || b[s] !== 1 || b[s + 1] < 1 || b[s + 1] > 11) return false;
  return n === HEADER + u16(b, s + 4) + b[s + 6];
}

export const fastcgi: Dissector = {
  name: 'FastCGI',
  transports: [6],
  ports: [9000],
  pre: { tcp: { firstLook: true, minLen: HEADER, bytes: [1] } }, // a flow opens with a version 1 record
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = cursor.next(inp);
    const e = inp.off + inp.len;
    if (!fcgiRecord(b, s, e)) return Verdict.No;
    const flow = inp.flow;
    if (b[s + 1] === PARAMS) {
      if (u16(b, s + 4) === 0) return cursor.more(inp);
      if (readParams(b, s, e, flow)) applyHostService(flow, ID);
      else setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if (inp.packetIndex + 1 > 2) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    return cursor.more(inp);
  },
};
