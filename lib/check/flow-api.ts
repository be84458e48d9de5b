/**
 * The `flow` table a check sees: each method is a C function (registered once per wasm
 * runtime) that reads the flow being checked from `current`. Values are pushed as Lua
 * integers/strings/booleans directly; the protocol tables are built only when asked for.
 * The key names are documented in docs/LUA-API.md.
 */
import { cipherName } from '../classify/tls/cipher-names.js';
import { tlsVersionName } from '../classify/tls/hello.js';
import { riskInfo, riskScore } from '../risk/risks.js';
import type { Flow, HttpMeta } from '../flow/flow.js';
import { connHistory, connState } from '../flow/conn-state.js';
import { l4Name } from '../flow/l4.js';
import { clampScore } from './alerts.js';
import { LUA_REGISTRYINDEX, LUA_TNUMBER, LUA_TSTRING, NUM_SLOTS, type LuaRuntime } from './lua-engine.js';
import { isMulticast, type LocalNetworks } from './networks.js';
import { CTORS_GLOBAL } from './sandbox.js';

/** What a running check needs from its runner. */
export interface CheckContext {
  /** The check's name (its file name), for alerts and output prefixes. */
  readonly check: string;
  readonly networks: LocalNetworks;
  flow: Flow;
  /**
   * Records an alert on the current flow: score already made 0–255 (clamped, or the low 8
   * bits with `compat`); `where` ("file:line:") is given when the score had to be changed.
   */
  alert(score: number, message: string, requested: number, where?: string): void;
  /** --ntopng-compat: ntopng's code behaviour (empty protocol tables, local@remote, score mod 256). */
  readonly compat: boolean;
  /** The protocol accessor that last returned nil in this run ("flow.http()"), for error messages. */
  nilTable?: string;
  /** Names the flow's protocol pair for flow.l7_proto_name() (a cachedNamer). */
  readonly protoName: ProtocolNamer;
  /** ntop.* / interface.* / require services kept outside Lua (runner.ts): results to push. */
  host(op: string, args: HostArg[]): HostResult;
  /** Script output: kind 0 = a print line, 1 = io.write text. */
  write(kind: number, text: string): void;
  /**
   * Registry references of this state's protocol-table constructors, by table and key set
   * (see pushCtor); filled on use. Reset it to undefined when the context moves to a new Lua
   * state.
   */
  ctors?: Map<number, bigint>;
  /** Registry references of Lua strings made from table values (see pushValue); same life as ctors. */
  strings?: Map<string, bigint>;
}

/** An argument of the host function: strings (numbers as Lua converts them), or undefined (nil/other). */
export type HostArg = string | number | boolean | undefined;
/** Values the host function returns (null = nil, string[] = an array table), or an error to raise. */
export type HostResult = (string | number | boolean | null | readonly string[])[] | { error: string };

/** Names the flow's nDPI protocol pair ("TLS.Google", "HTTP", "Unknown"). */
export type ProtocolNamer = (master: number, app: number) => string;

/**
 * The namer a runner uses, with a cache: l7 names are few and the namer builds a new string
 * per call. One per runner (nothing shared between analyses).
 */
export function cachedNamer(namer: ProtocolNamer): ProtocolNamer {
  const cache = new Map<number, string>();
  return (master, app) => {
    const key = master * 65536 + app;
    let n = cache.get(key);
    if (n === undefined) {
      n = namer(master, app);
      if (cache.size < 4096) cache.set(key, n);
    }
    return n;
  };
}

let current: CheckContext | undefined;

/** Sets the check/flow the `flow.*` C functions read. */
export function setCurrent(ctx: CheckContext | undefined): void {
  current = ctx;
}

/**
 * Direction of a flow as the documentation names it (`local2remote` …), or with `compat` as
 * ntopng's code does (`local@remote` …).
 */
