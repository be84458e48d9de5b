import type { DissectInput, Dissector } from '../dissector.js';
import type { DissectContext } from '../context.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { TCP_SYN } from '../../decode/packet.js';
import { setOther, setProto } from './dissect-kit.js';

/**
 * FTP data connections. Decided on the flow's first payload, and only when the capture
 * saw the connection open (SYN), as nDPI:
 * - an endpoint announced on an FTP control connection (PASV/EPSV replies, PORT/EPRT
 *   commands; see ftp-control.ts) — ftp_data.source = "expected";
 * - nDPI's content heuristics: a Unix directory listing line ("drwxr-xr-x", "-rw-r--r--"),
 *   or, in a payload of at least 256 bytes, a known file header (ZIP, PDF, PNG …);
 * - TCP port 20 on either side.
 * The expectations live in the run's context (DissectContext.ftpData), shared by the
 * flows of one run.
 */
const FTP_DATA = protocolId('FTP_DATA');

// --- expected data endpoints, announced by the control connections ---

/**
 * Remembers that a data connection to addr:port (the listening side) is about to open, in
 * the run's context (none when the control dissector is driven alone). `controlFlowId` is
 * kept for reports. The oldest entries go when the table is full.
 */
export function expectFtpData(ctx: DissectContext | undefined, addr: string, port: number, controlFlowId: number): void {
  if (ctx === undefined || port <= 0 || port > 65535 || addr === '') return;
  ctx.ftpData.add(addr, port, controlFlowId);
}

/** The control flow id that announced the flow's endpoint (consumed), or -1. */
function takeExpected(inp: DissectInput): number {
  const expected = inp.ctx?.ftpData;
  if (expected === undefined || expected.size === 0) return -1;
  const f = inp.flow;
  const id = expected.take(f.srvAddr(), f.srvPort);
  return id >= 0 ? id : expected.take(f.cliAddr(), f.cliPort);
}

// --- content heuristics (nDPI's, from libprotoident) ---

/** File signatures: [offset-0 bytes]. */
const MAGICS: readonly (readonly number[])[] = [
  [0x52, 0x49, 0x46, 0x46], // RIFF (AVI, WAV)
  [0x4f, 0x67, 0x67, 0x53], // OggS
  [0x50, 0x4b, 0x03, 0x04], // ZIP
  [0x00, 0x00, 0x01, 0xba], // MPEG
  [0x52, 0x61, 0x72, 0x21], // Rar!
  [0x1a, 0x45, 0xdf, 0xa3], // EBML (mkv, webm)
  [0xff, 0xd8], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF8
  [0x3c, 0x3f, 0x70, 0x68], // <?ph
  [0x23, 0x21, 0x2f, 0x62], // #!/b
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0x3c, 0x68, 0x74, 0x6d], // <htm
  [0x0a, 0x3c, 0x21, 0x44], // \n<!D
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
  [0x1f, 0x8b, 0x08], // gzip
  [0x3c, 0x21, 0x44, 0x4f], // <!DO
  [0x66, 0x4c, 0x61, 0x43], // fLaC
  [0x49, 0x44, 0x33, 0x03], // ID3 (MP3)
  [0xff, 0xfb, 0x90, 0xc0], // MP3 frame
  [0xed, 0xab, 0xee, 0xdb], // RPM
  [0x57, 0x7a, 0x50, 0x61], // WzPa
  [0x46, 0x4c, 0x56, 0x01], // FLV
  [0x54, 0x41, 0x50, 0x45], // TAPE (.bkf)
  [0xd0, 0xcf, 0x11, 0xe0], // MS Office (OLE2)
  [0x3c, 0x25, 0x40, 0x20], // <%@ (ASP)
  [0x3c, 0x21, 0x2d, 0x2d], // <!-- (WMS)
  [0x21, 0x3c, 0x61, 0x72], // !<ar (deb)
  [0x3c, 0x69, 0x71, 0x20], // <iq
  [0x53, 0x50, 0x46, 0x49], // SPFI
  [0x41, 0x42, 0x49, 0x46], // ABIF
  [0x42, 0x5a, 0x68, 0x39], // BZh9
  [0x3c, 0x63, 0x66], // <cf
  [0x3c, 0x43, 0x46], // <CF
  [0x2e, 0x74, 0x65, 0x6d], // .tem
  [0x2e, 0x69, 0x74, 0x65], // .ite
  [0x2e, 0x6c, 0x65, 0x66], // .lef
];

function hasPrefix(b: Uint8Array, o: number, m: readonly number[]): boolean {
  for (let k = 0; k < m.length; k++) if (b[o + k] !== m[k]) return false;
  return true;
}

function fileHeader(b: Uint8Array, o: number, len: number): boolean {
  if (len < 256) return false;
  // MZ (.exe): byte 3 is zero
  if (b[o] === 0x4d && b[o + 1] === 0x5a && b[o + 3] === 0) return true;
  for (const m of MAGICS) if (hasPrefix(b, o, m)) return true;
  // raw XML, but not Jabber
  if (hasPrefix(b, o, [0x3c, 0x3f, 0x78, 0x6d])) {
    const s = Buffer.from(b.buffer, b.byteOffset + o, len).toString('latin1');
    return !s.includes('jabber');
  }
  return false;
}

function directoryListing(b: Uint8Array, o: number, len: number): boolean {
  if (len <= 10) return false;
  if (b[o] !== 0x2d && b[o] !== 0x64) return false; // '-' or 'd'
  for (let i = 0; i < 9; i += 3) {
    const r = b[o + 1 + i];
    const w = b[o + 2 + i];
    const x = b[o + 3 + i];
    if ((r !== 0x2d && r !== 0x72) || (w !== 0x2d && w !== 0x77) || (x !== 0x2d && x !== 0x78)) return false;
  }
  return true;
}

export const ftpData: Dissector = {
  name: 'FTP_DATA',
  transports: [6],
  ports: [20],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    if (inp.packetIndex !== 0 || (flow.cliTcpFlags & TCP_SYN) === 0) return Verdict.No;
    const control = takeExpected(inp);
    const b = inp.data;
    const o = inp.off;
    const len = inp.len;
    let source = '';
    if (control >= 0) source = 'expected';
    else if (fileHeader(b, o, len)) source = 'file-header';
    else if (directoryListing(b, o, len)) source = 'listing';
    else if (inp.sport === 20 || inp.dport === 20) source = 'port';
    else return Verdict.No;
    setProto(flow, 0, FTP_DATA);
    setOther(flow, 'ftp_data.source', source);
    if (control >= 0) setOther(flow, 'ftp_data.control_flow', control);
    return Verdict.Yes;
  },
};
