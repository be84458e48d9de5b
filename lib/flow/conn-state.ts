/**
 * Zeek's connection state (conn.log `conn_state`) and history (`history`) of a flow, so that
 * analysts can use the vocabulary they know. The rules are Zeek's (its TCP analyzer's
 * per-endpoint state machine and history letters, its conn.log script's mapping of the two
 * endpoint states to S0 … OTH), re-expressed here; Zeek's originator is flowcheck's client.
 *
 * Per TCP packet: a few integer operations and no allocation (the history string grows only
 * when a letter is added, a bounded number of times per flow). UDP and other flows are
 * derived at report time from the flow's counters.
 *
 * Not recorded: `c`/`C` (bad checksum: flowcheck does not verify checksums), `g`/`G` (content
 * gaps: Zeek's reassembler finds them), `x` (Zeek's analysis limits). Payload lengths are the
 * captured ones, so a capture cut by its snap length may show `A` where Zeek shows `D`.
 */
import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN, type PacketInfo } from '../decode/packet.js';
import type { Flow } from './flow.js';

// Endpoint states (Zeek's TCP_ENDPOINT_*).
const INACTIVE = 0;
const SYN_SENT = 1;
const SYN_ACK_SENT = 2;
const PARTIAL = 3;
const ESTABLISHED = 4;
const CLOSED = 5;
const RESET = 6;

// Letters recorded once per direction (bits of `seen`; the responder's are shifted by 16).
const H_SYN = 0x1;
const H_FIN = 0x2;
const H_RST = 0x4;
const H_FIN_RST = 0x8;
const H_DATA = 0x10;
const H_ACK = 0x20;
const H_MULTI = 0x40;

/** Sequence jumps beyond this are not trusted on SYN and RST packets (Zeek's TOO_LARGE_SEQ_DELTA). */
const TOO_LARGE_SEQ_DELTA = 1048576;

// `states` holds both endpoints' states, 3 bits each at bit 6 * side: the state, then (3 bits
// up) the state before it; bit 12 + side: that side sent a FIN. Side 0 is the client.
function stateOf(states: number, side: number): number {
  return (states >> (side * 6)) & 7;
}
function prevOf(states: number, side: number): number {
  return (states >> (side * 6 + 3)) & 7;
}
/** `states` with `side` moved to state `s` (its previous state kept when it changes). */
function withState(states: number, side: number, s: number): number {
  const sh = side * 6;
  const cur = (states >> sh) & 7;
  if (s === cur) return states;
  return (states & ~(63 << sh)) | (s << sh) | (cur << (sh + 3));
}

/** True for 1, 10, 100, …: the counts at which Zeek records a letter again. */
function isPowerOfTen(n: number): boolean {
  while (n >= 10 && n % 10 === 0) n /= 10;
  return n === 1;
}

/**
 * The TCP state of one flow: both endpoints (Zeek's TCP_Endpoint: state, sequence space,
 * sequence numbers of the last SYN/FIN/RST for the history) and the history so far. One
 * object of integer fields per flow (o… the client's, r… the server's); sequence numbers are
 * kept as signed 32-bit integers.
 */
export class TcpConnState {
  private states = 0;
  /** Letters recorded once (H_* bits; the server's shifted left by 16). */
  private seen = 0;
  history: string;
  private oStart = 0;
  private oLast = 0;
  private oAck = 0;
  private oSyn = 0;
  private oFin = 0;
  private oRst = 0;
  /** Retransmissions and zero windows (a letter at 1, 10, 100 … of each). */
  private oRexmits = 0;
  private oZeroWindows = 0;
  private rStart = 0;
  private rLast = 0;
  private rAck = 0;
  private rSyn = 0;
  private rFin = 0;
  private rRst = 0;
  private rRexmits = 0;
  private rZeroWindows = 0;

  /** `flipped`: the first packet came from the server (history starts with `^`). */
  constructor(flipped: boolean) {
    this.history = flipped ? '^' : '';
  }

