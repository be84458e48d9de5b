/**
 * The alerts a run keeps until its report's end, kept small: each alert's own values and one
 * shared record of its flow's identity (KeptFlowRef), raw (numbers, the strings the flow had),
 * rather than the report's objects (alertJson + flowRefJson: times as marker and ISO strings,
 * ~20 members per alert). They read as AlertDoc (getters make the time texts and the FlowRef
 * when a format asks) and write their JSON bytes straight (writeAlertJson): the same bytes as
 * stringifyReport of alertJson(a) with its flowRefJson, compact or as the JSON report's
 * trailer indents them (test/report/kept-alerts.test.ts holds them equal).
 */
import type { ProtocolNames } from '../classify/custom-protocols.js';
import { communityId } from '../flow/community-id.js';
import type { Alert, Flow } from '../flow/flow.js';
import { l4Name } from '../flow/l4.js';
import type { AlertDoc, FlowRef } from './doc.js';
import { ascii, jstr, type JsonBytes } from './json-bytes.js';
import { stringifyReport } from './json.js';
import { isoText, microNsec, timeValue } from './values.js';

/** What an alert names of its flow (flowRefJson's members), kept from the ended flow. */
export class KeptFlowRef {
  readonly protocol: number;
  /** IPv4: the address words; IPv6: the texts. */
  private readonly cliWord: number;
  private readonly srvWord: number;
  private readonly cliText: string | null;
  private readonly srvText: string | null;
  readonly cliPort: number;
  readonly srvPort: number;
  readonly vlanId: number;
  readonly firstSec: number;
  readonly firstNsec: number;
  readonly lastSec: number;
  readonly lastNsec: number;
  readonly communityId: string;
  readonly l7Name: string;
  readonly host: string | null;
  readonly packets: number;
  readonly bytes: number;
  readonly capture: string;
  private made: FlowRef | null = null;

  constructor(f: Flow, names: ProtocolNames, community?: string) {
    this.protocol = f.proto;
    const v4 = f.ipVersion === 4;
    this.cliWord = v4 ? f.cli[0] : 0;
    this.srvWord = v4 ? f.srv[0] : 0;
    this.cliText = v4 ? null : f.cliAddr();
    this.srvText = v4 ? null : f.srvAddr();
    this.cliPort = f.cliPort;
    this.srvPort = f.srvPort;
    this.vlanId = f.vlanId;
    this.firstSec = f.firstSec;
    this.firstNsec = f.firstNsec;
    this.lastSec = f.lastSec;
    this.lastNsec = f.lastNsec;
    this.communityId = community ?? communityId(f);
    this.l7Name = names.l7Name(f.l7Master, f.l7App);
    this.host = f.host || null;
    this.packets = f.packets;
    this.bytes = f.bytes;
    this.capture = f.capture;
  }

  /** The FlowRef (flowRefJson's object), made once when a format reads it. */
  doc(): FlowRef {
    if (this.made === null) {
      this.made = {
        protocol: this.protocol,
        l4: l4Name(this.protocol),
        cli: this.cliText ?? ipv4Text(this.cliWord),
        cli_port: this.cliPort,
        srv: this.srvText ?? ipv4Text(this.srvWord),
        srv_port: this.srvPort,
        vlan_id: this.vlanId,
        first_seen: timeValue(this.firstSec, this.firstNsec),
        first_seen_iso: isoText(this.firstSec, this.firstNsec),
        last_seen: timeValue(this.lastSec, this.lastNsec),
        last_seen_iso: isoText(this.lastSec, this.lastNsec),
        community_id: this.communityId,
        l7_proto_name: this.l7Name,
        host: this.host,
        packets: this.packets,
        bytes: this.bytes,
        capture: this.capture,
      };
    }
    return this.made;
  }

