import { DEFAULT_NAMES, FIRST_CUSTOM_ID, type ProtocolNames } from '../classify/custom-protocols.js';
import { flowCategory, l7ProtoName, protocolName } from '../classify/protocol-table.js';
import { TUNNEL_NAMES } from '../decode/packet.js';
import { communityId } from '../flow/community-id.js';
import { connHistory, connState } from '../flow/conn-state.js';
import type { Flow } from '../flow/flow.js';
import { l4Name } from '../flow/l4.js';
import { riskInfo, riskScore } from '../risk/risks.js';
import { ascii, jstr, JsonBytes } from './json-bytes.js';
import { stringifyReport, tcpFlagsText, TS_RE } from './json.js';
import { duration, microNsec } from './values.js';
import { metaDerived, metaKeyName, metaObject, type MetaSection } from './vocabulary.js';

/**
 * Appends `f`'s JSON text to `w`: the same bytes as `stringifyReport(flowJson(f))`
 * (test/report/json-writer.test.ts holds the two equal over every corpus flow), written
 * without a string per piece. The CLI writes one per ended flow; the string form of this
 * writer made ~5 KB of garbage per flow, more than the rest of the pipeline together
 * (allocation sampling on the many-flows bench capture). `open` is what comes before `"id"`
 * (NDJSON's `{"type":"flow",`). `community`: communityId(f), when the caller has it already.
 */
