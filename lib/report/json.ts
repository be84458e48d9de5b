import { statSync } from 'node:fs';
import { DEFAULT_NAMES, type ProtocolNames } from '../classify/custom-protocols.js';
import { flowCategory } from '../classify/protocol-table.js';
import type { CaptureFacts } from '../capture/types.js';
import type { AnalysisResult } from '../analyze.js';
import { TUNNEL_NAMES } from '../decode/packet.js';
import { communityId } from '../flow/community-id.js';
import { connHistory, connState } from '../flow/conn-state.js';
import type { Alert, Flow } from '../flow/flow.js';
import { l4Name } from '../flow/l4.js';
import { riskInfo, riskScore } from '../risk/risks.js';
import { linktypeName } from './linktypes.js';
import type { Summary } from './summary.js';

/** Version of the JSON report's layout (docs/report.schema.json); bump on breaking change. */
export const SCHEMA_VERSION = 1;

/**
 * Timestamps are written as exact decimal numbers (seconds with all the capture's
 * fraction digits): JSON.stringify cannot emit such a literal, so a marker string is
 * replaced after stringifying.
 */
export const TS_MARK = '\u0000ts:';
export const TS_RE = /"\\u0000ts:(-?[0-9.]+)"/g;

export function tsValue(sec: number, nsec: number): string {
  return TS_MARK + tsText(sec, nsec);
}

/**
 * "1704067200.123456789" with trailing zeros trimmed (".5"), or "1704067200". Exact for any
 * integer seconds: before 1970 ("-994.999999993" for -995 s + 7 ns) and beyond 1e21 (no
 * exponent form, which JSON would accept but the marker replacement would not).
 */
export function tsText(sec: number, nsec: number): string {
  // the usual case (integer parts, nanoseconds in range) without padStart and regex
  if (Number.isInteger(nsec) && nsec >= 0 && nsec < 1e9 && Number.isInteger(sec) && sec > -1e21 && sec < 1e21) {
    if (sec >= 0) return nsec === 0 ? '' + sec : sec + '.' + fracText(nsec);
    if (nsec === 0) return '' + sec;
    // -995 s + 7 ns = -(994 s + 999999993 ns)
    return '-' + -(sec + 1) + '.' + fracText(1e9 - nsec);
  }
  return tsTextAny(sec, nsec);
}

const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];

/** Nine-digit fraction of 1..999999999 nanoseconds, trailing zeros trimmed. */
function fracText(ns: number): string {
  let digits = 9;
  while (ns % 10 === 0) {
    ns /= 10;
    digits--;
  }
  const t = '' + ns;
  return t.length === digits ? t : ZEROS[digits - t.length] + t;
}

/** tsText for any input (huge or fractional seconds, nanoseconds out of range). */
function tsTextAny(sec: number, nsec: number): string {
  let neg = false;
  let whole = sec;
  let frac = nsec;
  if (sec < 0 && nsec > 0) {
    neg = true;
    whole = -(sec + 1);
    frac = 1e9 - nsec;
  } else if (sec < 0) {
    neg = true;
    whole = -sec;
  }
  const w = Math.abs(whole) >= 1e21 && Number.isInteger(whole) ? BigInt(whole).toString() : String(whole);
  const sign = neg && (whole !== 0 || frac !== 0) ? '-' : '';
  if (frac === 0) return sign + w;
  return `${sign}${w}.${String(frac).padStart(9, '0').replace(/0+$/, '')}`;
}

export function stringifyReport(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(TS_RE, '$1');
}

