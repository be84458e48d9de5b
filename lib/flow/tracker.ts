import {
  type PacketInfo,
  TCP_ACK,
  TCP_FIN,
  TCP_RST,
  TCP_SYN,
} from '../decode/packet.js';
import { type Dir, type EndReason, Flow } from './flow.js';
import { TcpConnState } from './conn-state.js';
import { FlowTable } from './table.js';
import { StreamBudget, TcpStream } from './tcp-stream.js';

/** Idle timeouts in seconds of packet time, per kind of flow (configurable). */
export interface FlowTimeouts {
  /** TCP flows without FIN/RST. */
  tcp: number;
  udp: number;
  /** ICMP, ICMPv6 and every other IP protocol. */
  other: number;
  /** After FIN from both sides or RST: grace for the trailing packets. */
  closed: number;
}

export const DEFAULT_TIMEOUTS: FlowTimeouts = { tcp: 3600, udp: 300, other: 300, closed: 5 };

export interface TrackerOptions {
  timeouts?: Partial<FlowTimeouts>;
  /** Bound on concurrent flows; when full, the longest-idle flow is ended first. */
  maxFlows?: number;
  /** Bytes of each TCP direction reassembled for the classifier. */
  streamLimit?: number;
  /** Bytes all TCP streams may hold together (default 256 MiB). */
  streamTotalLimit?: number;
  /** Run the periodic hook every this many seconds of packet time (0: never). */
  periodicSec?: number;
}

/** What the tracker tells the stages after it. */
export interface FlowEvents {
  /**
   * A packet of a flow that is not yet classified (flow.classified false). data/off/len:
   * for TCP the direction's reassembled stream from byte 0 (at data[off]) when this packet added in-order
   * bytes (else len 0); for the others the packet's payload.
   */
  inspect(flow: Flow, dir: Dir, pkt: PacketInfo, data: Uint8Array, off: number, len: number): void;
  /** Active flow, every periodicSec of packet time. */
  periodic?(flow: Flow, tsSec: number, tsNsec: number): void;
  /** The flow ended (flow.endReason says how); it is evicted after this call. */
  ended(flow: Flow): void;
}

const LIST_TCP = 0;
const LIST_UDP = 1;
const LIST_OTHER = 2;
const LIST_CLOSED = 3;
const LISTS = 4;
/** Released TCP streams kept for reuse, per tracker. */
const STREAM_POOL_MAX = 4096;

/**
 * Groups decoded packets into bidirectional flows: counters per direction, client/server
 * decision, TCP state and reassembly, and flow ends (FIN/RST, idle, table full, capture end).
 * Flows sit in one of four idle lists ordered by last packet time, so expiring idle flows
 * and evicting the longest-idle one cost O(1) per flow.
 */
export class FlowTracker {
  private readonly table = new FlowTable();
  private readonly heads: (Flow | null)[] = new Array(LISTS).fill(null);
  private readonly tails: (Flow | null)[] = new Array(LISTS).fill(null);
  private readonly timeouts: number[];
  private readonly maxFlows: number;
  private readonly streamLimit: number;
  /** What the TCP streams hold together, and the limit hits (read by analyze). */
  readonly streamBudget: StreamBudget;
  private readonly periodicSec: number;
  /**
   * Streams of flows that no longer need them, for the next ones: a stream lives as long as
   * its flow is inspected, often past two young-generation collections (a SYN-only flow keeps
   * one to its end), so each new one was copied and promoted by the collector.
   */
  private readonly streamPool: TcpStream[] = [];
  private nextId = 1;
  private lastSweepSec = -1;
  private lastPeriodicSweep = -1;
  /** The capture file being read (recorded on new flows). */
  capture = '';
  /** Flows ended because the table was full. */
  evictions = 0;
  /** Flows created so far. */
  flowsSeen = 0;
  /**
   * The current packet's sequence number, set by a caller that numbers packets (a `--jobs N`
   * worker): stamped on flows as they are created and move in their idle lists (Flow.firstSeq,
   * Flow.lruSeq), so that flows of several trackers can be put in one tracker's order.
   */
  seq = 0;