export function flowDirection(flow: Flow, nets: LocalNetworks, compat = false): string {
  const c = isLocalish(flow.ipVersion, flow.cli, nets) ? 'local' : 'remote';
  const s = isLocalish(flow.ipVersion, flow.srv, nets) ? 'local' : 'remote';
  return c + (compat ? '@' : '2') + s;
}

function isLocalish(v: 4 | 6, w: ArrayLike<number>, nets: LocalNetworks): boolean {
  return nets.isLocal(v, w) || isMulticast(v, w) || nets.isBroadcast(v, w);
}

/** False when either peer is multicast or broadcast. */
export function flowIsUnicast(flow: Flow, nets: LocalNetworks): boolean {
  const v = flow.ipVersion;
  return !(
    isMulticast(v, flow.cli) ||
    isMulticast(v, flow.srv) ||
    nets.isBroadcast(v, flow.cli) ||
    nets.isBroadcast(v, flow.srv)
  );
}

/** A short human label: "UDP 10.0.0.1:5353 -> 8.8.8.8:53" (IPv6 in brackets, VLAN when tagged). */
export function flowLabel(flow: Flow): string {
  const p = l4Name(flow.proto);
  const ep = (a: string, port: number) => {
    const host = flow.ipVersion === 6 ? `[${a}]` : a;
    return flow.cliPort || flow.srvPort ? `${host}:${port}` : host;
  };
  const vlan = flow.vlanId ? ` vlan ${flow.vlanId}` : '';
  return `${p} ${ep(flow.cliAddr(), flow.cliPort)} -> ${ep(flow.srvAddr(), flow.srvPort)}${vlan}`;
}

/**
 * Installs the flow methods in this runtime (once) and pushes a new `flow` table holding them
 * on L's stack.
 */
export function pushFlowTable(rt: LuaRuntime, L: number): void {
  const methods = flowMethods(rt);
  rt.x.lua_createtable(L, 0, methods.length + 1);
  for (const [name, ptr] of methods) {
    rt.x.lua_pushcclosure(L, ptr, 0);
    rt.setField(L, name);
  }
}

/** Pushes the host function: host(op, ...) → the running check's host(op, args). */
export function pushHostFunction(rt: LuaRuntime, L: number): void {
  const fn = rt.cfunction('flowcheck.host', (L) => {
    const ctx = current;
    const op = rt.toString(L, 1) ?? '';
    if (ctx === undefined) return rt.raiseError(L, `${op} can be called only while a check runs on a flow`);
    const n = rt.x.lua_gettop(L);
    const args: HostArg[] = [];
    for (let i = 2; i <= n; i++) {
      const t = rt.x.lua_type(L, i);
      args.push(t === LUA_TSTRING || t === LUA_TNUMBER ? rt.toString(L, i) : t === 1 ? rt.x.lua_toboolean(L, i) !== 0 : undefined);
    }
    const r = ctx.host(op, args);
    if (!Array.isArray(r)) return rt.raiseError(L, (r as { error: string }).error);
    for (const v of r) {
      if (v === null) rt.x.lua_pushnil(L);
      else if (typeof v === 'string') rt.pushString(L, v);
      else if (typeof v === 'number') rt.pushInteger(L, v);
      else if (typeof v === 'boolean') rt.pushBoolean(L, v);
      else {
        rt.x.lua_createtable(L, v.length, 0);
        for (let i = 0; i < v.length; i++) {
          rt.pushString(L, v[i]);
          rt.setIndex(L, i + 1);
        }
      }
    }
    return r.length;
  });
  rt.x.lua_pushcclosure(L, fn, 0);
}

/** Pushes the C function behind print/io.write: out(kind, text) → the running check's write. */
export function pushOutFunction(rt: LuaRuntime, L: number): void {
  const fn = rt.cfunction('flowcheck.out', (L) => {
    const kind = rt.toNumber(L, 1) ?? 0;
    const text = rt.toString(L, 2) ?? '';
    current?.write(kind, text);
    return 0;
  });
  rt.x.lua_pushcclosure(L, fn, 0);
}

