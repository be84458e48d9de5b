/**
 * 802.11 with a radiotap header (link type 127, https://www.radiotap.org): version 0, a pad
 * byte, the header length (little-endian, 16 bits), one or more little-endian "present"
 * bitmaps (bit 31: another follows), then the fields they announce, each aligned to its
 * size. Only the Flags field (present bit 1, after the 8-byte TSFT of bit 0) matters here:
 * 0x10 means the frame ends in a 4-byte FCS, 0x40 that the FCS was bad (ndpiReader drops
 * such frames too). The 802.11 frame follows the header (wifi.ts).
 */
import { DecodeState, Next, bad } from './state.js';
import { wifi } from './wifi.js';

const PRESENT_TSFT = 1;
const PRESENT_FLAGS = 2;
const PRESENT_EXT = 0x80000000;
const FLAG_FCS = 0x10;
const FLAG_BAD_FCS = 0x40;

export function radiotap(s: DecodeState): Next {
  const b = s.buf;
  const o = s.off;
  if (s.end - o < 8) return bad(s, 'truncated-radiotap');
  const len = b[o + 2] | (b[o + 3] << 8);
  if (b[o] !== 0 || len < 8 || len > s.end - o) return bad(s, 'radiotap-bad-header');
  const hend = o + len;
  const first = (b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24)) >>> 0;
  let p = o + 8;
  let present = first;
  while ((present & PRESENT_EXT) !== 0) {
    if (hend - p < 4) return bad(s, 'radiotap-bad-header');
    present = (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
    p += 4;
  }
  if ((first & PRESENT_TSFT) !== 0) p = o + ((p - o + 7) & ~7) + 8;
  if ((first & PRESENT_FLAGS) !== 0) {
    if (p >= hend) return bad(s, 'radiotap-bad-header');
    const flags = b[p];
    if ((flags & FLAG_BAD_FCS) !== 0) return bad(s, 'ieee80211-bad-fcs');
    if ((flags & FLAG_FCS) !== 0 && !s.snapped) {
      if (s.end - hend < 4) return bad(s, 'truncated-ieee80211');
      s.end -= 4;
    }
  }
  s.off = hend;
  return wifi(s);
}
