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

/** One side of a TCP connection. Sequence numbers are kept as signed 32-bit integers. */
class Endpoint {
  state = INACTIVE;
  prev = INACTIVE;
  startSeq = 0;
  lastSeq = 0;
  ackSeq = 0;
  lastSyn = 0;
  lastFin = 0;
  lastRst = 0;
  fins = 0;
  /** Retransmissions and zero windows seen (a letter at 1, 10, 100 … of each). */
  rexmits = 0;
  zeroWindows = 0;

  setState(s: number): void {
    if (s !== this.state) {
      this.prev = this.state;
      this.state = s;
    }
  }

  /** Resets the sequence space to a SYN at `seq` (`end`: one past its segment). */
  initSeq(seq: number, end: number): void {
    this.startSeq = this.ackSeq = seq;
    this.lastSeq = end;
  }

  /** Bytes sent as the sequence numbers tell (Zeek's Size()); only compared with 0 here. */
  size(peer: Endpoint): number {
    if (this.prev === SYN_SENT && this.state === RESET && peer.state === INACTIVE && !this.noDataAcked()) return 0;
    const hi = ((this.lastSeq - this.ackSeq) | 0) > 0 ? this.lastSeq : this.ackSeq;
    let size = (hi - this.startSeq) >>> 0;
    if (size !== 0) size--;
    if (this.fins > 0 && size !== 0) size--;
    return size;
  }

  private noDataAcked(): boolean {
    return this.ackSeq === this.startSeq || this.ackSeq === ((this.startSeq + 1) | 0);
  }
}

/** True for 1, 10, 100, …: the counts at which Zeek records a letter again. */
function isPowerOfTen(n: number): boolean {
  while (n >= 10 && n % 10 === 0) n /= 10;
  return n === 1;
}

/** The TCP state of one flow: both endpoints and the history so far. */
export class TcpConnState {
  readonly orig = new Endpoint();
  readonly resp = new Endpoint();
  /** Letters recorded once (H_* bits; the responder's shifted left by 16). */
  private seen = 0;
  history: string;

  /** `flipped`: the first packet came from the server (history starts with `^`). */
  constructor(flipped: boolean) {
    this.history = flipped ? '^' : '';
  }

  /** Accounts one packet; dir 0 is from the client (Zeek's originator). */
  packet(dir: number, pkt: PacketInfo): void {
    const flags = pkt.tcpFlags;
    const isOrig = dir === 0;
    const ep = isOrig ? this.orig : this.resp;
    const peer = isOrig ? this.resp : this.orig;
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

    // the endpoint's sequence space (Zeek's init_endpoint)
    switch (ep.state) {
      case INACTIVE:
        if (syn) ep.initSeq(seq, end);
        else {
          // a partial connection: numbered as though a SYN came just before
          ep.startSeq = ep.ackSeq = (seq - 1) | 0;
          ep.lastSeq = seq;
        }
        break;
      case SYN_SENT:
      case SYN_ACK_SENT:
        if (syn && seq !== ep.startSeq) ep.initSeq(seq, end);
        break;
      case ESTABLISHED:
      case PARTIAL:
        if (syn) ep.initSeq(seq, end);
        break;
      case RESET:
        if (syn && ep.prev === INACTIVE) ep.initSeq(seq, end);
        break;
    }
    const relSeq = (seq - ep.startSeq) | 0;

    // history letters
    const shift = isOrig ? 0 : 16;
    const n = (syn ? 1 : 0) + (fin ? 1 : 0) + (rst ? 1 : 0);
    if (n > 1) {
      if (fin && rst) this.once(H_FIN_RST << shift, isOrig ? 'I' : 'i');
      else this.once(H_MULTI << shift, isOrig ? 'Q' : 'q');
    } else if (n === 1) {
      if (syn) {
        const code = hasAck ? (isOrig ? 'H' : 'h') : isOrig ? 'S' : 's';
        if (this.once(H_SYN << shift, code) && relSeq !== ep.lastSyn) this.history += code;
        ep.lastSyn = relSeq;
      } else if (fin) {
        const at = (relSeq + len) | 0;
        if (this.once(H_FIN << shift, isOrig ? 'F' : 'f') && at !== ep.lastFin) this.history += isOrig ? 'F' : 'f';
        ep.lastFin = at;
      } else {
        if (this.once(H_RST << shift, isOrig ? 'R' : 'r') && relSeq !== ep.lastRst) this.history += isOrig ? 'R' : 'r';
        ep.lastRst = relSeq;
      }
    } else if (len > 0) this.once(H_DATA << shift, isOrig ? 'D' : 'd');
    else if (hasAck) this.once(H_ACK << shift, isOrig ? 'A' : 'a');

    // a zero window is of interest unless it comes with or after a RST, or after the peer's FIN
    if (pkt.tcpWin === 0 && !rst && peer.state !== CLOSED && ep.state !== RESET && isPowerOfTen(++ep.zeroWindows)) {
      this.history += isOrig ? 'W' : 'w';
    }
    if (fin) ep.fins++;

    // what the peer has acknowledged (Zeek's init_peer / update_ack_seq)
    if (hasAck) {
      if (peer.state === INACTIVE) {
        const a = (ack - 1) | 0;
        peer.startSeq = peer.ackSeq = peer.lastSeq = a;
      } else if (((ack - peer.startSeq) | 0) >= 0 && !rst) {
        const d = (ack - peer.ackSeq) | 0;
        if (!(ack === 0 && d > TOO_LARGE_SEQ_DELTA) && d > 0) peer.ackSeq = ack;
      }
    }

    // the highest sequence number sent; payload at or below it is a retransmission
    const deltaLast = (end - ep.lastSeq) | 0;
    if ((syn || rst) && (deltaLast > TOO_LARGE_SEQ_DELTA || deltaLast < -TOO_LARGE_SEQ_DELTA)) {
      // not trusted
    } else if (fin && ep.lastSeq === ((ep.startSeq + 1) | 0)) ep.lastSeq = end;
    else if (ep.state === RESET) {
      // nothing after a RST is trusted
    } else if (deltaLast > 0) ep.lastSeq = end;
    else if (len > 0 && isPowerOfTen(++ep.rexmits)) this.history += isOrig ? 'T' : 't';

    this.step(ep, peer, isOrig, syn, fin, rst, hasAck, len);
  }