// Scalar methods are native getters (lua-engine.ts numGetter/strGetter) reading slots that
// loadFlow() writes once per flow: no JS call per method. Slots marked lazy (NaN, or a
// cleared string slot) are computed by fillSlot() only when a script asks for them.
const N_CLI_PORT = 0;
const N_SRV_PORT = 1;
const N_PROTO = 2;
const N_VLAN = 3;
const N_C2S_BYTES = 4;
const N_S2C_BYTES = 5;
const N_BYTES = 6;
const N_MASTER = 7;
const N_APP = 8;
const N_C2S_PACKETS = 9;
const N_S2C_PACKETS = 10;
const N_PACKETS = 11;
const N_FIRST = 12;
const N_LAST = 13;
const N_DURATION = 14;
const N_ONEWAY = 15;
const N_UNICAST = 16; // lazy
// address slots (lua-engine ADDR_SLOTS): IPv4 is formatted natively
const S_CLI = 0;
const S_SRV = 1;
const S_NAME = 2;
const S_DIRECTION = 3;
const S_HOST = 4;
const S_CONFIDENCE = 5;
const STRINGS = 6;

/** Stores the flow's values for the native getters; call before running checks on it. */
export function loadFlow(rt: LuaRuntime, f: Flow): void {
  const v = rt.numSlots();
  v[N_CLI_PORT] = f.cliPort;
  v[N_SRV_PORT] = f.srvPort;
  v[N_PROTO] = f.proto;
  v[N_VLAN] = f.vlanId & 0xfff;
  v[N_C2S_BYTES] = f.cli2srvBytes;
  v[N_S2C_BYTES] = f.srv2cliBytes;
  v[N_BYTES] = f.cli2srvBytes + f.srv2cliBytes;
  v[N_MASTER] = f.l7Master;
  v[N_APP] = f.l7App;
  v[N_C2S_PACKETS] = f.cli2srvPackets;
  v[N_S2C_PACKETS] = f.srv2cliPackets;
  v[N_PACKETS] = f.cli2srvPackets + f.srv2cliPackets;
  v[N_FIRST] = f.firstSec;
  v[N_LAST] = f.lastSec;
  const d = f.lastSec - f.firstSec + (f.lastNsec - f.firstNsec) / 1e9;
  v[N_DURATION] = d > 0 ? d : 0;
  v[N_ONEWAY] = f.cli2srvPackets === 0 || f.srv2cliPackets === 0 ? 1 : 0;
  v[N_UNICAST] = NaN;
  const a = rt.addrSlots();
  if (f.ipVersion === 4) {
    a[S_CLI] = f.cli[0];
    a[S_SRV] = f.srv[0];
  } else {
    a[S_CLI] = a[S_SRV] = NaN;
  }
  rt.clearStrings(STRINGS);
}

/** Computes a lazy slot for the current check's flow (called from a native getter). */
function fillSlot(rt: LuaRuntime, id: number): void {
  const ctx = current;
  if (ctx === undefined) return;
  const f = ctx.flow;
  switch (id) {
    case N_UNICAST:
      rt.numSlots()[N_UNICAST] = flowIsUnicast(f, ctx.networks) ? 1 : 0;
      return;
    case NUM_SLOTS + S_CLI:
      return rt.setSlotString(S_CLI, f.cliAddr());
    case NUM_SLOTS + S_SRV:
      return rt.setSlotString(S_SRV, f.srvAddr());
    case NUM_SLOTS + S_NAME:
      return rt.setSlotConst(S_NAME, ctx.protoName(f.l7Master, f.l7App));
    case NUM_SLOTS + S_DIRECTION:
      return rt.setSlotConst(S_DIRECTION, flowDirection(f, ctx.networks, ctx.compat));
    case NUM_SLOTS + S_HOST:
      return rt.setSlotString(S_HOST, f.host);
    case NUM_SLOTS + S_CONFIDENCE:
      return rt.setSlotConst(S_CONFIDENCE, f.confidence);
  }
}

const methodCache = new WeakMap<LuaRuntime, [string, number][]>();