  /** Accounts one packet; dir 0 is from the client (Zeek's originator). */
  packet(dir: number, pkt: PacketInfo): void {
    const flags = pkt.tcpFlags;
    const isOrig = dir === 0;
    const len = pkt.payloadLen;
    const seq = pkt.tcpSeq | 0;
    const ack = pkt.tcpAck | 0;
    const syn = (flags & TCP_SYN) !== 0;
    const fin = (flags & TCP_FIN) !== 0;
    const rst = (flags & TCP_RST) !== 0;
    const hasAck = (flags & TCP_ACK) !== 0;

    let segLen = rst ? 0 : len;
    if (syn) segLen++;
    if (fin) segLen++;
    const end = (seq + segLen) | 0;

    const states = this.states;
    const es = stateOf(states, dir);
    const ps = stateOf(states, dir ^ 1);
    let start = isOrig ? this.oStart : this.rStart;
    let last = isOrig ? this.oLast : this.rLast;
    let acked = isOrig ? this.oAck : this.rAck;

    // the endpoint's sequence space (Zeek's init_endpoint)
    let init = false;
    switch (es) {
      case INACTIVE:
        if (syn) init = true;
        else {
          // a partial connection: numbered as though a SYN came just before
          start = acked = (seq - 1) | 0;
          last = seq;
        }
        break;
      case SYN_SENT:
      case SYN_ACK_SENT:
        init = syn && seq !== start;
        break;
      case ESTABLISHED:
      case PARTIAL:
        init = syn;
        break;
      case RESET:
        init = syn && prevOf(states, dir) === INACTIVE;
        break;
    }
    if (init) {
      start = acked = seq;
      last = end;
    }
    const relSeq = (seq - start) | 0;

    // history letters
    const shift = isOrig ? 0 : 16;
    const n = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
    if (n > 1) {
      if (fin && rst) this.once(H_FIN_RST << shift, isOrig ? 'I' : 'i');
      else this.once(H_MULTI << shift, isOrig ? 'Q' : 'q');
    } else if (n === 1) {
      if (syn) {
        const code = hasAck ? (isOrig ? 'H' : 'h') : isOrig ? 'S' : 's';
        if (this.once(H_SYN << shift, code) && relSeq !== (isOrig ? this.oSyn : this.rSyn)) this.history += code;
        if (isOrig) this.oSyn = relSeq;
        else this.rSyn = relSeq;
      } else if (fin) {
        const at = (relSeq + len) | 0;
        if (this.once(H_FIN << shift, isOrig ? 'F' : 'f') && at !== (isOrig ? this.oFin : this.rFin)) this.history += isOrig ? 'F' : 'f';
        if (isOrig) this.oFin = at;
        else this.rFin = at;
      } else {
        if (this.once(H_RST << shift, isOrig ? 'R' : 'r') && relSeq !== (isOrig ? this.oRst : this.rRst)) this.history += isOrig ? 'R' : 'r';
        if (isOrig) this.oRst = relSeq;
        else this.rRst = relSeq;
      }
    } else if (len > 0) this.once(H_DATA << shift, isOrig ? 'D' : 'd');
    else if (hasAck) this.once(H_ACK << shift, isOrig ? 'A' : 'a');

    // a zero window is of interest unless it comes with or after a RST, or after the peer's FIN
    if (pkt.tcpWin === 0 && !rst && ps !== CLOSED && es !== RESET) {
      const count = isOrig ? ++this.oZeroWindows : ++this.rZeroWindows;
      if (isPowerOfTen(count)) this.history += isOrig ? 'W' : 'w';
    }

    // what the peer has acknowledged (Zeek's init_peer / update_ack_seq)
    if (hasAck) {
      if (ps === INACTIVE) {
        const a = (ack - 1) | 0;
        if (isOrig) this.rStart = this.rAck = this.rLast = a;
        else this.oStart = this.oAck = this.oLast = a;
      } else if (!rst && ((ack - (isOrig ? this.rStart : this.oStart)) | 0) >= 0) {
        const d = (ack - (isOrig ? this.rAck : this.oAck)) | 0;
        if (d > 0 && !(ack === 0 && d > TOO_LARGE_SEQ_DELTA)) {
          if (isOrig) this.rAck = ack;
          else this.oAck = ack;
        }
      }
    }

    // the highest sequence number sent; payload at or below it is a retransmission
    const deltaLast = (end - last) | 0;
    if ((syn || rst) && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
      // not trusted
    } else if (fin && last === ((start + 1) | 0)) last = end;
    else if (es === RESET) {
      // nothing after a RST is trusted
    } else if (deltaLast > 0) last = end;
    else if (len > 0) {
      const count = isOrig ? ++this.oRexmits : ++this.rRexmits;
      if (isPowerOfTen(count)) this.history += isOrig ? 'T' : 't';
    }

    if (isOrig) {
      this.oStart = start;
      this.oLast = last;
      this.oAck = acked;
    } else {
      this.rStart = start;
      this.rLast = last;
      this.rAck = acked;
    }
    this.states = step(fin ? states | (1 << (12 + dir)) : states, dir, syn, fin, rst, hasAck, len);
  }

  /** Adds `code` the first time `mask` is seen; true when it had been seen before. */
  private once(mask: number, code: string): boolean {
    if ((this.seen & mask) !== 0) return true;
    this.seen |= mask;
    this.history += code;
    return false;
  }

  /** Bytes the side sent as its sequence numbers tell (Zeek's Size()); only compared with 0. */
  private size(side: number): number {
    const s = this.states;
    const start = side === 0 ? this.oStart : this.rStart;
    const last = side === 0 ? this.oLast : this.rLast;
    const acked = side === 0 ? this.oAck : this.rAck;
    const noDataAcked = acked === start || acked === ((start + 1) | 0);
    if (prevOf(s, side) === SYN_SENT && stateOf(s, side) === RESET && stateOf(s, side ^ 1) === INACTIVE && !noDataAcked) return 0;
    const hi = ((last - acked) | 0) > 0 ? last : acked;
    let size = (hi - start) >>> 0;
    if (size !== 0) size--;
    if ((s & (1 << (12 + side))) !== 0 && size !== 0) size--;
    return size;
  }

