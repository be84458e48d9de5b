import type { DissectInput } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { tls } from './tls.js';

/**
 * The TLS handshake that follows a successful STARTTLS (SMTP, POP3 STLS, IMAP, FTP AUTH
 * TLS): each direction's stream from the byte after the command (client) or the positive
 * reply (server) is handed to the TLS dissector, which fills meta.tls (SNI, ALPN, JA3/JA4,
 * certificate). The protocol keeps the mail name nDPI uses (SMTPS, POPS, IMAPS, FTPS),
 * with a service found by TLS (SNI, certificate) as the app: IMAPS.Google.
 */
const TLS = protocolId('TLS');

/** Where TLS starts in each direction's stream (relative to the stream start), -1 unknown. */
export interface TlsStart {
  tlsOff: [number, number];
}

/** Offset just after the line that ends at `lineEnd` (the CR or LF), relative to `off`. */
export function afterLine(b: Uint8Array, off: number, len: number, lineEnd: number): number {
  let i = lineEnd;
  const end = off + len;
  while (i < end && b[i] !== 10) i++;
  return Math.min(i + 1, end) - off;
}

/**
 * One step of the TLS handshake after STARTTLS, named `mailId`: YesMore while the
 * handshake metadata is still to come, Yes when done (or when it is not TLS after all).
 */
export function continueTls(inp: DissectInput, st: TlsStart, mailId: number): Verdict {
  const start = st.tlsOff[inp.dir];
  const flow = inp.flow;
  if (start < 0 || start >= inp.len) return Verdict.YesMore;
  // the TLS bytes as a packet of their own (a rare path: one object per STARTTLS packet)
  const sub: DissectInput = {
    flow,
    dir: inp.dir,
    data: inp.data,
    off: inp.off + start,
    len: inp.len - start,
    packetIndex: inp.packetIndex,
    transport: 6,
    sport: inp.sport,
    dport: inp.dport,
    ctx: inp.ctx,
  };
  const v = tls.dissect(sub);
  // the TLS dissector names the flow TLS or TLS.<service>: keep the mail protocol's name
  if (flow.l7Master === TLS) flow.l7Master = mailId;
  else if (flow.l7App === TLS || flow.l7App === 0) {
    flow.l7Master = 0;
    flow.l7App = mailId;
  }
  if (v === Verdict.More || v === Verdict.YesMore) return Verdict.YesMore;
  return Verdict.Yes;
}