function flowMethods(rt: LuaRuntime): [string, number][] {
  let m = methodCache.get(rt);
  if (m) return m;
  rt.filler = (_L, id) => fillSlot(rt, id);
  rt.onNumStr = (L, score, ptr, len) => raiseAlert(rt, L, score, ptr, len);
  rt.onNumStrBad = (L) => triggerAlert(rt, L);
  const x = rt.x;
  const int = (slot: number) => rt.numGetter('int', slot);
  const js = (name: string, fn: (L: number) => number) => rt.cfunction('flow.' + name, fn);
  m = [
    // --- the documented API ---
    ['cli', rt.addrGetter(S_CLI)],
    ['srv', rt.addrGetter(S_SRV)],
    ['cli_port', int(N_CLI_PORT)],
    ['srv_port', int(N_SRV_PORT)],
    ['protocol', int(N_PROTO)],
    ['vlan_id', int(N_VLAN)],
    ['is_oneway', rt.numGetter('bool', N_ONEWAY)],
    ['is_unicast', rt.numGetter('bool', N_UNICAST)],
    ['cli2srv_bytes', int(N_C2S_BYTES)],
    ['srv2cli_bytes', int(N_S2C_BYTES)],
    ['bytes', int(N_BYTES)],
    ['l7_master_proto', int(N_MASTER)],
    ['l7_proto', int(N_APP)],
    ['l7_proto_name', rt.strGetter(S_NAME)],
    ['direction', rt.strGetter(S_DIRECTION)],
    ['http', js('http', (L) => (buildHttp(rt, L, current!.flow) || noTable(rt, L, 'flow.http()'), 1))],
    ['dns', js('dns', (L) => (buildDns(rt, L, current!.flow) || noTable(rt, L, 'flow.dns()'), 1))],
    ['ssh', js('ssh', (L) => (buildSsh(rt, L, current!.flow) || noTable(rt, L, 'flow.ssh()'), 1))],
    ['tls_quic', js('tls_quic', (L) => (buildTls(rt, L, current!.flow) || noTable(rt, L, 'flow.tls_quic()'), 1))],
    ['triggerAlert', rt.numStrFunction()],
    // --- flowcheck extensions (documented as such) ---
    ['cli2srv_packets', int(N_C2S_PACKETS)],
    ['srv2cli_packets', int(N_S2C_PACKETS)],
    ['packets', int(N_PACKETS)],
    ['first_seen', int(N_FIRST)],
    ['last_seen', int(N_LAST)],
    ['duration', rt.numGetter('num', N_DURATION)],
    ['host', rt.strGetter(S_HOST)],
    ['confidence', rt.strGetter(S_CONFIDENCE)],
    ['risks', js('risks', (L) => (buildRisks(rt, L, current!.flow), 1))],
    ['risk_score', js('risk_score', (L) => (rt.pushInteger(L, riskScore(current!.flow).total), 1))],
    ['conn_state', js('conn_state', (L) => (rt.pushString(L, connState(current!.flow)), 1))],
    ['history', js('history', (L) => (rt.pushString(L, connHistory(current!.flow)), 1))],
  ];
  // older ntopng samples call flow.tls()
  m.push(['tls', m.find(([n]) => n === 'tls_quic')![1]]);
  methodCache.set(rt, m);
  return m;
}

/** A protocol accessor on a flow without that protocol: nil (noted for errors), or {} with compat. */
function noTable(rt: LuaRuntime, L: number, accessor: string): void {
  const ctx = current!;
  if (ctx.compat) {
    rt.x.lua_createtable(L, 0, 0);
    return;
  }
  ctx.nilTable = accessor;
  rt.x.lua_pushnil(L);
}

/** The score an alert gets: clamped to 0–255, or (compat, as ntopng's code) its low 8 bits. */
function alertScore(requested: number): number {
  if (!current!.compat) return clampScore(requested);
  if (!Number.isFinite(requested)) return requested > 0 ? 255 : 0;
  return ((Math.trunc(requested) % 256) + 256) % 256;
}

