/**
 * The decoder's output: one flat, reused struct per packet (no per-layer objects).
 * Addresses are kept as integers: IPv4 in word 0 (host order), IPv6 as four big-endian words.
 */
export const enum Tunnel {
  None = 0,
  GRE = 1,
  VXLAN = 2,
  GTP = 3,
  IPinIP = 4,
  Teredo = 5,
  CAPWAP = 6,
}

export const TUNNEL_NAMES = ['', 'GRE', 'VXLAN', 'GTP', 'IPinIP', 'Teredo', 'CAPWAP'] as const;

export const enum DecodeStatus {
  /** An IP packet: the struct is filled. */
  Ok = 0,
  /** Counted under a named reason in Decoder.problems. */
  Malformed = 1,
  /** Link type not supported: counted in Decoder.skippedLinktypes. */
  Skipped = 2,
  /** An IP fragment held for reassembly: nothing to hand on yet. */
  Pending = 3,
  /** A well-formed frame that carries no IP (ARP, LLDP, STP …). */
  NonIp = 4,
}

/**
 * Initial value of the fields that hold numbers V8 may store as doubles (unsigned 32-bit
 * sequence numbers; lengths that arrive boxed from optimized code): -0 makes them double
 * fields from the start. A field that turns from small integer to double mid-run changes
 * the object's map and throws away the optimized code of every function that reads it
 * (capture/walker.ts's D0 does the same). Every packet overwrites them.
 */
const D0 = -0;

export class PacketInfo {
  tsSec = 0;
  tsNsec = 0;
  /** Original frame length(s) as recorded, link header included (sum over fragments). */
  wirelen = D0;
  /** How many capture records this packet stands for (>1 after fragment reassembly). */
  frames = 1;
  ipVersion: 0 | 4 | 6 = 0;
  readonly src = new Uint32Array(4);
  readonly dst = new Uint32Array(4);
  /** IP protocol number of the (innermost) transport. */
  proto = 0;
  sport = 0;
  dport = 0;
  /** Inner VLAN id, 0 when untagged. */
  vlanId = 0;
  tunnel: Tunnel = Tunnel.None;
  tcpFlags = 0;
  tcpSeq = D0;
  tcpAck = D0;
  /** TCP window field as sent (not scaled). */
  tcpWin = 0;
  icmpType = 0;
  icmpCode = 0;
  icmpId = 0;
  /** Bytes holding the L4 payload (the record's chunk, or a reassembly buffer). */
  payload: Uint8Array = EMPTY;
  payloadOff = 0;
  payloadLen = 0;
}

const EMPTY = new Uint8Array(0);

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
