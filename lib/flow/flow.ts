import type { Tunnel } from '../decode/packet.js';
import type { TcpStream } from './tcp-stream.js';
import type { TcpConnState } from './conn-state.js';
import type { FlowRisk } from '../risk/risk-types.js';

/** Direction of a packet within its flow. */
export const CLI2SRV = 0;
export const SRV2CLI = 1;
export type Dir = 0 | 1;

export type EndReason = 'fin' | 'rst' | 'idle' | 'capture-end' | 'evicted' | 'memory';

/** How a flow's protocol verdict was reached (reported as `confidence`). */
/**
 * How the verdict was reached: payload inspection, a default port, nDPI's address lists
 * (`ip`), a rule of a custom protocols file (`custom`), the DNS cache (an address seen in a
 * DNS answer), or not at all.
 */
export type Confidence = 'dpi' | 'dns' | 'port' | 'ip' | 'custom' | 'unknown';

export interface DnsMeta {
  query?: string;
  qtype?: number;
  rcode?: number;
  answers?: string[];
  invalidChars?: boolean;
}
export interface HttpMeta {
  method?: string;
  url?: string;
  host?: string;
  userAgent?: string;
  server?: string;
  contentType?: string;
  status?: number;
  /** The request's Authorization scheme and, for Basic, the user name ("Basic alice");
   * the password is never kept. */
  authorization?: string;
  /** "Found <line>": the first header line whose name nDPI calls suspicious (HTTP Susp Header). */
  suspiciousHeader?: string;
  /** "Susp content XXXXXXXX": a text/JSON/form body that starts with bytes not printable (HTTP Susp Content). */
  suspiciousContent?: string;
}
export interface TlsMeta {
  version?: number;
  sni?: string;
  alpnOffered?: string[];
  alpn?: string;
  supportedVersions?: number[];
  cipher?: number;
  ja3c?: string;
  ja3s?: string;
  ja4?: string;
  subject?: string;
  issuer?: string;
  sans?: string[];
  notBefore?: number;
  notAfter?: number;
  sha1?: string;
  /** The ClientHello carried an encrypted SNI or Encrypted Client Hello extension (0xffce, 0xfe0d). */
  encryptedSni?: boolean;
  /**
   * The ClientHello had an ESNI extension (0xffce): true when tls.c reads an encrypted name from
   * it (with an SNI as well: TLS Susp ESNI Usage), false when it does not (no exemption from Missing SNI).
   */
  esni?: boolean;
  /** A two-byte alert record of level fatal (2) was seen, either way (TLS Fatal Alert). */
  fatalAlert?: boolean;
  /** The ClientHello carried a padding extension over 500 bytes (Obfuscated Traffic, tls.c). */
  longPadding?: boolean;
  /** A DTLS ClientHello offered use_srtp (extension 14): WebRTC, exempt from Missing SNI (tls.c). */
  webrtc?: boolean;
  /** The first hello extension id nDPI calls suspicious (lib/risk/tls-extensions.ts): TLS Susp Extn. */
  suspiciousExtension?: number;
}
export interface SshMeta {
  clientBanner?: string;
  serverBanner?: string;
  hasshClient?: string;
  hasshServer?: string;
  /** The encryption algorithms each side's KEXINIT offers (client: c2s list, server: s2c list). */
  ciphersClient?: string;
  ciphersServer?: string;
}
export interface QuicMeta {
  version?: number;
  sni?: string;
  alpn?: string[];
  ja4?: string;
  userAgent?: string;
}

/** Protocol-specific metadata found by the dissectors; a key is present only when known. */
export interface FlowMeta {
  dns?: DnsMeta;
  http?: HttpMeta;
  tls?: TlsMeta;
  quic?: QuicMeta;
  ssh?: SshMeta;
  /** Free-form extras of other dissectors (DHCP host name, banners …). */
  other?: Record<string, string | number | boolean>;
}

export interface Alert {
  flowId: number;
  score: number;
  severity: string;
  message: string;
  /** The check's file name. */
  check: string;
  /** Packet time when raised (seconds, nanoseconds). */
  tsSec: number;
  tsNsec: number;
}

/**
 * An address as four 32-bit words, each an unsigned integer (IPv4 in word 0, the rest 0).
 * A plain array, not a Uint32Array: a typed array costs several objects and ~0.4 µs to
 * allocate, twice per flow.
 */
export type AddrWords = number[];

/**
 * One bidirectional flow. Addresses are integers as in PacketInfo (IPv4 in word 0);
 * direction 0 is client→server.
 */
export class Flow {
  ipVersion: 4 | 6 = 4;
  proto = 0;
  vlanId = 0;
  tunnel: Tunnel = 0;
  readonly cli: AddrWords = [0, 0, 0, 0];
  readonly srv: AddrWords = [0, 0, 0, 0];
  cliPort = 0;
  srvPort = 0;
  /** ICMP/ICMPv6: type, code and echo id of the flow's first packet. */
  icmpType = 0;
  icmpCode = 0;
  icmpId = 0;

  cli2srvPackets = 0;
  /** Double fields from the start (see the constructor). */
  cli2srvBytes = -0;
  cli2srvPayload = 0;
  srv2cliPackets = 0;
  srv2cliBytes = -0;
  srv2cliPayload = 0;

  firstSec = 0;
  firstNsec = 0;
  lastSec = 0;
  lastNsec = 0;