/** Records the alert; when the score had to change, with the caller's "file:line:". */
function recordAlert(rt: LuaRuntime, L: number, requested: number, message: string): void {
  const score = alertScore(requested);
  let where: string | undefined;
  if (score !== requested) {
    rt.x.luaL_where(L, 1);
    where = rt.toString(L, -1);
    rt.x.lua_settop(L, -2);
  }
  current!.alert(score, message, requested, where);
}

const USAGE = "flow.triggerAlert(score: integer 0-255, message: string)";

function typeName(rt: LuaRuntime, L: number, idx: number): string {
  const t = rt.x.lua_type(L, idx);
  return ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'][t] ?? 'no value';
}

/** flow.triggerAlert with arguments of the right types (checked natively): score, message bytes. */
function raiseAlert(rt: LuaRuntime, L: number, requested: number, ptr: number, len: number): number {
  if (Number.isNaN(requested)) rt.raiseError(L, `bad argument #1 to 'triggerAlert' (score is NaN); usage: ${USAGE}`);
  recordAlert(rt, L, requested, rt.stringAt(ptr, len));
  return 0;
}

/** flow.triggerAlert checked in JS: raises the argument errors (also handles valid calls). */
function triggerAlert(rt: LuaRuntime, L: number): number {
  if (rt.x.lua_type(L, 1) !== LUA_TNUMBER) {
    const got = rt.x.lua_gettop(L) < 1 ? 'no value' : typeName(rt, L, 1);
    rt.raiseError(L, `bad argument #1 to 'triggerAlert' (number expected, got ${got}); usage: ${USAGE}`);
  }
  const t2 = rt.x.lua_type(L, 2);
  if (t2 !== LUA_TSTRING && t2 !== LUA_TNUMBER) {
    const got = rt.x.lua_gettop(L) < 2 ? 'no value' : typeName(rt, L, 2);
    rt.raiseError(L, `bad argument #2 to 'triggerAlert' (string expected, got ${got}); usage: ${USAGE}`);
  }
  const requested = rt.toDouble(L, 1)!;
  if (Number.isNaN(requested)) rt.raiseError(L, `bad argument #1 to 'triggerAlert' (score is NaN); usage: ${USAGE}`);
  const message = rt.toString(L, 2) ?? '';
  recordAlert(rt, L, requested, message);
  return 0;
}

// ---- protocol tables ------------------------------------------------------------------
// Each builder fills its spec's values (undefined = unknown), then emitTable() pushes a
// constructor made for exactly the known keys (sandbox.ts compiles it once per state and set
// of keys) and the known values, and calls it: one Lua call instead of two host calls per
// key, and a table sized for its keys (a constructor for every key is ~50 % slower).

const STR = 0;
const INT = 1;
const BOOL = 2;
const STRS = 3;
const INTS = 4;
type Kind = typeof STR | typeof INT | typeof BOOL | typeof STRS | typeof INTS;

interface TableSpec {
  readonly id: number;
  /** Per value: the keys it is stored under (ntopng's dotted key, then the short alias). */
  readonly keys: readonly (readonly string[])[];
  readonly kinds: readonly Kind[];
  /** The values of the table being built (reset to undefined as they are pushed). */
  readonly vals: unknown[];
}

function tableSpec(id: number, fields: [readonly string[], Kind][]): TableSpec {
  return { id, keys: fields.map((f) => f[0]), kinds: fields.map((f) => f[1]), vals: fields.map(() => undefined) };
}

