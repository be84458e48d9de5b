/**
 * Small helpers shared by the long-tail dissectors (BitTorrent … WireGuard): setting the
 * verdict and free-form metadata on a flow.
 */
import type { Flow } from '../../flow/flow.js';

/** A single-protocol verdict (nDPI's convention: master 0, app = the protocol). */
export function setApp(flow: Flow, id: number): void {
  flow.l7Master = 0;
  flow.l7App = id;
}

/** Sets flow.meta.other[key]. */
export function setOther(flow: Flow, key: string, value: string | number | boolean): void {
  (flow.meta.other ??= {})[key] = value;
}

/** Kerberos: set once a message is recognised. */
export interface KrbState {
  extra: number;
}
/** MySQL: set at the server greeting. */
export interface MysqlState {
  /** Direction of the server's greeting. */
  srvDir: number;
  extra: number;
}
/** OpenVPN, per direction: first opcode (0 unknown), its session id, later packets repeating it. */
export interface OvpnState {
  op: [number, number];
  sidHi: [number, number];
  sidLo: [number, number];
  same: [number, number];
  /** The server's reset carried the client's session id. */
  echoed: boolean;
}
/** WireGuard: 1/2 initiation seen from direction 0/1; 3/4 transport seen from 0/1; 5 both. */
export interface WgState {
  stage: number;
  idx: [number, number];
}

/**
 * Per-flow memory of the long-tail dissectors: one object of a fixed shape, made the first
 * time one of them needs to remember something, so that a flow gains one property (`lt`)
 * rather than one per dissector (which would multiply the flows' hidden classes).
 */
export class LongTailState {
  /** BitTorrent: bits 0-1 directions not BitTorrent, bit 2 detected, 3-5 extra looks, 6-8 uTP DATA seen. */
  bt = 0;
  /** Telnet: bits 0-1 directions that failed, bits 2-11 / 12-21 commands per direction. */
  telnet = 0;
  /** LDAP: bit per direction whose stream start is not an LDAPMessage. */
  ldapBad = 0;
  /** OpenVPN: bit per direction whose first packet is not a hard reset. */
  ovpnBad = 0;
  /** Starcraft: position in the UDP size sequence. */
  starcraft = 0;
  /** HalfLife2: 1 + direction of the first matching datagram. */
  hl2 = 0;
  /** Protobuf: per direction, the TCP stream length already parsed (nDPI reads packets one by one). */
  pbDone0 = 0;
  pbDone1 = 0;
  krb: KrbState | undefined = undefined;
  mysql: MysqlState | undefined = undefined;
  ovpn: OvpnState | undefined = undefined;
  wg: WgState | undefined = undefined;
}

declare module '../../flow/flow.js' {
  interface Flow {
    /** State of the long-tail dissectors (lib/classify/protocols/longtail-util.ts). */
    lt?: LongTailState;
  }
}

/** The flow's long-tail state, made on first use. */
export function ltState(flow: Flow): LongTailState {
  return (flow.lt ??= new LongTailState());
}
