/**
 * Reader of nDPI's `ndpiReader` result files (`X.pcap.out`, see ../shared/corpus/README.md).
 * A flow line looks like:
 *
 *   \t1\tUDP 82.178.113.245:47255 <-> 82.178.158.181:53 [VLAN: 785][proto: 5.142/DNS.WhatsApp]
 *      …[Confidence: DPI]…[1 pkts/91 bytes <-> 1 pkts/219 bytes]…[Hostname/SNI: e7.whatsapp.net]…
 *
 * Flows nDPI could not classify are listed only in the "Undetected flows:" section at the
 * end (numbered from 1 again); both lists are read.
 */
import { readFileSync } from 'node:fs';

export interface NdpiEndpoint {
  /** Address as printed (IPv6 without brackets). */
  addr: string;
  port: number;
}

export interface NdpiFlow {
  /** The running number of the line (per list). */
  index: number;
  /** Listed under "Undetected flows:". */
  undetected: boolean;
  /** L4 name as printed: TCP, UDP, ICMP, ICMPV6, IGMP, ESP … */
  l4: string;
  /** IP protocol number for the L4 name (-1 when the name is not known here). */
  ipProto: number;
  /** A: the side that sent the first packet nDPI saw. */
  a: NdpiEndpoint;
  b: NdpiEndpoint;
  /** `->` (no packet from B) rather than `<->`. */
  oneWay: boolean;
  /** 0 when untagged. */
  vlan: number;
  /** Tunnel prefix of the proto field ('' when none): GRE, VXLAN, GTP, CAPWAP … */
  tunnel: string;
  /** nDPI ids: "M.A" → master M, app A; "A" → master 0, app A. */
  master: number;
  app: number;
  /** The protocol name as printed: "DNS.WhatsApp", "TLS", "Unknown". */
  protoName: string;
  /** Confidence as printed: "DPI", "Match by port", "Unknown" … ('' when absent). */
  confidence: string;
  aPkts: number;
  aBytes: number;
  bPkts: number;
  bBytes: number;
  /** [Hostname/SNI: …] when present. */
  hostname?: string;
  /** [IP: n/Name]: a match by address list. */
  ipMatch?: { id: number; name: string };
  /** Risk names as printed (`[Risk: ** A **** B **]`), in the line's order; [] when none. */
  risks: string[];
  /** `[Risk Score: N]` (0 when absent). */
  riskScore: number;
  /** `[Risk Info: …]` when present. */
  riskInfo?: string;
  /** The whole line, for other fields (see ndpiField). */
  raw: string;
}

/** Per-protocol totals near the top: name, packets, bytes, flows. */
export interface NdpiTotal {
  name: string;
  packets: number;
  bytes: number;
  flows: number;
}

export interface NdpiOut {
  flows: NdpiFlow[];
  totals: NdpiTotal[];
}

const L4_NUMBERS: Record<string, number> = {
  ICMP: 1,
  IGMP: 2,
  TCP: 6,
  UDP: 17,
  GRE: 47,
  ESP: 50,
  AH: 51,
  ICMPV6: 58,
  OSPF: 89,
  PIM: 103,
  VRRP: 112,
  SCTP: 132,
};

const HEAD_RE = /^\t(\d+)\t(\S+) (\[[0-9a-fA-F:.]+\]|[0-9.]+):(\d+) (<->|->) (\[[0-9a-fA-F:.]+\]|[0-9.]+):(\d+) (.*)$/;
const VLAN_RE = /\[VLAN: (\d+)\]/;
const PROTO_RE = /\[proto: (?:([A-Za-z][A-Za-z0-9_]*):)?(\d+)(?:\.(\d+))?\/([^\]]+)\]/;
const CONF_RE = /\[Confidence: ([^\]]+)\]/;
const PKTS_RE = /\[(\d+) pkts\/(\d+) bytes (<->|->) (\d+) pkts\/(\d+) bytes\]/;
const HOST_RE = /\[Hostname\/SNI: ([^\]]*)\]/;
const IP_RE = /\[IP: (\d+)\/([^\]]+)\]/;
const RISK_RE = /\[Risk: ((?:\*\* [^*]+ \*\*)+)\]/;
const RISK_SCORE_RE = /\[Risk Score: (\d+)\]/;
const RISK_INFO_RE = /\[Risk Info: ([^\]]*)\]/;
const TOTAL_RE = /^([A-Za-z0-9_.-]+)\t(\d+)\t(\d+)\t(\d+)$/;