export function writeFlowJson(w: JsonBytes, f: Flow, names: ProtocolNames = DEFAULT_NAMES, open = '{', community?: string): void {
  const proto = f.proto;
  if (open === '{') w.raw(K_OPEN_ID);
  else {
    w.text(open);
    w.raw(K_ID);
  }
  w.num(f.id);
  w.rawNum(K_PROTOCOL, proto);
  w.raw(l4Frag(proto));
  w.rawNum(K_IP_VERSION, f.ipVersion);
  w.raw(K_CLI);
  // addresses and Community IDs need no escape: [0-9a-f.:] and base64
  if (f.ipVersion === 4) w.ipv4(f.cli[0]);
  else w.text(f.cliAddr());
  w.rawNum(K_CLI_PORT, f.cliPort);
  w.raw(K_SRV);
  if (f.ipVersion === 4) w.ipv4(f.srv[0]);
  else w.text(f.srvAddr());
  w.rawNum(K_SRV_PORT, f.srvPort);
  w.rawNum(K_VLAN_ID, f.vlanId);
  w.raw(tunnelFrag(f.tunnel));
  w.rawNum(K_C2S_PACKETS, f.cli2srvPackets);
  w.rawNum(K_C2S_BYTES, f.cli2srvBytes);
  w.rawNum(K_C2S_PAYLOAD, f.cli2srvPayload);
  w.rawNum(K_S2C_PACKETS, f.srv2cliPackets);
  w.rawNum(K_S2C_BYTES, f.srv2cliBytes);
  w.rawNum(K_S2C_PAYLOAD, f.srv2cliPayload);
  w.raw(K_FIRST_SEEN);
  w.ts(f.firstSec, microNsec(f.firstNsec));
  w.raw(K_FIRST_SEEN_ISO);
  w.iso(f.firstSec, f.firstNsec);
  w.raw(K_LAST_SEEN);
  w.ts(f.lastSec, microNsec(f.lastNsec));
  w.raw(K_LAST_SEEN_ISO);
  w.iso(f.lastSec, f.lastNsec);
  w.raw(K_DURATION);
  duration(f.firstSec, f.firstNsec, f.lastSec, f.lastNsec, (sec, nsec) => w.ts(sec, nsec));
  w.raw(K_END_REASON);
  w.str(f.endReason);
  w.raw(K_CONN_STATE);
  w.str(connState(f));
  w.raw(K_HISTORY);
  w.str(connHistory(f));
  w.raw(K_COMMUNITY_ID);
  w.text(community ?? communityId(f));
  w.raw(K_CAPTURE);
  w.strKept(f.capture);
  if (proto === 6) {
    w.raw(K_TCP_CLI_FLAGS);
    w.raw(FLAG_TEXTS[f.cliTcpFlags & 255]);
    w.raw(K_SRV_FLAGS);
    w.raw(FLAG_TEXTS[f.srvTcpFlags & 255]);
    w.raw(f.handshakeDone ? K_HANDSHAKE_TRUE : K_HANDSHAKE_FALSE);
  } else if (proto === 1 || proto === 58) {
    w.rawNum(K_ICMP_TYPE, f.icmpType);
    w.rawNum(K_CODE, f.icmpCode);
    w.rawNum(K_ECHO_ID, f.icmpId);
    w.raw(K_CLOSE);
  }
  w.rawNum(K_L7_MASTER, f.l7Master);
  w.rawNum(K_L7_PROTO, f.l7App);
  if (f.l7Master < FIRST_CUSTOM_ID && f.l7App < FIRST_CUSTOM_ID && f.customCategory === '') w.raw(l7Frag(f.l7Master, f.l7App));
  else {
    // a custom protocol (--protos) or category (--categories): the run's names
    w.text(',"l7_proto_name":');
    w.str(names.l7Name(f.l7Master, f.l7App));
    w.text(',"category":');
    w.str(f.customCategory || flowCategory(f.l7Master, f.l7App));
  }
  w.raw(K_CONFIDENCE);
  w.str(f.confidence);
  if (f.ipProto < FIRST_CUSTOM_ID) w.raw(ipFrag(f.ipProto));
  else {
    w.numField(',"ip_protocol":', f.ipProto);
    w.text(',"ip_protocol_name":');
    w.str(names.name(f.ipProto));
  }
  w.raw(K_HOST);
  if (f.host) w.str(f.host);
  else w.raw(K_NULL);
  const m = f.meta;
  if (m.dns !== undefined) metaBytes(w, 'dns', K_DNS, m.dns);
  if (m.http !== undefined) metaBytes(w, 'http', K_HTTP, m.http);
  if (m.tls !== undefined) metaBytes(w, 'tls', K_TLS, m.tls);
  if (m.quic !== undefined) metaBytes(w, 'quic', K_QUIC, m.quic);
  if (m.ssh !== undefined) metaBytes(w, 'ssh', K_SSH, m.ssh);
  if (m.other !== undefined) metaBytes(w, 'other', K_OTHER, m.other);
  w.raw(K_RISKS);
  const risks = f.risks;
  if (risks !== null) {
    for (let i = 0; i < risks.length; i++) {
      const r = risks[i];
      if (i > 0) w.raw(K_COMMA);
      w.raw(riskFrag(r.id));
      w.raw(K_INFO);
      if (r.info !== undefined) w.str(r.info);
      else w.raw(K_NULL);
      w.raw(K_CLOSE);
    }
  }
  if (risks === null) w.raw(K_NO_RISK_SCORES);
  else {
    const rs = riskScore(f);
    w.rawNum(K_RISK_SCORE, rs.total);
    w.rawNum(K_RISK_SCORE_CLIENT, rs.client);
    w.rawNum(K_RISK_SCORE_SERVER, rs.server);
  }
  w.rawNum(K_SCORE, f.score);
  w.raw(K_ALERTS);
  const alerts = f.alerts;
  for (let i = 0; i < alerts.length; i++) {
    const a = alerts[i];
    w.raw(i > 0 ? K_COMMA_OPEN : K_OPEN);
    // members as JSON.stringify writes them: an undefined one is left out
    let any = member(w, false, K_A_SCORE, a.score);
    any = member(w, any, K_A_SEVERITY, a.severity);
    any = member(w, any, K_A_MESSAGE, a.message);
    member(w, any, K_A_CHECK, a.check);
    w.raw(K_CLOSE);
  }
  w.raw(K_END);
}

