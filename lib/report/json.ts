/**
 * The JSON report: the report's objects built from the analysis (flowJson, alertJson,
 * trailerJson …), their JSON text with exact numbers (stringifyReport, writeJson) and the
 * document's pieces (jsonHead, jsonFlow, jsonTail) that let flows be written as they end.
 */
import { statSync } from 'node:fs';
import { DEFAULT_NAMES, type ProtocolNames } from '../classify/custom-protocols.js';
import { flowCategory } from '../classify/protocol-table.js';
import type { CaptureFacts } from '../capture/types.js';
import type { AnalysisResult } from '../result.js';
import { TUNNEL_NAMES } from '../decode/packet.js';
import { communityId } from '../flow/community-id.js';
import { connHistory, connState } from '../flow/conn-state.js';
import type { Alert, Flow } from '../flow/flow.js';
import { l4Name } from '../flow/l4.js';
import { riskInfo, riskScore } from '../risk/risks.js';
import type { AlertDoc, CaptureDoc, FlowDoc, FlowRef, ReportDoc, ReportHead, ReportTrailer } from './doc.js';
import { linktypeName } from './linktypes.js';
import type { Summary } from './summary.js';
import { KeptAlert, writeAlertJson } from './kept-alerts.js';
import type { ReportFormat, ReportSink } from './writer.js';
import { durationValue, isoText, timeValue, TS_MARK } from './values.js';
import { META_SECTIONS, metaObject, snakeCase } from './vocabulary.js';

/** Version of the JSON report's layout (docs/report.schema.json); bump on breaking change. */
export const SCHEMA_VERSION = 2;

/** An exact number's marker string as JSON.stringify writes it (values.ts), replaced by the number. */
export const TS_RE = /"\\u0000ts:(-?[0-9.]+)"/g;

export function stringifyReport(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(TS_RE, '$1');
}

/** Containers nested deeper than this are written whole by stringifyReport (each is small). */
const STREAM_DEPTH = 6;

/**
 * Writes `value` as stringifyReport(value, indent) would, byte for byte, in pieces: arrays and
 * objects down to a few levels are walked, what lies deeper is stringified (re-indented), so
 * no string holds the whole document (a report of any size, no `Invalid string length`).
 */
export function writeJson(write: (s: string) => void, value: unknown, indent = 0, depth = 0): void {
  if (value instanceof LazyItems) {
    writeLazyItems(write, value, indent, depth);
    return;
  }
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  if (value === null || typeof value !== 'object' || depth >= STREAM_DEPTH || (depth > 0 && flatSize(value, 1) >= 0)) {
    const t = stringifyReport(value, indent);
    write(indent > 0 && depth > 0 ? t.replace(/\n/g, '\n' + ' '.repeat(indent * depth)) : t);
    return;
  }
  const nl = indent > 0 ? '\n' + ' '.repeat(indent * (depth + 1)) : '';
  const end = indent > 0 ? '\n' + ' '.repeat(indent * depth) : '';
  if (Array.isArray(value)) {
    if (value.length === 0) return write('[]');
    write('[');
    for (let i = 0; i < value.length; i++) {
      // a run of small items (the alerts): one stringify for up to CHUNK_ITEMS of them
      const j = smallRun(value, i);
      if (j - i > 1) {
        if (i > 0) write(',');
        write(itemsText(value, i, j, indent, depth));
        i = j - 1;
        continue;
      }
      write(i > 0 ? ',' + nl : nl);
      const v = value[i];
      // as JSON.stringify: what it cannot write is null in an array
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') write('null');
      else writeJson(write, v, indent, depth + 1);
    }
    write(end + ']');
    return;
  }
  let any = false;
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    write((any ? ',' : '{') + nl + JSON.stringify(k) + (indent > 0 ? ': ' : ':'));
    writeJson(write, v, indent, depth + 1);
    any = true;
  }
  write(any ? end + '}' : '{}');
}

/**
 * An array that writeJson writes without it being held: `count` items, each made by `item(i)`
 * when its turn comes (SARIF's results: one per alert). Only writeJson knows it (JSON.stringify
 * does not): a document holding one is for writeJson.
 */
export class LazyItems {
  constructor(
    readonly count: number,
    readonly item: (i: number) => unknown,
  ) {}
}

/** Items made and stringified together by writeLazyItems (a SARIF result is ~2 KB: pieces of ~64 KB). */
const LAZY_BATCH = 32;

/** A LazyItems as writeJson writes the array of its items, a batch of items stringified at a time. */
function writeLazyItems(write: (s: string) => void, items: LazyItems, indent: number, depth: number): void {
  if (items.count === 0) return write('[]');
  write('[');
  for (let i = 0; i < items.count; i += LAZY_BATCH) {
    const batch: unknown[] = [];
    for (let j = i; j < items.count && j < i + LAZY_BATCH; j++) batch.push(items.item(j));
    if (i > 0) write(',');
    write(itemsText(batch, 0, batch.length, indent, depth));
  }
  write((indent > 0 ? '\n' + ' '.repeat(indent * depth) : '') + ']');
}

