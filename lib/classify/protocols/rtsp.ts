import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { indexOfCrlf, startsWith, startsWithLower } from '../bytes.js';
import { setOther, setProto, text } from './dissect-kit.js';
import { packetStart } from './media-kit.js';

/**
 * RTSP (RFC 2326), over TCP or UDP, following nDPI's rtsp.c: the packet's first line
 * (CRLF-terminated) ends with "RTSP/1.0" (a request) or starts with it (a response), or
 * its Accept or Content-Type header ends with "application/x-rtsp-tunnelled". The first
 * payload packet decides. Metadata: rtsp.user_agent from the User-Agent header.
 */
const RTSP = protocolId('RTSP');
const VERSION = 'RTSP/1.0';
const TUNNELLED = 'application/x-rtsp-tunnelled';

function endsWith(b: Uint8Array, s: number, e: number, t: string): boolean {
  return e - s >= t.length && startsWith(b, e - t.length, e, t);
}

export const rtsp: Dissector = {
  name: 'RTSP',
  transports: [6, 17],
  ports: [554],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.transport === 6 ? packetStart(inp) : inp.off;
    const e = inp.off + inp.len;
    const first = indexOfCrlf(b, s, e);
    if (first < 0) return Verdict.No;
    let ok = endsWith(b, s, first, VERSION) || startsWith(b, s, first, VERSION);
    let ua = -1;
    let uaEnd = -1;
    for (let p = first + 2, k = 0; p < e && k < 64; k++) {
      const q = indexOfCrlf(b, p, e);
      if (q < 0 || q === p) break;
      if (startsWithLower(b, p, q, 'user-agent:')) {
        ua = p + 11;
        uaEnd = q;
      } else if ((startsWithLower(b, p, q, 'accept:') || startsWithLower(b, p, q, 'content-type:')) && endsWith(b, p, q, TUNNELLED)) {
        ok = true;
      }
      p = q + 2;
    }
    if (!ok) return Verdict.No;
    setProto(inp.flow, 0, RTSP);
    if (ua >= 0) {
      const v = text(b, ua, uaEnd).trim();
      if (v !== '') setOther(inp.flow, 'rtsp.user_agent', v);
    }
    return Verdict.Yes;
  },
};