  /** Its JSON object: `nl` is the line break and indent before each member ('' compact), `end` before the `}`. */
  writeJson(w: JsonBytes, nl: string, end: string): void {
    const k = keyBytes(REF_KEYS, nl, end);
    w.rawNum(k[0], this.protocol);
    w.raw(k[1]);
    w.raw(l4Text(this.protocol));
    w.raw(k[2]);
    addr(w, this.cliText, this.cliWord);
    w.rawNum(k[3], this.cliPort);
    w.raw(k[4]);
    addr(w, this.srvText, this.srvWord);
    w.rawNum(k[5], this.srvPort);
    w.rawNum(k[6], this.vlanId);
    w.raw(k[7]);
    w.ts(this.firstSec, microNsec(this.firstNsec));
    w.raw(k[8]);
    w.iso(this.firstSec, this.firstNsec);
    w.raw(k[9]);
    w.ts(this.lastSec, microNsec(this.lastNsec));
    w.raw(k[10]);
    w.iso(this.lastSec, this.lastNsec);
    w.raw(k[11]);
    w.str(this.communityId);
    w.raw(k[12]);
    w.str(this.l7Name);
    w.raw(k[13]);
    if (this.host === null) w.raw(NULL);
    else w.str(this.host);
    w.rawNum(k[14], this.packets);
    w.rawNum(k[15], this.bytes);
    w.raw(k[16]);
    w.strKept(this.capture);
    w.raw(k[17]);
  }
}

const REF_KEYS = ['protocol', 'l4', 'cli', 'cli_port', 'srv', 'srv_port', 'vlan_id', 'first_seen', 'first_seen_iso', 'last_seen', 'last_seen_iso', 'community_id', 'l7_proto_name', 'host', 'packets', 'bytes', 'capture'];
const ALERT_KEYS = ['flow_id', 'score', 'severity', 'message', 'check', 'time', 'time_iso', 'flow'];

/**
 * Per list of keys and line break: each member's bytes before its value (`{` or `,`, the
 * break, the key, the colon), then the end (`end`, the break before the `}`, and the `}`),
 * then the first member's without its `{` (after another opening: NDJSON's type).
 */
const keyCache = new Map<string[], Map<string, Map<string, Uint8Array[]>>>();
function keyBytes(keys: string[], nl: string, end: string): Uint8Array[] {
  let byNl = keyCache.get(keys);
  if (byNl === undefined) keyCache.set(keys, (byNl = new Map()));
  let byEnd = byNl.get(nl);
  if (byEnd === undefined) {
    byEnd = new Map();
    // a few indents are used in a run (compact, the trailer's): no growth beyond those
    if (byNl.size < 16) byNl.set(nl, byEnd);
  }
  let t = byEnd.get(end);
  if (t === undefined) {
    const sep = nl === '' ? ':' : ': ';
    t = keys.map((k, i) => ascii((i === 0 ? '{' : ',') + nl + '"' + k + '"' + sep));
    t.push(ascii(end + '}'), t[0].subarray(1));
    if (byEnd.size < 16) byEnd.set(end, t);
  }
  return t;
}

const NULL = ascii('null');
const QUOTE = ascii('"');

function addr(w: JsonBytes, text: string | null, word: number): void {
  if (text !== null) w.str(text);
  else {
    w.raw(QUOTE);
    w.ipv4(word);
    w.raw(QUOTE);
  }
}

function ipv4Text(a: number): string {
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
}

const L4_TEXTS: Uint8Array[] = [];
function l4Text(proto: number): Uint8Array {
  const cached = L4_TEXTS[proto];
  if (cached !== undefined) return cached;
  const t = new Uint8Array(Buffer.from(jstr(l4Name(proto)), 'utf8'));
  if (Number.isInteger(proto) && proto >= 0 && proto < 256) L4_TEXTS[proto] = t;
  return t;
}

/** A kept alert: read as an AlertDoc (alertJson's with its flow), written as its JSON bytes. */
export class KeptAlert implements AlertDoc {
  readonly flow_id: number;
  readonly score: number;
  readonly severity: string;
  readonly message: string;
  readonly check: string;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly ref: KeptFlowRef;