/** Items stringified together: at most this many, of about this many characters in all. */
const CHUNK_ITEMS = 256;
const CHUNK_CHARS = 64 * 1024;

/** The end of the run of small items from `i` (flatSize's, no toJSON): at most CHUNK_ITEMS, about CHUNK_CHARS. */
function smallRun(a: unknown[], i: number): number {
  let j = i;
  let size = 0;
  for (; j < a.length && j - i < CHUNK_ITEMS && size < CHUNK_CHARS; j++) {
    const v = a[j];
    if (v === null || typeof v !== 'object') {
      size += typeof v === 'string' ? v.length + 8 : 8;
      continue;
    }
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') break;
    const n = flatSize(v, 1);
    if (n < 0) break;
    size += n;
  }
  return j;
}

/**
 * Items i..j−1 of an array written by writeJson at `depth`, as it writes them one by one
 * (each on its line, indented, comma-separated): the run wrapped in `depth` arrays is
 * stringified once, which indents it as deep, and the wrappers' text is cut off.
 */
function itemsText(a: unknown[], i: number, j: number, indent: number, depth: number): string {
  let v: unknown = a.slice(i, j);
  for (let k = 0; k < depth; k++) v = [v];
  const t = stringifyReport(v, indent);
  // before the items: per wrapper "[" and the line break and indent before its element; the
  // run's own "["; after them: per array from the run's out, a line break, its indent and "]"
  let pre = 1;
  let post = 0;
  for (let k = 0; k <= depth; k++) {
    const ws = indent > 0 ? 1 + indent * k : 0;
    if (k > 0) pre += 1 + ws;
    post += ws + 1;
  }
  return t.slice(pre, t.length - post);
}

/**
 * An object of a few members that are primitives or (down to `levels` more) such objects:
 * small, so writeJson stringifies it whole (an alert and its flow: one piece, not ~40).
 * Its size in characters, roughly (its strings and keys, 16 a member); −1 when it is not such.
 */
function flatSize(value: object, levels: number): number {
  if (Array.isArray(value)) return -1;
  let n = 0;
  let size = 2;
  for (const k in value) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== null && typeof v === 'object') {
      const m = levels === 0 ? -1 : flatSize(v, levels - 1);
      if (m < 0) return -1;
      size += m;
    } else if (typeof v === 'string') {
      if (v.length > 4096) return -1;
      size += v.length;
    }
    if (++n > 64) return -1;
    size += k.length + 16;
  }
  return size;
}

export function flowJson(f: Flow, names: ProtocolNames = DEFAULT_NAMES): FlowDoc {
  const rs = riskScore(f);
  return {
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
    first_seen: timeValue(f.firstSec, f.firstNsec),
    first_seen_iso: isoText(f.firstSec, f.firstNsec),
    last_seen: timeValue(f.lastSec, f.lastNsec),
    last_seen_iso: isoText(f.lastSec, f.lastNsec),
    duration: durationValue(f.firstSec, f.firstNsec, f.lastSec, f.lastNsec),
    end_reason: f.endReason,
    conn_state: connState(f),
    history: connHistory(f),
    community_id: communityId(f),
    capture: f.capture,
    ...(f.proto === 6
      ? { tcp: { cli_flags: tcpFlagsText(f.cliTcpFlags), srv_flags: tcpFlagsText(f.srvTcpFlags), handshake_completed: f.handshakeDone } }
      : {}),
    ...(f.proto === 1 || f.proto === 58 ? { icmp: { type: f.icmpType, code: f.icmpCode, echo_id: f.icmpId } } : {}),
    l7_master_proto: f.l7Master,
    l7_proto: f.l7App,
    l7_proto_name: names.l7Name(f.l7Master, f.l7App),
    category: f.customCategory || flowCategory(f.l7Master, f.l7App),
    confidence: f.confidence,
    ip_protocol: f.ipProto,
    ip_protocol_name: f.ipProto !== 0 ? names.name(f.ipProto) : null,
    host: f.host || null,
    ...metaJson(f),
    risks: risksJson(f),
    risk_score: rs.total,
    risk_score_client: rs.client,
    risk_score_server: rs.server,
    score: f.score,
    alerts: f.alerts.map((a) => ({ score: a.score, severity: a.severity, message: a.message, check: a.check })),
  };
}