  /** Zeek's conn_state for a TCP connection with these endpoints. */
  connState(): string {
    const os = stateOf(this.states, 0);
    const rs = stateOf(this.states, 1);
    const oInactive = os === INACTIVE || os === PARTIAL;
    const rInactive = rs === INACTIVE || rs === PARTIAL;
    if (rs === RESET) {
      if (os === SYN_SENT || os === SYN_ACK_SENT || (os === RESET && this.size(0) === 0 && this.size(1) === 0)) return 'REJ';
      return oInactive ? 'RSTRH' : 'RSTR';
    }
    if (os === RESET) {
      if (rInactive) return RSTOS0_HISTORY.test(this.history) ? 'RSTOS0' : 'OTH';
      return 'RSTO';
    }
    if (rs === CLOSED && os === CLOSED) return 'SF';
    if (os === CLOSED) return rInactive ? 'SH' : 'S2';
    if (rs === CLOSED) return oInactive ? 'SHR' : 'S3';
    if (os === SYN_SENT && rs === INACTIVE) return 'S0';
    if (os === ESTABLISHED && rs === ESTABLISHED) return 'S1';
    return 'OTH';
  }
}

/** The endpoint states after a packet from `dir` (Zeek's UpdateStateMachine). */
function step(states: number, dir: number, syn: boolean, fin: boolean, rst: boolean, ack: boolean, len: number): number {
  let s = states;
  const me = dir;
  const peer = dir ^ 1;
  const isOrig = dir === 0;
  switch (stateOf(s, me)) {
    case INACTIVE:
      if (syn) {
        if (isOrig) s = withState(s, me, ack ? SYN_ACK_SENT : SYN_SENT);
        else {
          // (Zeek flips the roles when a pure SYN answers the originator's SYN/ACK; a flow's
          // client is fixed here, so the responder's SYN only establishes it)
          if (!ack && stateOf(s, peer) === SYN_ACK_SENT) s = withState(s, peer, ESTABLISHED);
          if (stateOf(s, peer) === SYN_SENT) s = withState(s, peer, ESTABLISHED);
          s = withState(s, me, ESTABLISHED);
        }
      }
      if (fin) s = withState(s, me, CLOSED);
      if (rst) s = withState(s, me, RESET);
      if (stateOf(s, me) === INACTIVE) {
        if (!isOrig && len === 0 && stateOf(s, 0) === SYN_SENT) {
          // an ACK of the SYN before the SYN/ACK: not yet a partial connection
        } else if (ack && stateOf(s, peer) === ESTABLISHED) s = withState(s, me, ESTABLISHED);
        else s = withState(s, me, PARTIAL);
      }
      return s;
    case SYN_SENT:
    case SYN_ACK_SENT:
      if (fin) s = withState(s, me, CLOSED);
      if (rst) s = withState(s, me, RESET);
      return s;
    case ESTABLISHED:
    case PARTIAL:
      if (syn && stateOf(s, me) === PARTIAL && stateOf(s, peer) === INACTIVE && !ack) s = withState(s, me, SYN_SENT);
      if (fin && !rst) {
        s = withState(s, me, CLOSED);
        // the peer's FIN then RST: a normal close after all
        if (stateOf(s, peer) === RESET && prevOf(s, peer) === CLOSED) s = withState(s, peer, CLOSED);
      }
      if (rst) s = withState(s, me, RESET);
      return s;
    case CLOSED:
      if (rst && stateOf(s, peer) !== CLOSED) s = withState(s, me, RESET);
      return s;
  }
  return s;
}

/** A SYN, then no handshake, ACK, FIN, gap or odd flags from the originator before its RST. */
const RSTOS0_HISTORY = /^\^?S[^HAFGIQ]*R/;

/** The flow's conn_state as Zeek's conn.log defines it (S0, S1, SF, REJ, … OTH). */
export function connState(f: Flow): string {
  if (f.tcpConn !== null) return f.tcpConn.connState();
  if (f.proto === 17) {
    const o = f.cli2srvPackets > 0;
    const r = f.srv2cliPackets > 0;
    return o ? (r ? 'SF' : 'S0') : r ? 'SHR' : 'OTH';
  }
  return 'OTH';
}

/**
 * The flow's history as Zeek's conn.log defines it: upper case for the client (originator),
 * lower case for the server; `^` first when the first packet came from the server. UDP
 * records `D`/`d` once per direction; other protocols record nothing ("").
 */
export function connHistory(f: Flow): string {
  if (f.tcpConn !== null) return f.tcpConn.history;
  if (f.proto === 17) {
    const o = f.cli2srvPackets > 0 ? 'D' : '';
    const r = f.srv2cliPackets > 0 ? 'd' : '';
    return f.flipped ? '^' + r + o : o + r;
  }
  return '';
}