  constructor(
    private readonly events: FlowEvents,
    opts: TrackerOptions = {},
  ) {
    const t = { ...DEFAULT_TIMEOUTS, ...opts.timeouts };
    this.timeouts = [t.tcp, t.udp, t.other, t.closed];
    this.maxFlows = opts.maxFlows ?? Infinity;
    this.streamLimit = opts.streamLimit ?? 64 * 1024;
    this.streamBudget = new StreamBudget(opts.streamTotalLimit ?? 256 * 1024 * 1024);
    this.periodicSec = opts.periodicSec ?? 0;
  }

  get activeFlows(): number {
    return this.table.size;
  }

  /** Account one decoded packet. */
  packet(pkt: PacketInfo): void {
    const sec = pkt.tsSec;
    if (sec !== this.lastSweepSec) this.sweep(sec, pkt.tsNsec);

    const table = this.table;
    let flow = table.lookup(pkt);
    if (flow === undefined) {
      flow = this.create(pkt);
    } else if (flow.lruList === LIST_CLOSED && pkt.proto === 6 && (pkt.tcpFlags & (TCP_SYN | TCP_ACK)) === TCP_SYN) {
      // a new SYN on a closed connection: port reuse starts a new flow
      this.end(flow, flow.endReason);
      flow = this.create(pkt);
    }
    const dir: Dir = table.srcIsLo === flow.cliIsLo ? 0 : 1;

    // counters
    if (dir === 0) {
      flow.cli2srvPackets += pkt.frames;
      flow.cli2srvBytes += pkt.wirelen;
      flow.cli2srvPayload += pkt.payloadLen;
    } else {
      flow.srv2cliPackets += pkt.frames;
      flow.srv2cliBytes += pkt.wirelen;
      flow.srv2cliPayload += pkt.payloadLen;
    }
    flow.lastSec = sec;
    flow.lastNsec = pkt.tsNsec;

    let list = flow.lruList;
    if (pkt.proto === 6) list = this.tcpState(flow, dir, pkt);
    this.touch(flow, list, sec);

    if (!flow.classified) this.inspect(flow, dir, pkt);
  }

  /**
   * The idle sweep packet() runs on a packet of second `sec`, alone: a `--jobs N` worker runs
   * it for every packet of the input (lib/parallel/), also those of other workers' flows.
   */
  sweepTo(sec: number, nsec: number): void {
    if (sec !== this.lastSweepSec) this.sweep(sec, nsec);
  }

  /** End every remaining flow (capture end), in flow-id order. */
  finish(): void {
    const all: Flow[] = [];
    for (let l = 0; l < LISTS; l++) for (let f = this.heads[l]; f !== null; f = f.lruNext) all.push(f);
    all.sort((a, b) => a.id - b.id);
    for (const f of all) this.end(f, f.lruList === LIST_CLOSED ? f.endReason : 'capture-end');
  }

  private create(pkt: PacketInfo): Flow {
    if (this.table.size >= this.maxFlows) this.evictOldest();
    const flow = new Flow(this.nextId++);
    this.flowsSeen++;
    flow.ipVersion = pkt.ipVersion === 6 ? 6 : 4;
    flow.proto = pkt.proto;
    flow.vlanId = pkt.vlanId;
    flow.tunnel = pkt.tunnel;
    copyWords(flow.cli, pkt.src);
    copyWords(flow.srv, pkt.dst);
    flow.cliPort = pkt.sport;
    flow.srvPort = pkt.dport;
    flow.cliIsLo = this.table.srcIsLo;
    flow.firstSec = pkt.tsSec;
    flow.firstNsec = pkt.tsNsec;
    flow.firstSeq = this.seq;
    flow.capture = this.capture;
    flow.lruList = pkt.proto === 6 ? LIST_TCP : pkt.proto === 17 ? LIST_UDP : LIST_OTHER;
    if (senderIsServer(pkt)) {
      flow.swapEndpoints();
      flow.flipped = true;
    }
    if (pkt.proto === 6) flow.tcpConn = new TcpConnState(flow.flipped);
    if (pkt.proto === 1 || pkt.proto === 58) {
      flow.icmpType = pkt.icmpType;
      flow.icmpCode = pkt.icmpCode;
      flow.icmpId = pkt.icmpId;
    }
    this.table.insert(flow);
    this.append(flow, flow.lruList);
    return flow;
  }