const HTTP = tableSpec(0, [
  [['protos.http.last_method', 'method'], STR],
  [['protos.http.last_return_code', 'return_code'], INT],
  [['protos.http.last_url', 'url'], STR],
  [['protos.http.last_user_agent', 'user_agent'], STR],
  [['protos.http.last_server', 'server'], STR],
  [['protos.http.server_name', 'host'], STR],
  [['path'], STR],
  [['content_type'], STR],
  [['authorization'], STR],
]);
const DNS = tableSpec(1, [
  [['protos.dns.last_query', 'query'], STR],
  [['protos.dns.last_query_type', 'query_type'], INT],
  [['protos.dns.last_return_code', 'return_code'], INT],
  [['protos.dns.invalid_chars_in_query', 'invalid_chars'], BOOL],
  [['answers'], STRS],
]);
const SSH = tableSpec(2, [
  [['protos.ssh.client_signature', 'client_signature'], STR],
  [['protos.ssh.server_signature', 'server_signature'], STR],
  [['protos.ssh.hassh.client_hash', 'hassh_client'], STR],
  [['protos.ssh.hassh.server_hash', 'hassh_server'], STR],
]);
const TLS = tableSpec(3, [
  [['protos.tls_version', 'version'], INT],
  [['version_name'], STR],
  [['protos.tls.client_requested_server_name', 'sni'], STR],
  [['protos.tls.client_alpn', 'alpn'], STR],
  [['protos.tls.client_tls_supported_versions'], STR],
  [['protos.tls.server_names'], STR],
  [['protos.tls.issuerDN', 'issuer'], STR],
  [['protos.tls.subjectDN', 'subject'], STR],
  [['protos.tls.notBefore', 'not_before'], INT],
  [['protos.tls.notAfter', 'not_after'], INT],
  [['protos.tls.ja4.client_hash', 'ja4'], STR],
  [['protos.tls.ja3.client_hash', 'ja3c'], STR],
  [['protos.tls.ja3.server_hash', 'ja3s'], STR],
  [['alpn_offered'], STRS],
  [['supported_versions'], INTS],
  [['server_names'], STRS],
  [['cipher'], INT],
  [['sha1'], STR],
  [['quic'], BOOL],
  [['quic_version'], INT],
  [['user_agent'], STR],
  [['cipher_name'], STR],
]);
const T_VERSION = 0, T_VNAME = 1, T_SNI = 2, T_ALPN = 3, T_SUPPORTED = 4, T_SANS = 5, T_ISSUER = 6, T_SUBJECT = 7;
const T_NB = 8, T_NA = 9, T_JA4 = 10, T_JA3C = 11, T_JA3S = 12, T_ALPN_OFFERED = 13, T_SUPPORTED_LIST = 14;
const T_SANS_LIST = 15, T_CIPHER = 16, T_SHA1 = 17, T_QUIC = 18, T_QUIC_VERSION = 19, T_UA = 20, T_CIPHER_NAME = 21;

/** Constructors kept per Lua state; past this many key sets, the all-keys one serves. */
const MAX_CTORS = 256;

/** Lua source of a constructor for the values whose bit is set in mask. */
function ctorSource(spec: TableSpec, mask: number): string {
  const params: string[] = [];
  const fields: string[] = [];
  for (let i = 0; i < spec.keys.length; i++) {
    if (!(mask & (1 << i))) continue;
    const p = `a${i}`;
    params.push(p);
    for (const k of spec.keys[i]) fields.push(`[${JSON.stringify(k)}] = ${p}`);
  }
  return `return function(${params.join(', ')}) return { ${fields.join(', ')} } end`;
}

/** Pushes the current state's constructor for this spec and set of known values. */
function pushCtor(rt: LuaRuntime, L: number, spec: TableSpec, mask: number): void {
  const ctx = current!;
  let c = ctx.ctors;
  if (c === undefined) c = ctx.ctors = new Map();
  const x = rt.x;
  let ref = c.get(spec.id * 2 ** 24 + mask);
  if (ref === undefined) {
    const key = spec.id * 2 ** 24 + mask;
    // the compiler (sandbox.ts) lives in the state's real globals
    x.lua_getglobal(L, rt.cstr(CTORS_GLOBAL));
    rt.pushString(L, ctorSource(spec, mask));
    x.lua_callk(L, 1, 1, 0, 0);
    ref = BigInt(x.luaL_ref(L, LUA_REGISTRYINDEX));
    c.set(key, ref);
  }
  x.lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
}