/** The constant pieces of a flow's JSON, as bytes (in writing order). */
const K_OPEN_ID = ascii('{"id":');
const K_ID = ascii('"id":');
const K_PROTOCOL = ascii(',"protocol":');
const K_IP_VERSION = ascii(',"ip_version":');
const K_CLI = ascii(',"cli":"');
const K_CLI_PORT = ascii('","cli_port":');
const K_SRV = ascii(',"srv":"');
const K_SRV_PORT = ascii('","srv_port":');
const K_VLAN_ID = ascii(',"vlan_id":');
const K_C2S_PACKETS = ascii(',"cli2srv_packets":');
const K_C2S_BYTES = ascii(',"cli2srv_bytes":');
const K_C2S_PAYLOAD = ascii(',"cli2srv_payload_bytes":');
const K_S2C_PACKETS = ascii(',"srv2cli_packets":');
const K_S2C_BYTES = ascii(',"srv2cli_bytes":');
const K_S2C_PAYLOAD = ascii(',"srv2cli_payload_bytes":');
const K_FIRST_SEEN = ascii(',"first_seen":');
const K_FIRST_SEEN_ISO = ascii(',"first_seen_iso":');
const K_LAST_SEEN = ascii(',"last_seen":');
const K_LAST_SEEN_ISO = ascii(',"last_seen_iso":');
const K_DURATION = ascii(',"duration":');
const K_END_REASON = ascii(',"end_reason":');
const K_CONN_STATE = ascii(',"conn_state":');
const K_HISTORY = ascii(',"history":');
const K_COMMUNITY_ID = ascii(',"community_id":"');
const K_CAPTURE = ascii('","capture":');
const K_TCP_CLI_FLAGS = ascii(',"tcp":{"cli_flags":');
const K_SRV_FLAGS = ascii(',"srv_flags":');
const K_HANDSHAKE_TRUE = ascii(',"handshake_completed":true}');
const K_HANDSHAKE_FALSE = ascii(',"handshake_completed":false}');
const K_ICMP_TYPE = ascii(',"icmp":{"type":');
const K_CODE = ascii(',"code":');
const K_ECHO_ID = ascii(',"echo_id":');
const K_L7_MASTER = ascii(',"l7_master_proto":');
const K_L7_PROTO = ascii(',"l7_proto":');
const K_CONFIDENCE = ascii(',"confidence":');
const K_HOST = ascii(',"host":');
const K_NULL = ascii('null');
const K_RISKS = ascii(',"risks":[');
const K_COMMA = ascii(',');
const K_INFO = ascii(',"info":');
const K_CLOSE = ascii('}');
const K_NO_RISK_SCORES = ascii('],"risk_score":0,"risk_score_client":0,"risk_score_server":0');
const K_RISK_SCORE = ascii('],"risk_score":');
const K_RISK_SCORE_CLIENT = ascii(',"risk_score_client":');
const K_RISK_SCORE_SERVER = ascii(',"risk_score_server":');
const K_SCORE = ascii(',"score":');
const K_ALERTS = ascii(',"alerts":[');
const K_END = ascii(']}');
const K_OPEN = ascii('{');
const K_COMMA_OPEN = ascii(',{');
const K_A_SCORE = ascii('"score":');
const K_A_SEVERITY = ascii('"severity":');
const K_A_MESSAGE = ascii('"message":');
const K_A_CHECK = ascii('"check":');
const K_TRUE = ascii('true');
const K_FALSE = ascii('false');
const K_OPEN_ARRAY = ascii('[');
const K_CLOSE_ARRAY = ascii(']');
const K_COLON = ascii(':');
const K_DNS = ascii(',"dns":');
const K_HTTP = ascii(',"http":');
const K_TLS = ascii(',"tls":');
const K_QUIC = ascii(',"quic":');
const K_SSH = ascii(',"ssh":');
const K_OTHER = ascii(',"other":');

const scratch = new JsonBytes();

/** A flow's JSON text as a string: the bytes writeFlowJson gives. */
export function flowJsonText(f: Flow, names: ProtocolNames = DEFAULT_NAMES): string {
  scratch.pos = 0;
  writeFlowJson(scratch, f, names);
  return scratch.toString();
}

// --- the pieces: each writes JSON exactly as JSON.stringify + TS_RE would ---

/**
 * Any value of a metadata object; false (nothing written) where JSON.stringify leaves the
 * member out.
 */