  /** OR of TCP flags seen, per direction. */
  cliTcpFlags = 0;
  srvTcpFlags = 0;
  /** SYN, SYN/ACK and ACK seen. */
  handshakeDone = false;
  /** Zeek-style TCP endpoint states and history (lib/flow/conn-state.ts); null unless TCP. */
  tcpConn: TcpConnState | null = null;
  /** The first packet came from the server (the endpoints were swapped: Zeek's `^`). */
  flipped = false;
  endReason: EndReason = 'capture-end';
  /** The capture file where the flow was first seen. */
  capture = '';

  // --- classification (filled by lib/classify) ---
  l7Master = 0;
  l7App = 0;
  confidence: Confidence = 'unknown';
  /** The protocol of the flow's addresses in nDPI's address lists (nDPI's `[IP: …]`; 0 = none). */
  ipProto = 0;
  /** A custom category (--categories, --domain-lists) that replaces the protocol's; '' = none. */
  customCategory = '';
  /** Host name: SNI, HTTP Host or DNS query. */
  host = '';
  meta: FlowMeta = {};
  /** True once the classifier wants nothing more of this flow. */
  classified = false;
  /** The classifier's per-flow state (lib/classify/classifier.ts owns it; opaque elsewhere). */
  cls: unknown = undefined;

  /** The risk pass's per-packet state while the flow is inspected (lib/analyze.ts owns it; opaque elsewhere). */
  riskState: unknown = undefined;

  // --- risks (filled by lib/risk at the flow's end) ---
  /** nDPI's flow risks found (ids ascending, each once, with what was seen); null when none. */
  risks: FlowRisk[] | null = null;

  // --- checks (filled by lib/check) ---
  alerts: Alert[] = [];
  /** Highest alert score (0 when none). */
  score = 0;

  // --- tracker state (lib/flow/tracker.ts) ---
  /** Hash of the flow's table key (kept to find, move and rehash it without its key). */
  keyHash = 0;
  /** True when the client is the canonical "low" endpoint of the table key. */
  cliIsLo = true;
  /** Neighbours in the tracker's idle list (least recently seen first). */
  lruPrev: Flow | null = null;
  lruNext: Flow | null = null;
  /** Which idle list holds the flow (index into the tracker's lists). */
  lruList = 0;
  /** Packet second when the flow last moved in its idle list. */
  lruSec = -1;
  /**
   * The tracker's packet sequence number (FlowTracker.seq) when the flow was created and when
   * it last moved to the tail of its idle list: under `--jobs N` they give the one-thread
   * flow ids and idle-sweep order (lib/parallel/). 0 when nobody numbers the packets.
   */
  firstSeq = 0;
  lruSeq = 0;
  /** FIN from each side seen (bit 0: client, bit 1: server). */
  finMask = 0;
  /** Per-direction TCP reassembly, for the classifier; dropped once classified. */
  cliStream: TcpStream | null = null;
  srvStream: TcpStream | null = null;
  /** Packets handed to the classifier so far. */
  inspected = 0;
  /** The 'detected' check hook has run. */
  detectedHookDone = false;
  /** Metadata bytes charged to the memory budget (lib/flow/memory.ts). */
  memBytes = 0;

  /** Cached string forms of the addresses (for reports and the Lua API). */
  private cliStr?: string;
  private srvStr?: string;

  constructor(readonly id: number) {
    // The byte counters add up lengths V8 holds as doubles: declared -0 they are double
    // fields from the first flow on, instead of turning double mid-run (a map change that
    // throws away the optimized code of every function reading flows); set to +0 here,
    // the value reports see.
    this.cli2srvBytes = 0;
    this.srv2cliBytes = 0;
  }

  get packets(): number {
    return this.cli2srvPackets + this.srv2cliPackets;
  }
  get bytes(): number {
    return this.cli2srvBytes + this.srv2cliBytes;
  }
  cliAddr(): string {
    return (this.cliStr ??= formatAddr(this.ipVersion, this.cli));
  }
  srvAddr(): string {
    return (this.srvStr ??= formatAddr(this.ipVersion, this.srv));
  }
  /** Swap client and server (used when the first packet came from the server). */
  swapEndpoints(): void {
    const c = this.cli;
    const s = this.srv;
    for (let i = 0; i < 4; i++) {
      const t = c[i];
      c[i] = s[i];
      s[i] = t;
    }
    const p = this.cliPort;
    this.cliPort = this.srvPort;
    this.srvPort = p;
    this.cliIsLo = !this.cliIsLo;
    this.cliStr = this.srvStr = undefined;
  }
}

/** Decimal text of each byte value (two addresses are formatted per flow). */
const OCTET: string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** Dotted quad, or compressed lower-case IPv6 (RFC 5952). */
export function formatAddr(version: 4 | 6, w: ArrayLike<number>): string {
  if (version === 4) {
    const a = w[0];
    return OCTET[a >>> 24] + '.' + OCTET[(a >>> 16) & 255] + '.' + OCTET[(a >>> 8) & 255] + '.' + OCTET[a & 255];
  }
  const g: number[] = [];
  for (let i = 0; i < 4; i++) g.push(w[i] >>> 16, w[i] & 0xffff);
  // longest run of zero groups (length >= 2), first one on ties
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number) => x.toString(16);
  // IPv4-mapped addresses keep the dotted tail, as inet_ntop prints them
  if (bestStart === 0 && bestLen === 5 && g[5] === 0xffff) {
    const a = w[3];
    return `::ffff:${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
  }
  if (bestStart < 0) return g.map(hex).join(':');
  const head = g.slice(0, bestStart).map(hex).join(':');
  const tail = g.slice(bestStart + bestLen).map(hex).join(':');
  return `${head}::${tail}`;
}