/** Builds the table of spec.vals and leaves it on top of L's stack. */
function emitTable(rt: LuaRuntime, L: number, spec: TableSpec): void {
  const vals = spec.vals;
  const kinds = spec.kinds;
  const n = vals.length;
  let mask = 0;
  for (let i = 0; i < n; i++) if (vals[i] !== undefined) mask |= 1 << i;
  const ctors = current!.ctors;
  // too many key sets seen in this state: the constructor of every key, with nils
  if (ctors !== undefined && ctors.size >= MAX_CTORS && !ctors.has(spec.id * 2 ** 24 + mask)) mask = (1 << n) - 1;
  pushCtor(rt, L, spec, mask);
  const x = rt.x;
  let args = 0;
  for (let i = 0; i < n; i++) {
    if (!(mask & (1 << i))) continue;
    const v = vals[i];
    vals[i] = undefined;
    args++;
    if (v === undefined) x.lua_pushnil(L);
    else if (kinds[i] === STR) pushValue(rt, L, v as string);
    else if (kinds[i] === INT) rt.pushInteger(L, v as number);
    else if (kinds[i] === BOOL) x.lua_pushboolean(L, v ? 1 : 0);
    else if (kinds[i] === STRS) strList(rt, L, v as readonly string[]);
    else intList(rt, L, v as readonly number[]);
  }
  x.lua_callk(L, args, 1, 0, 0);
}

/** Strings of protocol tables kept per state (SNIs, JA4s, user agents … repeat from flow to flow). */
const MAX_CACHED_STRINGS = 1024;
const MAX_CACHED_LENGTH = 128;

/**
 * Pushes a protocol-table string value: from this state's cache when it was pushed before (one
 * registry read instead of encoding, hashing and interning it again), else made and cached.
 */
function pushValue(rt: LuaRuntime, L: number, s: string): void {
  const ctx = current!;
  let c = ctx.strings;
  if (c === undefined) c = ctx.strings = new Map();
  const x = rt.x;
  const ref = c.get(s);
  if (ref !== undefined) {
    x.lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
    return;
  }
  rt.pushString(L, s);
  if (s.length > MAX_CACHED_LENGTH) return;
  if (c.size >= MAX_CACHED_STRINGS) {
    // full: start over (cheaper than tracking recency; values that repeat come back at once)
    for (const r of c.values()) x.luaL_unref(L, LUA_REGISTRYINDEX, Number(r));
    c.clear();
  }
  x.lua_pushvalue(L, -1);
  c.set(s, BigInt(x.luaL_ref(L, LUA_REGISTRYINDEX)));
}

function strList(rt: LuaRuntime, L: number, v: readonly string[]): void {
  rt.x.lua_createtable(L, v.length, 0);
  for (let i = 0; i < v.length; i++) {
    pushValue(rt, L, v[i]);
    rt.setIndex(L, i + 1);
  }
}
function intList(rt: LuaRuntime, L: number, v: readonly number[]): void {
  rt.x.lua_createtable(L, v.length, 0);
  for (let i = 0; i < v.length; i++) {
    rt.pushInteger(L, v[i]);
    rt.setIndex(L, i + 1);
  }
}

/** "host/path" without a scheme, as ntopng's last_url. */
function urlOf(h: HttpMeta): string | undefined {
  let u = h.url;
  if (u === undefined) return h.host;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(u);
  if (scheme) return u.slice(scheme[0].length);
  if (u.startsWith('/') && h.host) u = h.host + u;
  return u;
}

function buildHttp(rt: LuaRuntime, L: number, f: Flow): boolean {
  const h = f.meta.http;
  if (!h) return false;
  const v = HTTP.vals;
  v[0] = h.method;
  v[1] = h.status ?? 0;
  v[2] = urlOf(h);
  v[3] = h.userAgent;
  v[4] = h.server;
  v[5] = h.host;
  v[6] = h.url !== undefined && h.url.startsWith('/') ? h.url : undefined;
  v[7] = h.contentType;
  v[8] = h.authorization;
  emitTable(rt, L, HTTP);
  return true;
}