function valueBytes(w: JsonBytes, v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      w.str(v);
      return true;
    case 'number':
      w.num(v);
      return true;
    case 'boolean':
      w.raw(v ? K_TRUE : K_FALSE);
      return true;
    case 'undefined':
    case 'function':
    case 'symbol':
      return false;
    case 'object':
      if (v === null) {
        w.raw(K_NULL);
        return true;
      }
      if (Array.isArray(v) && typeof (v as { toJSON?: unknown }).toJSON !== 'function') {
        w.raw(K_OPEN_ARRAY);
        for (let i = 0; i < v.length; i++) {
          if (i > 0) w.raw(K_COMMA);
          if (!valueBytes(w, v[i])) w.raw(K_NULL);
        }
        w.raw(K_CLOSE_ARRAY);
        return true;
      }
      return objectBytes(w, v);
    default:
      return objectBytes(w, v); // bigint: throws as JSON.stringify does
  }
}

/** Any other value by JSON.stringify itself (false when it leaves the member out). */
function objectBytes(w: JsonBytes, v: unknown): boolean {
  const t = JSON.stringify(v) as string | undefined;
  if (t === undefined) return false;
  w.text(t.includes('\\u0000ts:') ? t.replace(TS_RE, '$1') : t);
  return true;
}

/** One member (after a comma when `any`), left out when its value is (as JSON.stringify sees it) undefined. */
function member(w: JsonBytes, any: boolean, key: Uint8Array, v: unknown): boolean {
  const mark = w.pos;
  if (any) w.raw(K_COMMA);
  w.raw(key);
  if (valueBytes(w, v)) return true;
  w.pos = mark;
  return any;
}

interface KeyInfo {
  /** The report's key as JSON text, with its colon (UTF-8 bytes). */
  frag: Uint8Array;
  /** The report's name differs from the key. */
  renamed: boolean;
  /** A field of the FlowMeta interfaces. */
  known: boolean;
}

/** The FlowMeta interfaces' fields per section: their report names are distinct within a section (checked below). */
const KNOWN_META_KEYS: Record<MetaSection, string[]> = {
  dns: ['query', 'qtype', 'rcode', 'answers', 'invalidChars'],
  http: ['method', 'url', 'host', 'userAgent', 'server', 'contentType', 'status', 'authorization', 'suspiciousHeader', 'suspiciousContent'],
  tls: [
    ...['version', 'sni', 'alpnOffered', 'alpn', 'supportedVersions', 'cipher', 'ja3c', 'ja3s', 'ja4'],
    ...['subject', 'issuer', 'sans', 'notBefore', 'notAfter', 'sha1', 'encryptedSni', 'fatalAlert'],
  ],
  quic: ['version', 'sni', 'alpn', 'ja4', 'userAgent'],
  ssh: ['clientBanner', 'serverBanner', 'hasshClient', 'hasshServer', 'ciphersClient', 'ciphersServer'],
  other: [],
};
const KEY_CACHE_MAX = 4096;
/** Per section, per key (no string made per lookup); at most KEY_CACHE_MAX keys a section. */
const keyCache = new Map<MetaSection, Map<string, KeyInfo>>();
for (const [section, keys] of Object.entries(KNOWN_META_KEYS) as [MetaSection, string[]][]) {
  for (const k of keys) keyInfo(section, k).known = true;
  const names = keys.map((k) => metaKeyName(section, k));
  for (const k of keys) {
    const d = metaDerived(section, k, 0);
    if (d !== undefined) names.push(d[0]);
  }
  if (new Set(names).size !== names.length) throw new Error(`${section} meta keys collide`);
}

function keyInfo(section: MetaSection, k: string): KeyInfo {
  let keys = keyCache.get(section);
  if (keys === undefined) keyCache.set(section, (keys = new Map()));
  let info = keys.get(k);
  if (info === undefined) {
    const name = metaKeyName(section, k);
    info = { frag: utf8(jstr(name) + ':'), renamed: name !== k, known: false };
    if (keys.size < KEY_CACHE_MAX) keys.set(k, info);
  }
  return info;
}

/**
 * `key` and a metadata object as metaObject + JSON.stringify write it: keys in Object.keys
 * order, renamed (vocabulary.ts), undefined values left out, derived names after their value.
 * When renaming could make two keys one (an unknown key beside a renamed or derived one) or a
 * key is "__proto__", the exact slow way is taken instead of what was written.
 */