export function flowJson(f: Flow, names: ProtocolNames = DEFAULT_NAMES): Record<string, unknown> {
  const o: Record<string, unknown> = {
    id: f.id,
    protocol: f.proto,
    l4: l4Name(f.proto),
    ip_version: f.ipVersion,
    cli: f.cliAddr(),
    cli_port: f.cliPort,
    srv: f.srvAddr(),
    srv_port: f.srvPort,
    vlan_id: f.vlanId,
    tunnel: TUNNEL_NAMES[f.tunnel] || null,
    cli2srv_packets: f.cli2srvPackets,
    cli2srv_bytes: f.cli2srvBytes,
    cli2srv_payload_bytes: f.cli2srvPayload,
    srv2cli_packets: f.srv2cliPackets,
    srv2cli_bytes: f.srv2cliBytes,
    srv2cli_payload_bytes: f.srv2cliPayload,
    first_seen: tsValue(f.firstSec, f.firstNsec),
    last_seen: tsValue(f.lastSec, f.lastNsec),
    duration: durationValue(f.firstSec, f.firstNsec, f.lastSec, f.lastNsec),
    end_reason: f.endReason,
    conn_state: connState(f),
    history: connHistory(f),
    community_id: communityId(f),
    capture: f.capture,
  };
  if (f.proto === 6) {
    o.tcp = {
      cli_flags: tcpFlagsText(f.cliTcpFlags),
      srv_flags: tcpFlagsText(f.srvTcpFlags),
      handshake_completed: f.handshakeDone,
    };
  }
  if (f.proto === 1 || f.proto === 58) o.icmp = { type: f.icmpType, code: f.icmpCode, echo_id: f.icmpId };
  o.l7_master_proto = f.l7Master;
  o.l7_proto = f.l7App;
  o.l7_proto_name = names.l7Name(f.l7Master, f.l7App);
  o.category = f.customCategory || flowCategory(f.l7Master, f.l7App);
  o.confidence = f.confidence;
  o.ip_protocol = f.ipProto;
  o.ip_protocol_name = f.ipProto !== 0 ? names.name(f.ipProto) : null;
  o.host = f.host || null;
  const m = f.meta;
  for (const key of ['dns', 'http', 'tls', 'quic', 'ssh', 'other'] as const) {
    const v = m[key];
    if (v !== undefined) o[key] = snakeKeys(v);
  }
  o.risks = risksJson(f);
  const rs = riskScore(f);
  o.risk_score = rs.total;
  o.risk_score_client = rs.client;
  o.risk_score_server = rs.server;
  o.score = f.score;
  o.alerts = f.alerts.map((a) => ({ score: a.score, severity: a.severity, message: a.message, check: a.check }));
  return o;
}

/** A flow's risks: id, name as ndpiReader prints it, nDPI's severity and score, what was seen (or null). */
export function risksJson(f: Flow): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const r of f.risks ?? []) {
    const i = riskInfo(r.id);
    out.push({ id: r.id, name: i?.name ?? null, severity: i?.severity ?? null, score: i?.score ?? 0, info: r.info ?? null });
  }
  return out;
}

/** An alert; with its flow, the flow's identity too, so that an alert stands alone (SARIF, merge). */
export function alertJson(a: Alert, f?: Flow, names: ProtocolNames = DEFAULT_NAMES): Record<string, unknown> {
  const o: Record<string, unknown> = {
    flow_id: a.flowId,
    score: a.score,
    severity: a.severity,
    message: a.message,
    check: a.check,
    time: tsValue(a.tsSec, a.tsNsec),
  };
  if (f) o.flow = flowRefJson(f, names);
  return o;
}

/** What identifies a flow and what a reader of an alert wants to see of it. */
export function flowRefJson(f: Flow, names: ProtocolNames = DEFAULT_NAMES): Record<string, unknown> {
  return {
    protocol: f.proto,
    l4: l4Name(f.proto),
    cli: f.cliAddr(),
    cli_port: f.cliPort,
    srv: f.srvAddr(),
    srv_port: f.srvPort,
    vlan_id: f.vlanId,
    first_seen: tsValue(f.firstSec, f.firstNsec),
    last_seen: tsValue(f.lastSec, f.lastNsec),
    community_id: communityId(f),
    l7_proto_name: names.l7Name(f.l7Master, f.l7App),
    host: f.host || null,
    packets: f.packets,
    bytes: f.bytes,
    capture: f.capture,
  };
}

/** A number of a report: exact timestamps are marker strings until stringified. */
export function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.startsWith(TS_MARK)) return Number(v.slice(TS_MARK.length));
  return Number(v);
}

/** The exact decimal text of a report number (a timestamp keeps every digit). */
export function numText(v: unknown): string {
  if (typeof v === 'string' && v.startsWith(TS_MARK)) return v.slice(TS_MARK.length);
  return String(v);
}

/**
 * Parses a JSON report keeping every fraction digit: numbers with a fraction become marker
 * strings (as tsValue makes them), so a merged report writes them back unchanged.
 */
export function parseReport(text: string): unknown {
  let out = '';
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // skip a string
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j])) j++;
      const tok = text.slice(i, j);
      if (/^-?\d+\.\d+$/.test(tok)) {
        out += text.slice(last, i) + JSON.stringify(TS_MARK + tok);
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}

export function captureJson(c: CaptureFacts): Record<string, unknown> {
  return {
    file: c.file,
    format: c.format,
    big_endian: c.bigEndian,
    gzip: c.gzip,
    linktypes: c.linktypes.map((id) => ({ id, name: linktypeName(id) })),
    packets: c.records,
    bytes: c.bytes,
    file_bytes: fileSize(c),
    first_seen: c.records > 0 ? tsValue(c.firstSec, c.firstNsec) : null,
    last_seen: c.records > 0 ? tsValue(c.lastSec, c.lastNsec) : null,
    duration: c.records > 0 ? durationValue(c.firstSec, c.firstNsec, c.lastSec, c.lastNsec) : 0,
    warnings: c.warnings,
  };
}

