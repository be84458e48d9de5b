/**
 * A tiny pcap/pcapng walker for the decoder's corpus tests only (whole file in memory; no
 * gzip). The real reader lives in lib/capture.
 */
import { readFileSync } from 'node:fs';

export type OnRecord = (
  data: Uint8Array,
  off: number,
  caplen: number,
  wirelen: number,
  tsSec: number,
  tsNsec: number,
  linktype: number,
) => void;

export function walkCapture(file: string, onRecord: OnRecord): number {
  const b = new Uint8Array(readFileSync(file));
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magic = dv.getUint32(0, true);
  let n = 0;
  if (magic === 0x0a0d0d0a) {
    // pcapng
    let le = true;
    let linktypes: number[] = [];
    let tsres: number[] = [];
    let o = 0;
    while (o + 12 <= b.length) {
      const bom = dv.getUint32(o + 8, true);
      if (dv.getUint32(o, true) === 0x0a0d0d0a) {
        le = bom === 0x1a2b3c4d;
        linktypes = [];
        tsres = [];
      }
      const type = dv.getUint32(o, le);
      const len = dv.getUint32(o + 4, le);
      if (len < 12 || o + len > b.length) break;
      if (type === 1) {
        linktypes.push(dv.getUint16(o + 8, le));
        // if_tsresol option (9): default microseconds
        let res = 1e-6;
        let p = o + 16;
        while (p + 4 <= o + len - 4) {
          const code = dv.getUint16(p, le);
          const olen = dv.getUint16(p + 2, le);
          if (code === 0) break;
          if (code === 9) {
            const v = b[p + 4];
            res = v & 0x80 ? Math.pow(2, -(v & 0x7f)) : Math.pow(10, -v);
          }
          p += 4 + ((olen + 3) & ~3);
        }
        tsres.push(res);
      } else if (type === 6) {
        const ifc = dv.getUint32(o + 8, le);
        const ts = dv.getUint32(o + 12, le) * 4294967296 + dv.getUint32(o + 16, le);
        const caplen = dv.getUint32(o + 20, le);
        const wirelen = dv.getUint32(o + 24, le);
        const secs = ts * (tsres[ifc] ?? 1e-6);
        const sec = Math.floor(secs);
        onRecord(b, o + 28, caplen, wirelen, sec, Math.round((secs - sec) * 1e9), linktypes[ifc] ?? -1);
        n++;
      } else if (type === 3) {
        const wirelen = dv.getUint32(o + 8, le);
        onRecord(b, o + 12, Math.min(wirelen, len - 16), wirelen, 0, 0, linktypes[0] ?? -1);
        n++;
      }
      o += len;
    }
    return n;
  }
  let le: boolean;
  let nsec = false;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) {
    le = true;
    nsec = magic === 0xa1b23c4d;
  } else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) {
    le = false;
    nsec = magic === 0x4d3cb2a1;
  } else {
    throw new Error(`${file}: not a capture`);
  }
  const linktype = dv.getUint32(20, le) & 0x0fffffff;
  let o = 24;
  while (o + 16 <= b.length) {
    const sec = dv.getUint32(o, le);
    const frac = dv.getUint32(o + 4, le);
    const caplen = dv.getUint32(o + 8, le);
    const wirelen = dv.getUint32(o + 12, le);
    if (o + 16 + caplen > b.length) break;
    onRecord(b, o + 16, caplen, wirelen, sec, nsec ? frac : frac * 1000, linktype);
    n++;
    o += 16 + caplen;
  }
  return n;
}
