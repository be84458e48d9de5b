/**
 * The `flow` table a check sees: each method is a C function (registered once per wasm
 * runtime) that reads the flow being checked from `current`. Values are pushed as Lua
 * integers/strings/booleans directly; the protocol tables are built only when asked for.
 * The key names are documented in docs/LUA-API.md.
 */
import type { Flow, HttpMeta } from '../flow/flow.js';
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
  /** Records an alert on the current flow (score already clamped to 0–255). */
  alert(score: number, message: string, requested: number): void;
  /** Script output: kind 0 = a print line, 1 = io.write text. */
  write(kind: number, text: string): void;
  /**
   * Registry references of this state's protocol-table constructors (sandbox.ts); filled on
   * first use. Reset it to undefined when the context moves to a new Lua state.
   */
  ctors?: TableCtors;
}

export interface TableCtors {
  http: bigint;
  dns: bigint;
  ssh: bigint;
  tls: bigint;
}

/** Names the flow's nDPI protocol pair ("TLS.Google", "HTTP", "Unknown"). */
export type ProtocolNamer = (master: number, app: number) => string;

let namer: ProtocolNamer = (master, app) => (master === 0 && app === 0 ? 'Unknown' : String(app || master));
let namerInjected = false;

/** Replaces the protocol namer used by flow.l7_proto_name(). */
export function setProtocolNamer(fn: ProtocolNamer): void {
  namer = fn;
  nameCache.clear();
  namerInjected = true;
}

/** Uses the classifier's protocol table when it is built into this package (once). */
export async function ensureProtocolNamer(): Promise<void> {
  if (namerInjected) return;
  try {
    // A computed specifier: the table is another module's file; absent, names stay numeric.
    const spec = '../classify/protocol-table.js';
    const mod = (await import(spec)) as { l7ProtoName?: ProtocolNamer };
    if (typeof mod.l7ProtoName === 'function' && !namerInjected) {
      namer = mod.l7ProtoName;
      nameCache.clear();
    }
  } catch {
    /* keep the fallback */
  }
  namerInjected = true;
}

let current: CheckContext | undefined;

/** Sets the check/flow the `flow.*` C functions read. */
export function setCurrent(ctx: CheckContext | undefined): void {
  current = ctx;
}

/** Direction of a flow as the documentation names it. */
export function flowDirection(flow: Flow, nets: LocalNetworks): string {
  const c = isLocalish(flow.ipVersion, flow.cli, nets);
  const s = isLocalish(flow.ipVersion, flow.srv, nets);
  return c ? (s ? 'local2local' : 'local2remote') : s ? 'remote2local' : 'remote2remote';
}