function unbracket(s: string): string {
  return s.startsWith('[') ? s.slice(1, -1) : s;
}

/** One flow line, or undefined when the line is not a flow line. */
export function parseNdpiFlowLine(line: string): NdpiFlow | undefined {
  const m = HEAD_RE.exec(line);
  if (!m) return undefined;
  const rest = m[8];
  const proto = PROTO_RE.exec(rest);
  const pk = PKTS_RE.exec(rest);
  if (!proto || !pk) return undefined;
  const first = Number(proto[2]);
  const second = proto[3] !== undefined ? Number(proto[3]) : undefined;
  const vlan = VLAN_RE.exec(rest);
  const conf = CONF_RE.exec(rest);
  const host = HOST_RE.exec(rest);
  const ip = IP_RE.exec(rest);
  const flow: NdpiFlow = {
    index: Number(m[1]),
    undetected: false,
    l4: m[2],
    ipProto: L4_NUMBERS[m[2]] ?? (/^\d+$/.test(m[2]) ? Number(m[2]) : -1),
    a: { addr: unbracket(m[3]), port: Number(m[4]) },
    b: { addr: unbracket(m[6]), port: Number(m[7]) },
    oneWay: m[5] === '->',
    vlan: vlan ? Number(vlan[1]) : 0,
    tunnel: proto[1] ?? '',
    master: second !== undefined ? first : 0,
    app: second !== undefined ? second : first,
    protoName: proto[4],
    confidence: conf ? conf[1] : '',
    aPkts: Number(pk[1]),
    aBytes: Number(pk[2]),
    bPkts: Number(pk[4]),
    bBytes: Number(pk[5]),
    risks: parseRiskList(rest),
    riskScore: Number(RISK_SCORE_RE.exec(rest)?.[1] ?? 0),
    raw: line,
  };
  const info = RISK_INFO_RE.exec(rest);
  if (info) flow.riskInfo = info[1];
  if (host) flow.hostname = host[1];
  if (ip) flow.ipMatch = { id: Number(ip[1]), name: ip[2] };
  return flow;
}

/** The risk names of a line's `[Risk: ** A **** B **]` field. */
export function parseRiskList(rest: string): string[] {
  const m = RISK_RE.exec(rest);
  if (!m) return [];
  const out: string[] = [];
  const re = /\*\* ([^*]+) \*\*/g;
  for (let r = re.exec(m[1]); r; r = re.exec(m[1])) out.push(r[1]);
  return out;
}

/** A `[Key: value]` field of a flow line (first occurrence), or undefined. */
export function ndpiField(line: string, key: string): string | undefined {
  const start = line.indexOf(`[${key}: `);
  if (start < 0) return undefined;
  const v = start + key.length + 3;
  const end = line.indexOf(']', v);
  return end < 0 ? undefined : line.slice(v, end);
}

/** The flow list and the per-protocol totals of a whole `.out` text. */
export function parseNdpiOut(text: string): NdpiOut {
  const flows: NdpiFlow[] = [];
  const totals: NdpiTotal[] = [];
  let inFlows = false;
  let undetected = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('Undetected flows:')) {
      undetected = true;
      continue;
    }
    const f = parseNdpiFlowLine(line);
    if (f) {
      inFlows = true;
      f.undetected = undetected;
      flows.push(f);
      continue;
    }
    if (!inFlows) {
      const t = TOTAL_RE.exec(line);
      if (t) totals.push({ name: t[1], packets: Number(t[2]), bytes: Number(t[3]), flows: Number(t[4]) });
    }
  }
  return { flows, totals };
}

export function readNdpiOut(file: string): NdpiOut {
  return parseNdpiOut(readFileSync(file, 'utf8'));
}
