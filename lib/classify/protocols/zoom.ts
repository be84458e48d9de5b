import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { u32 } from '../bytes.js';
import { setOther, setProto } from './dissect-kit.js';
import { rtpKind } from './rtp.js';

/**
 * Zoom's media transport over UDP, following nDPI's zoom.c (2024):
 * - on ports 8801–8810 (either side), datagrams longer than the 8-byte SFU header:
 *   SFU types 1/2 (01 00 02, 01 00 03, 02 00 02, 02 00 03 at the start) at once; types
 *   3/4 (first byte) from the fourth packet of the flow on (a weak test: other dissectors
 *   get their chance first); type 5 when the Zoom media header after it carries RTP or
 *   RTCP at the offset its media type implies (13/30 screen share, 15 audio, 16 video,
 *   33–35 RTCP);
 * - elsewhere, the peer-to-peer hello: 1F 02 01, more than 36 bytes, ending in four zero
 *   bytes, holding two length-prefixed values (an address text, an id) from offset 24 on
 *   that fill the datagram exactly.
 * Anything else rules Zoom out. Metadata: zoom.stream ("Audio", "Video", "Screen sharing")
 * when the media header says so.
 */
const ZOOM = protocolId('Zoom');
const SFU_HDR = 8;
const ZME_HDR = 15;
const IS_RTP = 1;
const IS_RTCP = 2;

function isZoomPort(p: number): boolean {
  return p >= 8801 && p <= 8810;
}

/** A Zoom media header at b[o..o+n) followed by RTP/RTCP where its type says: its kind, or ''. */
function mediaKind(b: Uint8Array, o: number, n: number): string | undefined {
  if (n <= ZME_HDR) return undefined;
  const t = b[o];
  const rtpAt = (k: number) => n > k && rtpKind(b, o + k, n - k) === IS_RTP;
  switch (t) {
    case 13: // screen share: the RTP may be missing at the start
      if (n > 27) return rtpAt(27) ? 'Screen sharing' : '';
      return undefined;
    case 30:
      return rtpAt(20) ? 'Screen sharing' : undefined;
    case 15:
      return rtpAt(19) ? 'Audio' : undefined;
    case 16:
      return rtpAt(24) ? 'Video' : undefined;
    case 33:
    case 34:
    case 35:
      return n > 16 && rtpKind(b, o + 16, n - 16) === IS_RTCP ? '' : undefined;
    default:
      return undefined;
  }
}

function found(inp: DissectInput, kind: string): Verdict {
  setProto(inp.flow, 0, ZOOM);
  if (kind !== '') setOther(inp.flow, 'zoom.stream', kind);
  return Verdict.Yes;
}

function p2pHello(b: Uint8Array, o: number, n: number): boolean {
  if (n <= 36 || b[o] !== 0x1f || b[o + 1] !== 0x02 || b[o + 2] !== 0x01 || u32(b, o + n - 4) !== 0) return false;
  const ipLen = u32(b, o + 24);
  if (24 + 4 + ipLen + 4 >= n) return false;
  const idLen = u32(b, o + 28 + ipLen);
  return n === 24 + 4 + ipLen + 4 + idLen + 4;
}

export const zoom: Dissector = {
  name: 'Zoom',
  transports: [17],
  ports: [8801, 8802, 8803, 8804, 8805, 8806, 8807, 8808, 8809, 8810],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const o = inp.off;
    const n = inp.len;
    const f = inp.flow;
    if ((isZoomPort(f.cliPort) || isZoomPort(f.srvPort)) && n > SFU_HDR) {
      const t = b[o];
      if ((t === 1 || t === 2) && b[o + 1] === 0 && (b[o + 2] === 2 || b[o + 2] === 3)) return found(inp, '');
      if (t === 3 || t === 4) return inp.packetIndex + 1 < 4 ? Verdict.More : found(inp, '');
      if (t === 5 && n > SFU_HDR + ZME_HDR) {
        const k = mediaKind(b, o + SFU_HDR, n - SFU_HDR);
        if (k !== undefined) return found(inp, k);
      }
      return Verdict.No;
    }
    if (p2pHello(b, o, n)) return found(inp, '');
    return Verdict.No;
  },
};
