/**
 * The decoder's cursor: which bytes the next layer reads, plus the little state layers hand on.
 * Each layer function reads `buf[off..end)`, fills the PacketInfo, moves the cursor and calls
 * the next layer, returning how the packet ended. Depth is bounded: every step consumes
 * bytes, and encapsulations are capped at MAX_ENCAPS.
 */
import { PacketInfo, Tunnel } from './packet.js';
import type { Reassembler } from './fragments.js';

/** How a layer (and so the packet) ended. */
export const enum Next {
  /** An IP packet: the PacketInfo is filled. */
  Ok = 1,
  /** Malformed: `s.reason` names why. */
  Bad,
  /** A frame without IP. */
  NonIp,
  /** A fragment held for reassembly. */
  Pending,
  /** A link type inside a wrapper (PPI) that is not supported: `s.linktype`. */
  Skipped,
  /** From the reassembler only: the cursor now covers a whole datagram's payload. */
  Reassembled,
}

/** At most this many encapsulations (tunnels, IP in IP …) per packet. */
export const MAX_ENCAPS = 8;

export class DecodeState {
  buf: Uint8Array = new Uint8Array(0);
  off = 0;
  end = 0;
  pkt: PacketInfo = new PacketInfo();
  /** Ethertype for etherType(). */
  etherType = 0;
  /** Unsupported inner link type, for Next.Skipped. */
  linktype = 0;
  /** Reason when a layer returns Next.Bad (a stable kebab-case name). */
  reason = '';
  /** The record was cut by the snap length: lengths beyond the frame are clipped, not malformed. */
  snapped = false;
  /** Encapsulations entered so far. */
  encaps = 0;
  /** Packet time (fragment timeouts). */
  tsSec = 0;
  tsNsec = 0;
  /** The record's original length (fragment bookkeeping). */
  wirelen = -0; // a double field from the start (as PacketInfo.wirelen)
  /** IPv4/IPv6 fragment reassembly (set by the Decoder). */
  frags: Reassembler | null = null;
  /** The packet as it was when the innermost tunnel was entered, to fall back to. */
  hasOuter = false;
  readonly outer = new PacketInfo();
}

/** Mark the packet malformed with `reason`. */
export function bad(s: DecodeState, reason: string): Next {
  s.reason = reason;
  return Next.Bad;
}

/** Enter an encapsulation: records the outermost tunnel type; bounds nesting depth. */
export function enterTunnel(s: DecodeState, tunnel: Tunnel): boolean {
  if (++s.encaps > MAX_ENCAPS) return false;
  copyFlowFields(s.pkt, s.outer);
  s.hasOuter = true;
  if (s.pkt.tunnel === 0) s.pkt.tunnel = tunnel;
  return true;
}

/**
 * A tunnel whose inner frame turned out not to be IP: describe the outer packet again.
 * Returns false when no tunnel was entered.
 */
export function restoreOuter(s: DecodeState): boolean {
  if (!s.hasOuter) return false;
  copyFlowFields(s.outer, s.pkt);
  return true;
}

/** The fields a layer after a tunnel may change. */
function copyFlowFields(from: PacketInfo, to: PacketInfo): void {
  to.ipVersion = from.ipVersion;
  to.src[0] = from.src[0];
  to.src[1] = from.src[1];
  to.src[2] = from.src[2];
  to.src[3] = from.src[3];
  to.dst[0] = from.dst[0];
  to.dst[1] = from.dst[1];
  to.dst[2] = from.dst[2];
  to.dst[3] = from.dst[3];
  to.proto = from.proto;
  to.sport = from.sport;
  to.dport = from.dport;
  to.vlanId = from.vlanId;
  to.tunnel = from.tunnel;
  to.tcpFlags = from.tcpFlags;
  to.tcpSeq = from.tcpSeq;
  to.tcpAck = from.tcpAck;
  to.tcpWin = from.tcpWin;
  to.icmpType = from.icmpType;
  to.icmpCode = from.icmpCode;
  to.icmpId = from.icmpId;
  to.payload = from.payload;
  to.payloadOff = from.payloadOff;
  to.payloadLen = from.payloadLen;
  to.frames = from.frames;
  to.wirelen = from.wirelen;
}