function isLocalish(v: 4 | 6, w: Uint32Array, nets: LocalNetworks): boolean {
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

const TLS_VERSION_NAMES: Record<number, string> = {
  0x0300: 'SSLv3',
  0x0301: 'TLSv1',
  0x0302: 'TLSv1.1',
  0x0303: 'TLSv1.2',
  0x0304: 'TLSv1.3',
};
function tlsVersionName(v: number): string {
  return TLS_VERSION_NAMES[v] ?? `0x${v.toString(16).padStart(4, '0')}`;
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
      return rt.setSlotConst(S_NAME, protoName(f.l7Master, f.l7App));
    case NUM_SLOTS + S_DIRECTION:
      return rt.setSlotConst(S_DIRECTION, flowDirection(f, ctx.networks));
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
  const x = rt.x;
  const int = (slot: number) => rt.numGetter('int', slot);
  const js = (name: string, fn: (L: number) => number) => rt.cfunction('flow.' + name, fn);
  m = [
    // --- the documented API ---
    ['cli', rt.strGetter(S_CLI)],
    ['srv', rt.strGetter(S_SRV)],
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
    ['http', js('http', (L) => (buildHttp(rt, L, current!.flow) || x.lua_pushnil(L), 1))],
    ['dns', js('dns', (L) => (buildDns(rt, L, current!.flow) || x.lua_pushnil(L), 1))],
    ['ssh', js('ssh', (L) => (buildSsh(rt, L, current!.flow) || x.lua_pushnil(L), 1))],
    ['tls_quic', js('tls_quic', (L) => (buildTls(rt, L, current!.flow) || x.lua_pushnil(L), 1))],
    ['triggerAlert', js('triggerAlert', (L) => triggerAlert(rt, L))],
    // --- flowcheck extensions (documented as such) ---
    ['cli2srv_packets', int(N_C2S_PACKETS)],
    ['srv2cli_packets', int(N_S2C_PACKETS)],
    ['packets', int(N_PACKETS)],
    ['first_seen', int(N_FIRST)],
    ['last_seen', int(N_LAST)],
    ['duration', rt.numGetter('num', N_DURATION)],
    ['host', rt.strGetter(S_HOST)],
    ['confidence', rt.strGetter(S_CONFIDENCE)],
  ];
  // older ntopng samples call flow.tls()
  m.push(['tls', m.find(([n]) => n === 'tls_quic')![1]]);
  methodCache.set(rt, m);
  return m;
}

/** l7 names are few: cache them (the namer builds a new string per call). */
const nameCache = new Map<number, string>();
function protoName(master: number, app: number): string {
  const key = master * 65536 + app;
  let n = nameCache.get(key);
  if (n === undefined) {
    n = namer(master, app);
    if (nameCache.size < 4096) nameCache.set(key, n);
  }
  return n;
}

const USAGE = "flow.triggerAlert(score: integer 0-255, message: string)";

function typeName(rt: LuaRuntime, L: number, idx: number): string {
  const t = rt.x.lua_type(L, idx);
  return ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'][t] ?? 'no value';
}

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
  current!.alert(clampScore(requested), message, requested);
  return 0;
}

// ---- protocol tables ------------------------------------------------------------------
// Each builder pushes its constructor (sandbox.ts) and the values in the constructor's
// parameter order, then calls it: one Lua call instead of two host calls per key.

/** Pushes the named constructor of the current state. */
function pushCtor(rt: LuaRuntime, L: number, name: keyof TableCtors): void {
  const ctx = current!;
  let c = ctx.ctors;
  if (c === undefined) {
    const x = rt.x;
    x.lua_getglobal(L, rt.cstr(CTORS_GLOBAL));
    c = {} as TableCtors;
    for (const k of ['http', 'dns', 'ssh', 'tls'] as const) {
      x.lua_getfield(L, -1, rt.cstr(k));
      c[k] = BigInt(x.luaL_ref(L, LUA_REGISTRYINDEX));
    }
    x.lua_settop(L, -2);
    ctx.ctors = c;
  }
  rt.x.lua_rawgeti(L, LUA_REGISTRYINDEX, c[name]);
}