/**
 * The capture file's size in bytes (what SARIF calls the artifact's length): the file on disk;
 * for standard input, the bytes read when it was not compressed, else unknown (null).
 */
function fileSize(c: CaptureFacts): number | null {
  if (c.file !== '-') {
    try {
      return statSync(c.file).size;
    } catch {
      // gone since it was read
    }
  }
  return c.gzip ? null : c.fileBytes;
}

/** What a report holds of the flows: the selected ones (--where) and their alerts. */
export interface ReportSelection {
  /** Summary of the reported flows. */
  summary: Summary;
  /** The reported flows' alerts (alertJson with the flow). */
  alerts: Record<string, unknown>[];
}

/** The report's fields after `flows`, from the finished analysis. */
export function trailerJson(r: AnalysisResult, sel?: ReportSelection): Record<string, unknown> {
  const s = sel?.summary ?? r.summary;
  const alerts = sel?.alerts ?? r.alerts.map((a) => alertJson(a));
  return {
    captures: r.captures.map(captureJson),
    summary: {
      packets: r.stats.packets,
      bytes: r.stats.bytes,
      ip_packets: r.stats.ipPackets,
      non_ip_packets: r.stats.nonIp,
      malformed_packets: r.stats.malformed,
      flows: sel ? s.flows : r.flowsSeen,
      evicted_flows: r.evictions,
      alerts: alerts.length,
      alerted_flows: s.alertedFlows,
      // all of them, also beyond those kept in check_errors (the gate counts these)
      check_errors: r.checkErrorCount,
      check_error_flows: r.checkErrorFlows,
      l4: s.l4,
      protocols: s.protocols,
      risks: s.risks,
      fragments: {
        reassembled: r.stats.fragments.reassembled,
        timed_out: r.stats.fragments.timedOut,
        over_limit: r.stats.fragments.overLimit,
      },
    },
    decode_problems: r.stats.problems,
    skipped_linktypes: Object.entries(r.stats.skippedLinktypes).map(([lt, n]) => ({
      linktype: Number(lt),
      name: linktypeName(Number(lt)),
      packets: n,
    })),
    alerts,
    check_errors: r.checkErrors.map((e) => ({
      check: e.check,
      flow_id: e.flowId,
      flow: e.flowLabel,
      kind: e.kind,
      line: e.line ?? null,
      message: e.message,
    })),
    warnings: r.warnings,
  };
}

/**
 * The JSON document in three pieces, so flows can be streamed as they end: one flow per
 * line between the head and the tail (the layout every run and merge share).
 */
export function jsonHead(head: { schema_version: number; tool: unknown; options: unknown }): string {
  return (
    '{' +
    `"schema_version":${head.schema_version},` +
    `"tool":${JSON.stringify(head.tool)},` +
    `"options":${stringifyReport(head.options)},` +
    '"flows":['
  );
}

/** One flow's line: `flow` is a flow object (flowJson) or its text already (flowJsonText). */
export function jsonFlow(flow: unknown, first: boolean): string {
  return (first ? '\n' : ',\n') + (typeof flow === 'string' ? flow : stringifyReport(flow));
}

export function jsonTail(trailer: Record<string, unknown>): string {
  const t = stringifyReport(trailer, 1);
  return '\n],' + t.slice(1, -1).trim() + '\n}\n';
}

/** A flow's duration (last − first seen, 0 when negative) in the form `write` gives it. */
export function duration<T>(s1: number, n1: number, s2: number, n2: number, write: (sec: number, nsec: number) => T): T {
  let sec = s2 - s1;
  let nsec = n2 - n1;
  if (nsec < 0) {
    sec -= 1;
    nsec += 1e9;
  }
  return sec < 0 ? write(0, 0) : write(sec, nsec);
}

function durationValue(s1: number, n1: number, s2: number, n2: number): string {
  return duration(s1, n1, s2, n2, tsValue);
}

const FLAG_LETTERS = 'FSRPAUEC';
export function tcpFlagsText(flags: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += FLAG_LETTERS[i];
  return s;
}

/** A metadata key as the report spells it: userAgent → user_agent. */
export function snakeName(k: string): string {
  return k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

export function snakeKeys(v: object): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    o[snakeName(k)] = val;
  }
  return o;
}