  /** TCP flags, handshake, FIN/RST; returns the idle list the flow belongs in now. */
  private tcpState(flow: Flow, dir: Dir, pkt: PacketInfo): number {
    const flags = pkt.tcpFlags;
    flow.tcpConn!.packet(dir, pkt);
    if (dir === 0) flow.cliTcpFlags |= flags;
    else flow.srvTcpFlags |= flags;
    if (
      !flow.handshakeDone &&
      dir === 0 &&
      (flags & (TCP_ACK | TCP_SYN)) === TCP_ACK &&
      flow.cliTcpFlags & TCP_SYN &&
      (flow.srvTcpFlags & (TCP_SYN | TCP_ACK)) === (TCP_SYN | TCP_ACK)
    ) {
      flow.handshakeDone = true;
    }
    if (flags & TCP_SYN && !flow.classified) {
      let s = dir === 0 ? flow.cliStream : flow.srvStream;
      if (s === null) s = this.newStream(flow, dir);
      s.syn(pkt.tcpSeq);
    }
    if (flags & TCP_RST) {
      flow.endReason = 'rst';
      return LIST_CLOSED;
    }
    if (flags & TCP_FIN) {
      flow.finMask |= dir === 0 ? 1 : 2;
      if (flow.finMask === 3) {
        flow.endReason = 'fin';
        return LIST_CLOSED;
      }
    }
    return flow.lruList;
  }

  private inspect(flow: Flow, dir: Dir, pkt: PacketInfo): void {
    flow.inspected++;
    if (pkt.proto === 6) {
      let len = 0;
      let s = dir === 0 ? flow.cliStream : flow.srvStream;
      if (pkt.payloadLen > 0) {
        if (s === null) s = this.newStream(flow, dir);
        if (s.add(pkt.tcpSeq, pkt.payload, pkt.payloadOff, pkt.payloadLen)) len = s.len;
      }
      if (s === null) this.events.inspect(flow, dir, pkt, pkt.payload, 0, 0);
      else this.events.inspect(flow, dir, pkt, s.buf, s.start, len);
      if (flow.classified) this.dropStreams(flow);
      else if (s !== null && s.borrowed) s.own(); // the packet's bytes are not ours after this
      return;
    }
    this.events.inspect(flow, dir, pkt, pkt.payload, pkt.payloadOff, pkt.payloadLen);
    if (flow.classified) this.dropStreams(flow);
  }

  private newStream(flow: Flow, dir: Dir): TcpStream {
    let s = this.streamPool.pop();
    if (s !== undefined) s.reuse();
    else s = new TcpStream(this.streamLimit, this.streamBudget);
    if (dir === 0) flow.cliStream = s;
    else flow.srvStream = s;
    return s;
  }

  /** The flow's TCP streams are no longer needed: their bytes go back to the budget, the streams to the pool. */
  private dropStreams(flow: Flow): void {
    const c = flow.cliStream;
    const s = flow.srvStream;
    if (c === null && s === null) return;
    flow.cliStream = flow.srvStream = null;
    if (c !== null) this.recycle(c);
    if (s !== null) this.recycle(s);
  }

  private recycle(s: TcpStream): void {
    s.release();
    if (this.streamPool.length < STREAM_POOL_MAX) this.streamPool.push(s);
  }

  /** Expire idle flows (once per second of packet time) and run periodic hooks. */
  private sweep(sec: number, nsec: number): void {
    this.lastSweepSec = sec;
    for (let l = 0; l < LISTS; l++) {
      const limit = sec - this.timeouts[l];
      let f = this.heads[l];
      while (f !== null && f.lastSec < limit) {
        const next = f.lruNext;
        this.end(f, l === LIST_CLOSED ? f.endReason : 'idle');
        f = next;
      }
    }
    const periodic = this.events.periodic;
    if (periodic !== undefined && this.periodicSec > 0) {
      if (this.lastPeriodicSweep < 0) this.lastPeriodicSweep = sec;
      else if (sec - this.lastPeriodicSweep >= this.periodicSec) {
        this.lastPeriodicSweep = sec;
        for (let l = 0; l < LISTS; l++) {
          for (let f = this.heads[l]; f !== null; f = f.lruNext) {
            if (sec - f.firstSec >= this.periodicSec) periodic.call(this.events, f, sec, nsec);
          }
        }
      }
    }
  }