function buildDns(rt: LuaRuntime, L: number, f: Flow): boolean {
  const d = f.meta.dns;
  if (!d) return false;
  const v = DNS.vals;
  v[0] = d.query;
  v[1] = d.qtype;
  v[2] = d.rcode;
  v[3] = d.query !== undefined ? d.invalidChars === true : d.invalidChars;
  v[4] = d.answers;
  emitTable(rt, L, DNS);
  return true;
}

function buildSsh(rt: LuaRuntime, L: number, f: Flow): boolean {
  const s = f.meta.ssh;
  if (!s) return false;
  const v = SSH.vals;
  v[0] = s.clientBanner;
  v[1] = s.serverBanner;
  v[2] = s.hasshClient;
  v[3] = s.hasshServer;
  emitTable(rt, L, SSH);
  return true;
}

/** flow.risks(): nDPI's risk names as ndpiReader prints them → true ({} when none). */
function buildRisks(rt: LuaRuntime, L: number, f: Flow): void {
  const risks = f.risks ?? [];
  rt.x.lua_createtable(L, 0, risks.length);
  for (const r of risks) {
    const info = riskInfo(r.id);
    if (info === undefined) continue;
    rt.x.lua_pushboolean(L, 1);
    rt.setField(L, info.name);
  }
}

/** TLS 1.3 is mandatory in QUIC, so a QUIC flow reports tls_version 0x0304. */
const QUIC_TLS_VERSION = 0x0304;
/** nDPI's protocol id of QUIC. */
const NDPI_QUIC = 188;

function buildTls(rt: LuaRuntime, L: number, f: Flow): boolean {
  const t = f.meta.tls;
  const q = f.meta.quic;
  if (!t && !q) return false;
  const v = TLS.vals;
  if (t) {
    v[T_VERSION] = t.version;
    v[T_VNAME] = t.version !== undefined ? tlsVersionName(t.version) : undefined;
    v[T_SNI] = t.sni;
    v[T_ALPN] = t.alpn ?? (t.alpnOffered && t.alpnOffered.length ? t.alpnOffered.join(',') : undefined);
    v[T_SUPPORTED] = t.supportedVersions?.map(tlsVersionName).join(',');
    v[T_SANS] = t.sans?.join(',');
    v[T_ISSUER] = t.issuer;
    v[T_SUBJECT] = t.subject;
    v[T_NB] = t.notBefore;
    v[T_NA] = t.notAfter;
    v[T_JA4] = t.ja4;
    v[T_JA3C] = t.ja3c;
    v[T_JA3S] = t.ja3s;
    v[T_ALPN_OFFERED] = t.alpnOffered;
    v[T_SUPPORTED_LIST] = t.supportedVersions;
    v[T_SANS_LIST] = t.sans;
    v[T_CIPHER] = t.cipher;
    v[T_CIPHER_NAME] = t.cipher !== undefined ? cipherName(t.cipher) : undefined;
    v[T_SHA1] = t.sha1;
    // the classifier may report a QUIC handshake's TLS data here too
    v[T_QUIC] = f.l7Master === NDPI_QUIC || f.l7App === NDPI_QUIC;
  } else if (q) {
    v[T_VERSION] = QUIC_TLS_VERSION;
    v[T_VNAME] = tlsVersionName(QUIC_TLS_VERSION);
    v[T_SNI] = q.sni;
    v[T_ALPN] = q.alpn && q.alpn.length ? q.alpn.join(',') : undefined;
    v[T_JA4] = q.ja4;
    v[T_ALPN_OFFERED] = q.alpn;
    v[T_QUIC] = true;
    v[T_QUIC_VERSION] = q.version;
    v[T_UA] = q.userAgent;
  }
  emitTable(rt, L, TLS);
  return true;
}