function str(rt: LuaRuntime, L: number, v: string | undefined): void {
  if (v === undefined) rt.x.lua_pushnil(L);
  else rt.pushString(L, v);
}
function int(rt: LuaRuntime, L: number, v: number | undefined): void {
  if (v === undefined) rt.x.lua_pushnil(L);
  else rt.pushInteger(L, v);
}
function bool(rt: LuaRuntime, L: number, v: boolean | undefined): void {
  if (v === undefined) rt.x.lua_pushnil(L);
  else rt.x.lua_pushboolean(L, v ? 1 : 0);
}
function strList(rt: LuaRuntime, L: number, v: readonly string[] | undefined): void {
  if (v === undefined) return rt.x.lua_pushnil(L);
  rt.x.lua_createtable(L, v.length, 0);
  for (let i = 0; i < v.length; i++) {
    rt.pushString(L, v[i]);
    rt.x.lua_rawseti(L, -2, BigInt(i + 1));
  }
}
function intList(rt: LuaRuntime, L: number, v: readonly number[] | undefined): void {
  if (v === undefined) return rt.x.lua_pushnil(L);
  rt.x.lua_createtable(L, v.length, 0);
  for (let i = 0; i < v.length; i++) {
    rt.pushInteger(L, v[i]);
    rt.x.lua_rawseti(L, -2, BigInt(i + 1));
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
  const x = rt.x;
  pushCtor(rt, L, 'http');
  str(rt, L, h.method);
  int(rt, L, h.status ?? 0);
  str(rt, L, urlOf(h));
  str(rt, L, h.userAgent);
  str(rt, L, h.server);
  str(rt, L, h.host);
  str(rt, L, h.url !== undefined && h.url.startsWith('/') ? h.url : undefined);
  str(rt, L, h.contentType);
  str(rt, L, h.authorization);
  x.lua_callk(L, 9, 1, 0, 0);
  return true;
}

function buildDns(rt: LuaRuntime, L: number, f: Flow): boolean {
  const d = f.meta.dns;
  if (!d) return false;
  pushCtor(rt, L, 'dns');
  str(rt, L, d.query);
  int(rt, L, d.qtype);
  int(rt, L, d.rcode);
  bool(rt, L, d.query !== undefined ? d.invalidChars === true : d.invalidChars);
  strList(rt, L, d.answers);
  rt.x.lua_callk(L, 5, 1, 0, 0);
  return true;
}

function buildSsh(rt: LuaRuntime, L: number, f: Flow): boolean {
  const s = f.meta.ssh;
  if (!s) return false;
  pushCtor(rt, L, 'ssh');
  str(rt, L, s.clientBanner);
  str(rt, L, s.serverBanner);
  str(rt, L, s.hasshClient);
  str(rt, L, s.hasshServer);
  rt.x.lua_callk(L, 4, 1, 0, 0);
  return true;
}

/** TLS 1.3 is mandatory in QUIC, so a QUIC flow reports tls_version 0x0304. */
const QUIC_TLS_VERSION = 0x0304;
/** nDPI's protocol id of QUIC. */
const NDPI_QUIC = 188;

function buildTls(rt: LuaRuntime, L: number, f: Flow): boolean {
  const t = f.meta.tls;
  const q = f.meta.quic;
  if (!t && !q) return false;
  pushCtor(rt, L, 'tls');
  if (t) {
    const alpn = t.alpn ?? (t.alpnOffered && t.alpnOffered.length ? t.alpnOffered.join(',') : undefined);
    int(rt, L, t.version);
    str(rt, L, t.version !== undefined ? tlsVersionName(t.version) : undefined);
    str(rt, L, t.sni);
    str(rt, L, alpn);
    str(rt, L, t.supportedVersions?.map(tlsVersionName).join(','));
    str(rt, L, t.sans?.join(','));
    str(rt, L, t.issuer);
    str(rt, L, t.subject);
    int(rt, L, t.notBefore);
    int(rt, L, t.notAfter);
    str(rt, L, t.ja4);
    str(rt, L, t.ja3c);
    str(rt, L, t.ja3s);
    strList(rt, L, t.alpnOffered);
    intList(rt, L, t.supportedVersions);
    strList(rt, L, t.sans);
    int(rt, L, t.cipher);
    str(rt, L, t.sha1);
    // the classifier may report a QUIC handshake's TLS data here too
    bool(rt, L, f.l7Master === NDPI_QUIC || f.l7App === NDPI_QUIC);
    int(rt, L, undefined);
    str(rt, L, undefined);
  } else if (q) {
    int(rt, L, QUIC_TLS_VERSION);
    str(rt, L, tlsVersionName(QUIC_TLS_VERSION));
    str(rt, L, q.sni);
    str(rt, L, q.alpn && q.alpn.length ? q.alpn.join(',') : undefined);
    for (let i = 0; i < 6; i++) rt.x.lua_pushnil(L); // supported, sans, issuer, subject, nb, na
    str(rt, L, q.ja4);
    rt.x.lua_pushnil(L); // ja3c
    rt.x.lua_pushnil(L); // ja3s
    strList(rt, L, q.alpn);
    rt.x.lua_pushnil(L); // supported list
    rt.x.lua_pushnil(L); // sans list
    rt.x.lua_pushnil(L); // cipher
    rt.x.lua_pushnil(L); // sha1
    bool(rt, L, true);
    int(rt, L, q.version);
    str(rt, L, q.userAgent);
  }
  rt.x.lua_callk(L, 21, 1, 0, 0);
  return true;
}
