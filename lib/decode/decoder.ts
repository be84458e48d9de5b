/**
 * The packet decoder: one capture record in, one filled PacketInfo out. Layers live one per
 * file (the link type's decoder from linktypes.ts, then ethernet, ppp, wifi, ipv4, ipv6,
 * transport, tunnels, fragments); each reads the shared cursor and calls the next; the common
 * case takes fastpath.ts first. Nothing here allocates per packet or throws on any input bytes.
 */
import { DecodeStatus, PacketInfo, Tunnel } from './packet.js';
import { DecodeState, Next, restoreOuter } from './state.js';
import { linkType } from './linktypes.js';
import { FragStats, Reassembler } from './fragments.js';
import { decodeFast } from './fastpath.js';
import type { DecodeStats } from '../result.js';

export type { FragStats } from './fragments.js';

export interface DecoderOptions {
  /** Drop an incomplete fragmented datagram this long after its first fragment (packet time). Default 30. */
  fragTimeoutSec?: number;
  /** At most this many incomplete datagrams held; the oldest is dropped. Default 1024. */
  fragMaxDatagrams?: number;
  /** At most this many buffer bytes held for reassembly in total. Default 16 MiB. */
  fragMaxBytes?: number;
  /** Testing aid: skip the Ethernet/IP/TCP/UDP fast path (results must be identical). */
  noFastPath?: boolean;
}

export class Decoder {
  /** Malformed packets by named reason (stable kebab-case names) → count. */
  readonly problems = new Map<string, number>();
  /** Records of unsupported link types, by link type → count. */
  readonly skippedLinktypes = new Map<number, number>();
  /** Well-formed frames without IP (ARP, LLDP, STP …). */
  nonIp = 0;
  /** Fragment bookkeeping; drops are also counted in `problems`. */
  readonly fragStats: FragStats;
  private readonly s = new DecodeState();
  private readonly frags: Reassembler;
  private readonly fast: boolean;

  constructor(opts: DecoderOptions = {}) {
    const timeout = opts.fragTimeoutSec ?? 30;
    const maxDatagrams = Math.max(1, Math.floor(opts.fragMaxDatagrams ?? 1024));
    const maxBytes = Math.max(0, opts.fragMaxBytes ?? 16 * 1024 * 1024);
    this.frags = new Reassembler(timeout, maxDatagrams, maxBytes, this.problems);
    this.fragStats = this.frags.stats;
    this.s.frags = this.frags;
    this.fast = opts.noFastPath !== true;
  }

  /** Incomplete fragmented datagrams currently held. */
  get fragPending(): number {
    return this.frags.pending;
  }

  /** Capture records held in those incomplete datagrams. */
  get fragPendingFrames(): number {
    return this.frags.pendingFrames;
  }

  /** Decode one capture record into pkt (reused). */
  decode(
    data: Uint8Array,
    off: number,
    caplen: number,
    wirelen: number,
    linktype: number,
    tsSec: number,
    tsNsec: number,
    pkt: PacketInfo,
  ): DecodeStatus {
    pkt.tsSec = tsSec;
    pkt.tsNsec = tsNsec;
    pkt.wirelen = wirelen;
    const frags = this.frags;
    if (frags.pending !== 0 && tsSec >= frags.nextExpirySec) frags.expire(tsSec + tsNsec / 1e9);
    if (this.fast && off >= 0 && caplen > 0 && off + caplen <= data.length) {
      if (decodeFast(data, off, off + caplen, linktype, pkt)) return DecodeStatus.Ok;
    }
    return this.layered(data, off, caplen, wirelen, linktype, tsSec, tsNsec, pkt);
  }

  /** The general path: every layer, tunnel, fragment and error. */
  private layered(
    data: Uint8Array,
    off: number,
    caplen: number,
    wirelen: number,
    linktype: number,
    tsSec: number,
    tsNsec: number,
    pkt: PacketInfo,
  ): DecodeStatus {
    pkt.frames = 1;
    pkt.ipVersion = 0;
    pkt.src[0] = 0;
    pkt.src[1] = 0;
    pkt.src[2] = 0;
    pkt.src[3] = 0;
    pkt.dst[0] = 0;
    pkt.dst[1] = 0;
    pkt.dst[2] = 0;
    pkt.dst[3] = 0;
    pkt.proto = 0;
    pkt.sport = 0;
    pkt.dport = 0;
    pkt.vlanId = 0;
    pkt.tunnel = Tunnel.None;
    pkt.tcpFlags = 0;
    pkt.tcpSeq = 0;
    pkt.tcpAck = 0;
    pkt.tcpWin = 0;
    pkt.icmpType = 0;
    pkt.icmpCode = 0;
    pkt.icmpId = 0;
    pkt.payload = data;
    pkt.payloadOff = off;
    pkt.payloadLen = 0;

    const s = this.s;
    // Never read past off+caplen, nor past the buffer.
    let start = off | 0;
    if (start < 0) start = 0;
    let end = start + (caplen > 0 ? caplen : 0);
    if (end > data.length) end = data.length;
    if (start > end) start = end;
    s.buf = data;
    s.off = start;
    s.end = end;
    s.pkt = pkt;
    s.snapped = caplen < wirelen;
    s.encaps = 0;
    s.hasOuter = false;
    s.tsSec = tsSec;
    s.tsNsec = tsNsec;
    s.wirelen = wirelen;

    const link = linkType(linktype);
    if (link === undefined) return this.skip(linktype);
    switch (link.decode(s)) {
      case Next.Ok:
        return DecodeStatus.Ok;
      case Next.NonIp:
        // A tunnel carrying something other than IP: the outer packet is the flow.
        if (restoreOuter(s)) return DecodeStatus.Ok;
        this.nonIp++;
        return DecodeStatus.NonIp;
      case Next.Pending:
        return DecodeStatus.Pending;
      case Next.Bad:
        this.problem(s.reason);
        return DecodeStatus.Malformed;
      case Next.Skipped:
        return this.skip(s.linktype);
      default:
        this.problem('internal-bad-outcome');
        return DecodeStatus.Malformed;
    }
  }

  private problem(reason: string): void {
    this.problems.set(reason, (this.problems.get(reason) ?? 0) + 1);
  }

  private skip(linktype: number): DecodeStatus {
    this.skippedLinktypes.set(linktype, (this.skippedLinktypes.get(linktype) ?? 0) + 1);
    return DecodeStatus.Skipped;
  }

  /** The run's decode figures for the report (reasons and link types in a stable order). */
  stats(counts: { packets: number; bytes: number; ipPackets: number; malformed: number }): DecodeStats {
    const problems: Record<string, number> = {};
    for (const [k, v] of [...this.problems].sort((a, b) => (a[0] < b[0] ? -1 : 1))) problems[k] = v;
    const skippedLinktypes: Record<string, number> = {};
    for (const [k, v] of [...this.skippedLinktypes].sort((a, b) => a[0] - b[0])) skippedLinktypes[String(k)] = v;
    const { packets, bytes, ipPackets, malformed } = counts;
    return { packets, bytes, ipPackets, nonIp: this.nonIp, malformed, problems, skippedLinktypes, fragments: { ...this.fragStats } };
  }
}