function metaBytes(w: JsonBytes, section: MetaSection, key: Uint8Array, v: object): void {
  w.raw(key);
  const start = w.pos;
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    w.text(stringifyReport(metaObject(section, v)));
    return;
  }
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec);
  let any = false;
  let renamed = false;
  let unknown = false;
  w.raw(K_OPEN);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const val = rec[k];
    if (val === undefined) continue;
    if (k === '__proto__') {
      w.pos = start;
      w.text(stringifyReport(metaObject(section, v)));
      return;
    }
    const info = keyInfo(section, k);
    if (info.renamed) renamed = true;
    if (!info.known) unknown = true;
    any = member(w, any, info.frag, val);
    const d = metaDerived(section, k, val);
    if (d !== undefined && d[1] !== undefined) {
      renamed = true;
      w.raw(K_COMMA);
      w.str(d[0]);
      w.raw(K_COLON);
      w.str(d[1]);
    }
  }
  if (renamed && unknown) {
    w.pos = start;
    w.text(stringifyReport(metaObject(section, v)));
    return;
  }
  w.raw(K_CLOSE);
}

const L4_FRAGS: Uint8Array[] = [];
function l4Frag(proto: number): Uint8Array {
  const cached = L4_FRAGS[proto];
  if (cached !== undefined) return cached;
  const t = utf8(',"l4":' + jstr(l4Name(proto)));
  if (Number.isInteger(proto) && proto >= 0 && proto < 256) L4_FRAGS[proto] = t;
  return t;
}

const TUNNEL_FRAGS = TUNNEL_NAMES.map((name) => utf8(',"tunnel":' + (name ? jstr(name) : 'null')));
const NO_TUNNEL = ascii(',"tunnel":null');
function tunnelFrag(tunnel: number): Uint8Array {
  return TUNNEL_FRAGS[tunnel] ?? NO_TUNNEL;
}

/** `"l7_proto_name":…,"category":…` per (master, app) of nDPI's table (fixed). */
const l7Cache = new Map<number, Uint8Array>();
function l7Frag(master: number, app: number): Uint8Array {
  const small = Number.isInteger(master) && Number.isInteger(app) && master >= 0 && app >= 0 && master < 65536 && app < 65536;
  const key = master * 65536 + app;
  if (small) {
    const cached = l7Cache.get(key);
    if (cached !== undefined) return cached;
  }
  const t = utf8(',"l7_proto_name":' + jstr(l7ProtoName(master, app)) + ',"category":' + jstr(flowCategory(master, app)));
  if (small) l7Cache.set(key, t);
  return t;
}

/** `,"ip_protocol":N,"ip_protocol_name":…` per id of nDPI's table (fixed), made once. */
const ipCache = new Map<number, Uint8Array>();
function ipFrag(id: number): Uint8Array {
  let t = ipCache.get(id);
  if (t === undefined) {
    t = utf8(`,"ip_protocol":${id},"ip_protocol_name":${id !== 0 ? jstr(protocolName(id)) : 'null'}`);
    if (Number.isInteger(id) && id >= 0 && id < 65536) ipCache.set(id, t);
  }
  return t;
}

/** `{"id":…,"name":…,"severity":…,"score":…` of each risk id (without info and the closing brace). */
const RISK_FRAGS: Uint8Array[] = [];
function riskFrag(id: number): Uint8Array {
  let t = RISK_FRAGS[id];
  if (t === undefined) {
    const i = riskInfo(id);
    t = utf8(`{"id":${JSON.stringify(id)},"name":${i ? jstr(i.name) : 'null'},"severity":${i ? jstr(i.severity) : 'null'},"score":${i ? i.score : 0}`);
    if (Number.isInteger(id) && id >= 0 && id < 64) RISK_FRAGS[id] = t;
  }
  return t;
}

const FLAG_TEXTS: Uint8Array[] = [];
for (let i = 0; i < 256; i++) FLAG_TEXTS.push(ascii('"' + tcpFlagsText(i) + '"'));

/** A fragment's UTF-8 bytes (names from tables may be any text), as a plain Uint8Array (as ascii()'s: one kind for raw()). */
function utf8(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf8'));
}
