/**
 * The link types flowcheck decodes, one line each: pcap link type id
 * (https://www.tcpdump.org/linktypes.html), tcpdump's name (LINKTYPE_* without the prefix,
 * as reports print it), the decoder of its header, and which of the fast path's header
 * shapes it has (fastpath.ts). A link type not in this table is skipped and counted by id.
 * Adding one = its decoder (one file) + one line here + its test (test/decode/link.test.ts).
 */
import { DecodeState, Next } from './state.js';
import { ethernet } from './ethernet.js';
import { ipv4 } from './ipv4.js';
import { ipv6 } from './ipv6.js';
import { wifi } from './wifi.js';
import { cHdlc, loopback, ppi, pppOrHdlc, rawIp, sll, sll2 } from './link.js';
import { radiotap } from './radiotap.js';
import { nflog } from './nflog.js';

/** The header shapes fastpath.ts decodes in one go (None: always the layered decoder). */
export const enum FastLink {
  None = 0,
  /** 14-byte Ethernet header, at most one 802.1Q tag. */
  Ethernet,
  /** Linux cooked v1 (16 bytes, not netlink). */
  Sll,
  /** Linux cooked v2 (20 bytes, not netlink). */
  Sll2,
  /** Raw IP, IPv4 or IPv6 by the version nibble. */
  RawIp,
  /** Raw IPv4 only. */
  RawIpv4,
  /** Raw IPv6 only. */
  RawIpv6,
}

export interface LinkType {
  readonly id: number;
  readonly name: string;
  /** Decodes the record from its link header on (s.off at the record's first byte). */
  readonly decode: (s: DecodeState) => Next;
  readonly fast: FastLink;
}

export const LINK_TYPES: readonly LinkType[] = [
  { id: 0, name: 'NULL', decode: loopback, fast: FastLink.None },
  { id: 1, name: 'EN10MB', decode: ethernet, fast: FastLink.Ethernet },
  { id: 9, name: 'PPP', decode: pppOrHdlc, fast: FastLink.None },
  { id: 12, name: 'RAW', decode: rawIp, fast: FastLink.RawIp },
  { id: 14, name: 'RAW', decode: rawIp, fast: FastLink.RawIp },
  { id: 50, name: 'PPP_HDLC', decode: pppOrHdlc, fast: FastLink.None },
  { id: 101, name: 'RAW', decode: rawIp, fast: FastLink.RawIp },
  { id: 104, name: 'C_HDLC', decode: cHdlc, fast: FastLink.None },
  { id: 105, name: 'IEEE802_11', decode: wifi, fast: FastLink.None },
  { id: 108, name: 'LOOP', decode: loopback, fast: FastLink.None },
  { id: 113, name: 'LINUX_SLL', decode: sll, fast: FastLink.Sll },
  { id: 127, name: 'IEEE802_11_RADIOTAP', decode: radiotap, fast: FastLink.None },
  { id: 192, name: 'PPI', decode: ppi, fast: FastLink.None },
  { id: 228, name: 'IPV4', decode: ipv4, fast: FastLink.RawIpv4 },
  { id: 229, name: 'IPV6', decode: ipv6, fast: FastLink.RawIpv6 },
  { id: 239, name: 'NFLOG', decode: nflog, fast: FastLink.None },
  { id: 276, name: 'LINUX_SLL2', decode: sll2, fast: FastLink.Sll2 },
];

const BY_ID = new Map<number, LinkType>(LINK_TYPES.map((l) => [l.id, l]));

/** The fast path's header shape by link type id (indexes beyond the table: None). */
export const FAST_LINK = new Uint8Array(Math.max(...LINK_TYPES.map((l) => l.id)) + 1);
for (const l of LINK_TYPES) FAST_LINK[l.id] = l.fast;

/** The table's line for a link type id, or undefined when flowcheck does not decode it. */
export function linkType(id: number): LinkType | undefined {
  return BY_ID.get(id);
}

/** tcpdump's name of a link type; `LINKTYPE_<id>` for one flowcheck does not decode. */
export function linkTypeName(id: number): string {
  return BY_ID.get(id)?.name ?? `LINKTYPE_${id}`;
}