  /**
   * End the longest-idle flow early (the memory budget: reason `memory`); false when no flow
   * is left.
   */
  endLongestIdle(reason: EndReason): boolean {
    const f = this.oldest();
    if (f === null) return false;
    this.end(f, reason);
    return true;
  }

  private oldest(): Flow | null {
    let oldest: Flow | null = null;
    for (let l = 0; l < LISTS; l++) {
      const h = this.heads[l];
      if (h !== null && (oldest === null || h.lastSec < oldest.lastSec || (h.lastSec === oldest.lastSec && h.lastNsec < oldest.lastNsec))) oldest = h;
    }
    return oldest;
  }

  private evictOldest(): void {
    let oldest: Flow | null = null;
    for (let l = 0; l < LISTS; l++) {
      const h = this.heads[l];
      if (h !== null && (oldest === null || h.lastSec < oldest.lastSec || (h.lastSec === oldest.lastSec && h.lastNsec < oldest.lastNsec))) oldest = h;
    }
    if (oldest !== null) {
      this.evictions++;
      this.end(oldest, 'evicted');
    }
  }

  private end(flow: Flow, reason: EndReason): void {
    flow.endReason = reason;
    this.unlink(flow);
    this.table.remove(flow);
    this.dropStreams(flow);
    this.events.ended(flow);
  }

  // --- idle lists: doubly linked, least recently seen at the head ---
  /**
   * Idle lists are ordered by the second of the last packet, so a flow moves at most once
   * per second of packet time: a burst costs no list work, and expiry (which works in whole
   * seconds) stays exact.
   */
  private touch(flow: Flow, list: number, sec: number): void {
    if (list === flow.lruList && flow.lruSec === sec) return;
    flow.lruSec = sec;
    // at its list's tail either way (moved or already there): ordered after every flow stamped before
    flow.lruSeq = this.seq;
    if (this.tails[list] === flow && list === flow.lruList) return;
    this.unlink(flow);
    this.append(flow, list);
  }

  private append(flow: Flow, list: number): void {
    flow.lruList = list;
    flow.lruSeq = this.seq;
    flow.lruNext = null;
    flow.lruPrev = this.tails[list];
    if (flow.lruPrev !== null) flow.lruPrev.lruNext = flow;
    else this.heads[list] = flow;
    this.tails[list] = flow;
  }

  private unlink(flow: Flow): void {
    const l = flow.lruList;
    if (flow.lruPrev !== null) flow.lruPrev.lruNext = flow.lruNext;
    else this.heads[l] = flow.lruNext;
    if (flow.lruNext !== null) flow.lruNext.lruPrev = flow.lruPrev;
    else this.tails[l] = flow.lruPrev;
    flow.lruPrev = flow.lruNext = null;
  }
}

/**
 * Whether the first packet of a flow came from the server: a SYN/ACK, an ICMP echo reply,
 * or a packet from a well-known port (< 1024) to an ephemeral one (as ntopng swaps).
 */
function senderIsServer(pkt: PacketInfo): boolean {
  if (pkt.proto === 6) {
    const f = pkt.tcpFlags;
    if (f & TCP_SYN) return (f & TCP_ACK) !== 0;
  } else if (pkt.proto === 1) {
    return pkt.icmpType === 0;
  } else if (pkt.proto === 58) {
    return pkt.icmpType === 129;
  } else if (pkt.proto !== 17 && pkt.proto !== 132) {
    return false;
  }
  return pkt.sport < 1024 && pkt.dport >= 1024;
}

function copyWords(to: number[], from: Uint32Array): void {
  to[0] = from[0];
  to[1] = from[1];
  to[2] = from[2];
  to[3] = from[3];
}