/** A flow's protocol metadata objects (dns, http, tls, quic, ssh, other), keys as the Lua aliases name them (vocabulary.ts). */
function metaJson(f: Flow): Record<string, Record<string, unknown>> {
  const o: Record<string, Record<string, unknown>> = {};
  const m = f.meta;
  for (const key of META_SECTIONS) {
    const v = m[key];
    if (v !== undefined) o[key] = metaObject(key, v);
  }
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
export function alertJson(a: Alert, f?: Flow, names: ProtocolNames = DEFAULT_NAMES): AlertDoc {
  const o: AlertDoc = {
    flow_id: a.flowId,
    score: a.score,
    severity: a.severity,
    message: a.message,
    check: a.check,
    time: timeValue(a.tsSec, a.tsNsec),
    time_iso: isoText(a.tsSec, a.tsNsec),
  };
  if (f) o.flow = flowRefJson(f, names);
  return o;
}

/** What identifies a flow and what a reader of an alert wants to see of it. */
export function flowRefJson(f: Flow, names: ProtocolNames = DEFAULT_NAMES): FlowRef {
  return {
    protocol: f.proto,
    l4: l4Name(f.proto),
    cli: f.cliAddr(),
    cli_port: f.cliPort,
    srv: f.srvAddr(),
    srv_port: f.srvPort,
    vlan_id: f.vlanId,
    first_seen: timeValue(f.firstSec, f.firstNsec),
    first_seen_iso: isoText(f.firstSec, f.firstNsec),
    last_seen: timeValue(f.lastSec, f.lastNsec),
    last_seen_iso: isoText(f.lastSec, f.lastNsec),
    community_id: communityId(f),
    l7_proto_name: names.l7Name(f.l7Master, f.l7App),
    host: f.host || null,
    packets: f.packets,
    bytes: f.bytes,
    capture: f.capture,
  };
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

export function captureJson(c: CaptureFacts): CaptureDoc {
  return {
    file: c.file,
    format: c.format,
    big_endian: c.bigEndian,
    gzip: c.gzip,
    linktypes: c.linktypes.map((id) => ({ id, name: linktypeName(id) })),
    packets: c.records,
    bytes: c.bytes,
    file_bytes: fileSize(c),
    first_seen: c.records > 0 ? timeValue(c.firstSec, c.firstNsec) : null,
    first_seen_iso: c.records > 0 ? isoText(c.firstSec, c.firstNsec) : null,
    last_seen: c.records > 0 ? timeValue(c.lastSec, c.lastNsec) : null,
    last_seen_iso: c.records > 0 ? isoText(c.lastSec, c.lastNsec) : null,
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
  alerts: AlertDoc[];
}

/** The report's fields after `flows`, from the finished analysis. */
export function trailerJson(r: AnalysisResult, sel?: ReportSelection): ReportTrailer {
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
export function jsonHead(head: ReportHead): string {
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

/**
 * The end of the document after the flows: the trailer's members, as stringifyReport(trailer, 1)
 * indents them. Given the sink, kept alerts (kept-alerts.ts) are written as bytes straight into it.
 */
export function writeJsonTail(write: (s: string) => void, trailer: ReportTrailer, sink?: ReportSink): void {
  write('\n],');
  let first = true;
  for (const [k, v] of Object.entries(trailer)) {
    if (v === undefined) continue;
    write((first ? '' : ',\n ') + JSON.stringify(k) + ': ');
    if (sink && k === 'alerts' && Array.isArray(v) && v.length > 0 && v.every((a) => a instanceof KeptAlert)) writeKeptAlerts(sink, v);
    else writeJson(write, v, 1, 1);
    first = false;
  }
  write('\n}\n');
}

/** The trailer's alerts (1 deep, indent 1) as writeJson writes them, each alert's bytes written straight. */
function writeKeptAlerts(sink: ReportSink, alerts: KeptAlert[]): void {
  const b = sink.bytes;
  b.text('[');
  for (let i = 0; i < alerts.length; i++) {
    b.text(i > 0 ? ',\n  ' : '\n  ');
    writeAlertJson(b, alerts[i], 1, 2);
    sink.wrote();
  }
  b.text('\n ]');
  sink.wrote();
}

export function jsonTail(trailer: ReportTrailer): string {
  let s = '';
  writeJsonTail((t) => (s += t), trailer);
  return s;
}

const FLAG_LETTERS = 'FSRPAUEC';
export function tcpFlagsText(flags: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += FLAG_LETTERS[i];
  return s;
}

/** A key in snake case: userAgent → user_agent. */
export const snakeName = snakeCase;

export function snakeKeys(v: object): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    o[snakeName(k)] = val;
  }
  return o;
}


/** The report's members after `flows`. */
export function trailerOf(doc: ReportDoc): ReportTrailer {
  const { schema_version: _v, tool: _t, options: _o, flows: _f, ...trailer } = doc;
  return trailer;
}

/** --format json: the head, each reported flow on its line as it ends, the trailer. */
export const jsonFormat: ReportFormat = {
  kind: 'stream',
  defaultFlows: 'all',
  begin(out, head) {
    out.write(jsonHead(head));
  },
  flow(out, flow, index) {
    out.bytes.text(index === 0 ? '\n' : ',\n');
    flow.writeJson(out.bytes);
    out.wrote();
  },
  end(out, e) {
    writeJsonTail((s) => out.write(s), trailerOf(e.doc), out);
  },
};