  constructor(a: Alert, ref: KeptFlowRef) {
    this.flow_id = a.flowId;
    this.score = a.score;
    this.severity = a.severity;
    this.message = a.message;
    this.check = a.check;
    this.tsSec = a.tsSec;
    this.tsNsec = a.tsNsec;
    this.ref = ref;
  }

  get time(): string {
    return timeValue(this.tsSec, this.tsNsec);
  }

  get time_iso(): string {
    return isoText(this.tsSec, this.tsNsec);
  }

  get flow(): FlowRef {
    return this.ref.doc();
  }

  /** alertJson(a) with its flow: what JSON.stringify writes of it. */
  toJSON(): AlertDoc {
    return {
      flow_id: this.flow_id,
      score: this.score,
      severity: this.severity,
      message: this.message,
      check: this.check,
      time: this.time,
      time_iso: this.time_iso,
      flow: this.flow,
    };
  }

  /**
   * Its time compares as (seconds, nanoseconds) integers: whole seconds in 0 .. 2^31 − 1 and
   * nanoseconds in range (every capture's), where that order is byTime's (the time to the
   * microsecond, then the nanoseconds beyond it).
   */
  plainTime(): boolean {
    const s = this.tsSec;
    const n = this.tsNsec;
    return s >= 0 && s <= 0x7fffffff && (s | 0) === s && n >= 0 && n < 1e9 && (n | 0) === n;
  }
}

/**
 * Writes a kept alert's JSON: `{"flow_id":…,…,"flow":{…}}` as stringifyReport(a.toJSON())
 * (`indent` 0), or as stringifyReport(…, indent) nested `depth` containers deep (the JSON
 * report's trailer: indent 1, depth 2). `open` replaces the first `{` (NDJSON's type).
 */
export function writeAlertJson(w: JsonBytes, a: KeptAlert, indent = 0, depth = 0, open = '{'): void {
  if (typeof a.score !== 'number' || typeof a.severity !== 'string' || typeof a.message !== 'string' || typeof a.check !== 'string' || typeof a.flow_id !== 'number') {
    // what a check may have left odd (a member JSON.stringify leaves out or writes as null): its way
    let t = stringifyReport(a.toJSON(), indent || undefined);
    if (indent > 0 && depth > 0) t = t.replace(/\n/g, '\n' + ' '.repeat(indent * depth));
    w.text(open + t.slice(1));
    return;
  }
  const nl = breakText(indent, depth + 1);
  const end = breakText(indent, depth);
  const k = keyBytes(ALERT_KEYS, nl, end);
  if (open === '{') w.raw(k[0]);
  else {
    w.text(open);
    w.raw(k[9]);
  }
  w.num(a.flow_id);
  w.rawNum(k[1], a.score);
  w.raw(k[2]);
  w.str(a.severity);
  w.raw(k[3]);
  w.str(a.message);
  w.raw(k[4]);
  w.str(a.check);
  w.raw(k[5]);
  w.ts(a.tsSec, microNsec(a.tsNsec));
  w.raw(k[6]);
  w.iso(a.tsSec, a.tsNsec);
  w.raw(k[7]);
  a.ref.writeJson(w, breakText(indent, depth + 2), nl);
  w.raw(k[8]);
}

/** The line break and indent before a member `depth` containers deep ('' with no indent). */
const BREAKS: string[] = [];
function breakText(indent: number, depth: number): string {
  if (indent <= 0) return '';
  const n = indent * depth;
  return (BREAKS[n] ??= '\n' + ' '.repeat(n));
}

/** A flow's alerts as kept alerts, sharing one record of the flow. */
export function keepAlerts(f: Flow, names: ProtocolNames, into: KeptAlert[], community?: string): void {
  const ref = new KeptFlowRef(f, names, community);
  for (const a of f.alerts) into.push(new KeptAlert(a, ref));
}