  /** Adds `code` the first time `mask` is seen; true when it had been seen before. */
  private once(mask: number, code: string): boolean {
    if ((this.seen & mask) !== 0) return true;
    this.seen |= mask;
    this.history += code;
    return false;
  }

  /** The endpoint's state transition on this packet (Zeek's UpdateStateMachine). */
  private step(ep: Endpoint, peer: Endpoint, isOrig: boolean, syn: boolean, fin: boolean, rst: boolean, ack: boolean, len: number): void {
    switch (ep.state) {
      case INACTIVE:
        if (syn) {
          if (isOrig) ep.setState(ack ? SYN_ACK_SENT : SYN_SENT);
          else {
            // (Zeek flips the roles when a pure SYN answers the originator's SYN/ACK; a
            // flow's client is fixed here, so the responder's SYN only establishes it)
            if (!ack && peer.state === SYN_ACK_SENT) peer.setState(ESTABLISHED);
            if (peer.state === SYN_SENT) peer.setState(ESTABLISHED);
            ep.setState(ESTABLISHED);
          }
        }
        if (fin) ep.setState(CLOSED);
        if (rst) ep.setState(RESET);
        if (ep.state === INACTIVE) {
          if (!isOrig && len === 0 && this.orig.state === SYN_SENT) {
            // an ACK of the SYN before the SYN/ACK: not yet a partial connection
          } else if (ack && peer.state === ESTABLISHED) ep.setState(ESTABLISHED);
          else ep.setState(PARTIAL);
        }
        return;
      case SYN_SENT:
      case SYN_ACK_SENT:
        if (fin) ep.setState(CLOSED);
        if (rst) ep.setState(RESET);
        return;
      case ESTABLISHED:
      case PARTIAL:
        if (syn && ep.state === PARTIAL && peer.state === INACTIVE && !ack) ep.setState(SYN_SENT);
        if (fin && !rst) {
          ep.setState(CLOSED);
          // the peer's FIN then RST: a normal close after all
          if (peer.state === RESET && peer.prev === CLOSED) peer.setState(CLOSED);
        }
        if (rst) ep.setState(RESET);
        return;
      case CLOSED:
        if (rst && peer.state !== CLOSED) ep.setState(RESET);
        return;
    }
  }

  /** Zeek's conn_state for a TCP connection with these endpoints. */
  connState(): string {
    const os = this.orig.state;
    const rs = this.resp.state;
    const oInactive = os === INACTIVE || os === PARTIAL;
    const rInactive = rs === INACTIVE || rs === PARTIAL;
    if (rs === RESET) {
      if (os === SYN_SENT || os === SYN_ACK_SENT || (os === RESET && this.orig.size(this.resp) === 0 && this.resp.size(this.orig) === 0)) return 'REJ';
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
