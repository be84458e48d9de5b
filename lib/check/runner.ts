/**
 * Runs users' Lua flow checks (ntopng's `flow` API) once per flow, synchronously.
 * Each check has its own Lua state: its globals persist from flow to flow, and nothing is
 * shared between checks. See docs/LUA-API.md for the script-facing contract.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Alert, Flow } from '../flow/flow.js';
import { severityOf } from './alerts.js';
import { cachedNamer, flowLabel, loadFlow, pushFlowTable, pushHostFunction, pushOutFunction, setCurrent, type CheckContext, type HostArg, type HostResult, type ProtocolNamer } from './flow-api.js';
import { l7ProtoName } from '../classify/protocol-table.js';
import { hostLuaFile, moduleBesideCheck, moduleOnHost, RunCache } from './host.js';
import { BudgetExceeded, TimeExceeded, LUA_ERRMEM, LUA_OK, LUA_TFUNCTION, loadLuaRuntime, type LuaRuntime, type LuaState } from './lua-engine.js';
import { NTOPNG_MODULE_ALIASES, NTOPNG_MODULES } from './ntopng-modules.js';
import { DEFAULT_LOCAL_NETWORKS, isMulticast, LocalNetworks, parseAddress } from './networks.js';
import { BOOTSTRAP } from './sandbox.js';
import { capAlertMessage } from './alert-message.js';

/** The modules require serves without a file, for messages. */
const BUILTIN_MODULES = [...Object.keys(NTOPNG_MODULES), ...Object.keys(NTOPNG_MODULE_ALIASES)].sort();

/** The version ntop.getInfo() reports. */
const VERSION = '0.1.0';

export type CheckHook = 'detected' | 'end' | 'periodic';
export interface CheckSpec {
  file: string;
  hook: CheckHook;
}
export interface CheckOptions {
  /** Lua instructions allowed per flow and check (default 10 million). */
  budget?: number;
  /** Bytes of memory per Lua state (default 64 MiB). */
  memoryMax?: number;
  /** Milliseconds (monotonic clock) allowed per flow and check (default 100). */
  timeLimit?: number;
  /**
   * --unsafe-lua: require through package.path, dofile and loadfile read Lua files anywhere on
   * the host (read-only), os.getenv reads the environment. No other file or process access.
   */
  unsafe?: boolean;
  /**
   * --ntopng-compat: ntopng's code behaviour instead of its documentation's: protocol
   * accessors return {} for other protocols, direction() says `local@remote`, a check's last
   * triggerAlert on a flow replaces its earlier ones, scores keep their low 8 bits.
   */
  compat?: boolean;
  /** A runtime error makes run() throw CheckStrictError (after recording it). */
  strict?: boolean;
  /** CIDRs of the local networks (default: private, loopback, link-local ranges). */
  localNetworks?: string[];
  /** Where print(), io.write() and error notices go, one line per call (default: stderr). */
  stderr?: (line: string) => void;
  /**
   * Names a flow's protocol pair for flow.l7_proto_name() (default: nDPI's table; the CLI
   * passes one that also knows the custom protocols of --protos).
   */
  protocolName?: ProtocolNamer;
}

export const DEFAULT_BUDGET = 10_000_000;
export const DEFAULT_MEMORY_MAX = 64 * 1024 * 1024;
export const DEFAULT_TIME_LIMIT = 100;
/** Errors kept in `errors` (all are counted in `errorCount`). */
export const MAX_RECORDED_ERRORS = 1000;
/** Characters of an error message kept. */
const MAX_MESSAGE = 2000;
/** Alerts one check may raise on one flow in one run; further calls are counted, not kept
 * (a script calling triggerAlert in a loop must not fill the memory). */
export const MAX_ALERTS_PER_RUN = 100;
/** Errors written to stderr per check before they are only counted. */
const MAX_SHOWN_ERRORS = 10;

/**
 * Check specs with each directory replaced by the `.lua` files directly in it, by name (the
 * same hook), so `-c checks/` runs a folder of checks; a directory without one is an error.
 * Files are kept as given, whatever their name.
 */
export function expandCheckSpecs(specs: readonly CheckSpec[]): CheckSpec[] {
  const out: CheckSpec[] = [];
  for (const spec of specs) {
    let isDir = false;
    try {
      isDir = statSync(spec.file).isDirectory();
    } catch {
      // not there: reading it reports that, naming the file
    }
    if (!isDir) {
      out.push(spec);
      continue;
    }
    const names = readdirSync(spec.file)
      .filter((n) => n.endsWith('.lua') && statSync(path.join(spec.file, n)).isFile())
      .sort();
    if (names.length === 0) throw new CheckScriptError(spec.file, `no .lua checks in the directory ${spec.file}`);
    for (const n of names) out.push({ ...spec, file: path.join(spec.file, n) });
  }
  return out;
}

/** A check that cannot be loaded (unreadable file or syntax error): the CLI exits 2. */
export class CheckScriptError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CheckScriptError';
  }
}

export interface CheckRunError {
  check: string;
  flowId: number;
  flowLabel: string;
  line?: number;
  message: string;
  kind: 'runtime' | 'budget' | 'memory' | 'time';
}

/** Thrown by run() with `strict` once a check failed on a flow. */
export class CheckStrictError extends Error {
  constructor(readonly error: CheckRunError) {
    super(error.message);
    this.name = 'CheckStrictError';
  }
}

interface Check extends CheckContext {
  readonly file: string;
  /** The check's directory (sibling modules). */
  readonly dir: string;
  /** Registry reference of BOOTSTRAP's first(chunk). */
  firstRef: number;
  /** undefined until the first successful run; 'module' when the chunk returned { check = fn }. */
  form?: 'plain' | 'module';
  /** The alert this check raised last in the current run (compat: a new one replaces it). */
  lastAlert?: Alert;
  readonly chunkName: string;
  readonly hook: CheckHook;
  readonly source: string;
  state: LuaState;
  ref: number;
  shown: number;
  clampNoticed: boolean;
  /** Alerts raised in the current run (flow), for MAX_ALERTS_PER_RUN. */
  runAlerts: number;
  capNoticed: boolean;
  lineBuf: string;
  tsSec: number;
  tsNsec: number;
}

export class CheckRunner {
  readonly alerts: Alert[] = [];
  readonly errors: CheckRunError[] = [];
  /** Every failure, including those beyond MAX_RECORDED_ERRORS. */
  errorCount = 0;
  /** Flows on which a check failed (ids), all counted. */
  private readonly errorFlows = new Set<number>();
  /** Errors by kind, all counted (also those beyond the recorded ones). */
  readonly errorsByKind: Record<CheckRunError['kind'], number> = { runtime: 0, budget: 0, memory: 0, time: 0 };
  /** triggerAlert calls beyond MAX_ALERTS_PER_RUN (counted, not kept). */
  droppedAlerts = 0;

  private readonly checks: Check[] = [];

  /** How many flows a check failed on (each counted once, however many errors). */
  get errorFlowCount(): number {
    return this.errorFlows.size;
  }
  private readonly byHook: Record<CheckHook, Check[]> = { detected: [], end: [], periodic: [] };
  private readonly budget: number;
  private readonly memoryMax: number;
  private readonly timeLimit: number;
  private readonly unsafe: boolean;
  private readonly strict: boolean;
  private readonly networks: LocalNetworks;
  private readonly compat: boolean;
  private readonly protoName: ProtocolNamer;
  private readonly out: (line: string) => void;
  private closed = false;
  /** ntop.*Cache: one store per run, shared by every check. */
  private readonly cache = new RunCache();
  /** Flows run through the checks so far (interface.getStats() without a pipeline). */
  private flowsRun = 0;
  private interfaceStats?: () => Record<string, number>;

  private constructor(
    private readonly rt: LuaRuntime,
    opts: CheckOptions,
  ) {
    this.budget = opts.budget ?? DEFAULT_BUDGET;
    this.memoryMax = opts.memoryMax ?? DEFAULT_MEMORY_MAX;
    if (!(this.budget > 0)) throw new RangeError(`Lua instruction budget must be positive (got ${opts.budget})`);
    if (!(this.memoryMax >= 1024 * 1024)) throw new RangeError(`Lua memory limit must be at least 1 MiB (got ${opts.memoryMax} bytes)`);
    this.timeLimit = opts.timeLimit ?? DEFAULT_TIME_LIMIT;
    if (!(this.timeLimit > 0)) throw new RangeError(`Lua time limit must be positive (got ${opts.timeLimit} ms)`);
    this.unsafe = opts.unsafe ?? false;
    this.strict = opts.strict ?? false;
    this.compat = opts.compat ?? false;
    this.protoName = cachedNamer(opts.protocolName ?? l7ProtoName);
    this.networks = new LocalNetworks(opts.localNetworks ?? DEFAULT_LOCAL_NETWORKS);
    this.out = opts.stderr ?? ((line) => process.stderr.write(line + '\n'));
  }

  /**
   * Loads and compiles every script once (a directory: each of its .lua files, see
   * expandCheckSpecs); throws CheckScriptError on unreadable/invalid ones.
   */
  static async create(specs: CheckSpec[], opts: CheckOptions = {}): Promise<CheckRunner> {
    const files = expandCheckSpecs(specs);
    const rt = await loadLuaRuntime();
    const runner = new CheckRunner(rt, opts);
    try {
      for (const spec of files) runner.addCheck(spec);
    } catch (e) {
      runner.close();
      throw e;
    }
    return runner;
  }

  /** Counters interface.getStats() reports (the pipeline's packets, bytes … so far). */
  setInterfaceStats(fn: () => Record<string, number>): void {
    this.interfaceStats = fn;
  }

  hasHook(hook: CheckHook): boolean {
    return this.byHook[hook].length > 0;
  }

  /** Runs every check of that hook on this flow. Alerts go to flow.alerts and this.alerts. */
  run(flow: Flow, hook: CheckHook, tsSec: number, tsNsec: number): void {
    if (this.closed) throw new Error('CheckRunner.run() after close()');
    const list = this.byHook[hook];
    if (list.length === 0) return;
    loadFlow(this.rt, flow);
    this.flowsRun++;
    for (let i = 0; i < list.length; i++) this.runOne(list[i], flow, tsSec, tsNsec);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const c of this.checks) c.state.close();
  }

  // ---------------------------------------------------------------------------------------

  private addCheck(spec: CheckSpec): void {
    let source: string;
    try {
      source = readFileSync(spec.file, 'utf8');
    } catch (e) {
      throw new CheckScriptError(spec.file, `cannot read check ${spec.file}: ${(e as Error).message}`);
    }
    if (source.startsWith('#')) source = '--' + source; // a shebang line, as lua(1) allows
    const name = path.basename(spec.file);
    const runner = this;
    const check: Check = {
      check: name,
      file: spec.file,
      dir: path.dirname(path.resolve(spec.file)),
      firstRef: 0,
      compat: this.compat,
      protoName: this.protoName,
      chunkName: '=' + spec.file,
      hook: spec.hook,
      source,
      networks: this.networks,
      flow: undefined as unknown as Flow,
      state: undefined as unknown as LuaState,
      ref: 0,
      shown: 0,
      clampNoticed: false,
      runAlerts: 0,
      capNoticed: false,
      lineBuf: '',
      tsSec: 0,
      tsNsec: 0,
      alert(score, message, requested, where) {
        runner.recordAlert(check, score, message, requested, where);
      },
      host(op, args) {
        return runner.hostCall(check, op, args);
      },
      write(kind, text) {
        runner.writeOutput(check, kind, text);
      },
    };
    this.makeState(check);
    this.checks.push(check);
    this.byHook[spec.hook].push(check);
  }

  /** A fresh Lua state with the sandbox and the compiled chunk in the registry. */
  private makeState(c: Check): void {
    const rt = this.rt;
    const st = rt.newState(this.memoryMax);
    const L = st.L;
    try {
      rt.hookUsed = 0;
      rt.hookLimit = Number.POSITIVE_INFINITY;
      if (st.load(BOOTSTRAP, '=flowcheck-sandbox') !== LUA_OK) throw new Error(this.popMessage(st));
      pushFlowTable(rt, L);
      pushOutFunction(rt, L);
      rt.pushBoolean(L, this.unsafe);
      pushHostFunction(rt, L);
      rt.pushGuardFunction(L);
      if (st.pcall(5, 2) !== LUA_OK) throw new Error(this.popMessage(st));
      c.firstRef = st.ref(); // first(chunk); compile(source, chunkname) stays on top
      c.form = c.lastAlert = undefined;
      c.ctors = c.strings = undefined; // made in the new state on first use
      // compile(source, chunkname) → function | nil, message
      rt.pushString(L, c.source);
      rt.pushString(L, c.chunkName);
      if (st.pcall(2, 2) !== LUA_OK) throw new Error(this.popMessage(st));
      if (rt.x.lua_type(L, -2) === 0 /* nil: syntax error */) {
        const msg = rt.toString(L, -1) ?? 'syntax error';
        throw new CheckScriptError(c.file, `${msg}`, lineOf(msg, c.file));
      }
      st.setTop(-2); // drop the (nil) second result, keep the function
      c.ref = st.ref();
      st.setTop(0);
    } catch (e) {
      st.close();
      if (e instanceof CheckScriptError) throw e;
      throw new CheckScriptError(c.file, `cannot set up check ${c.file}: ${(e as Error).message}`);
    }
    c.state = st;
  }

  private popMessage(st: LuaState): string {
    const m = this.rt.toString(st.L, -1) ?? '(error object is not a string)';
    st.setTop(0);
    return m;
  }

  private runOne(c: Check, flow: Flow, tsSec: number, tsNsec: number): void {
    const rt = this.rt;
    const st = c.state;
    c.flow = flow;
    c.tsSec = tsSec;
    c.tsNsec = tsNsec;
    c.runAlerts = 0;
    c.nilTable = c.lastAlert = undefined;
    setCurrent(c);
    rt.hookUsed = 0;
    rt.hookLimit = this.budget;
    rt.startTiming(st.L, this.timeLimit);
    let status: number;
    try {
      status = c.form === undefined ? this.firstRun(c) : st.runRef(c.ref);
    } catch (e) {
      rt.hookLimit = Number.POSITIVE_INFINITY;
      rt.stopTiming();
      this.aborted(c, flow, rt.timedOut && !(e instanceof TimeExceeded || e instanceof BudgetExceeded) ? new TimeExceeded(this.timeLimit) : e);
      return;
    } finally {
      rt.hookLimit = Number.POSITIVE_INFINITY;
      rt.stopTiming();
      this.flushLine(c);
      setCurrent(undefined);
    }
    if (rt.timedOut) {
      // over the limit, but the script caught the refused allocations or returned before the
      // next hook: the same error, and the state (its hook set to fire at once) is replaced
      st.setTop(0);
      this.aborted(c, flow, new TimeExceeded(this.timeLimit));
      return;
    }
    if (status === LUA_OK) return;
    const raw = rt.toString(st.L, -1);
    st.setTop(0);
    if (status === LUA_ERRMEM) {
      this.fail(c, flow, 'memory', `check ${c.check}: memory limit ${this.memoryMax} bytes exceeded on flow ${flow.id} (${flowLabel(flow)})`);
      return;
    }
    const msg = explainNil(raw ?? '(error object is not a string)', c.nilTable, flow, c.protoName);
    this.fail(c, flow, 'runtime', msg, lineOf(msg, c.file));
  }

  /**
   * A check's first run: first(chunk) runs the chunk's top level; a module-form check (the
   * chunk returned { check = function(flow_info) … }) gets its check function wrapped, kept
   * as the per-flow function and run now. A failed first run is retried on the next flow.
   */
  private firstRun(c: Check): number {
    const st = c.state;
    const L = st.L;
    st.pushRef(BigInt(c.firstRef));
    st.pushRef(BigInt(c.ref));
    const status = st.pcall(1, 1);
    if (status !== LUA_OK) return status;
    if (this.rt.x.lua_type(L, -1) !== LUA_TFUNCTION) {
      st.setTop(0);
      c.form = 'plain';
      return LUA_OK;
    }
    c.ref = st.ref();
    st.setTop(0);
    c.form = 'module';
    return st.runRef(c.ref);
  }

  /** ntop.* / interface.* / require services (the Lua side is sandbox.ts). */
  private hostCall(c: Check, op: string, args: HostArg[]): HostResult {
    const str = (i: number): string | undefined => (typeof args[i] === 'string' ? (args[i] as string) : typeof args[i] === 'number' ? String(args[i]) : undefined);
    const need = (i: number, fn: string): string | { error: string } => {
      const v = str(i);
      return v === undefined ? { error: `bad argument #${i + 1} to '${fn}' (string expected, got ${args[i] === undefined ? 'nil' : typeof args[i]})` } : v;
    };
    const now = c.tsSec + c.tsNsec / 1e9;
    const cache = this.cache;
    switch (op) {
      case 'getCache': {
        const k = need(0, 'ntop.getCache');
        return typeof k === 'string' ? [cache.get(k, now)] : k;
      }
      case 'setCache': {
        const k = need(0, 'ntop.setCache');
        if (typeof k !== 'string') return k;
        const v = args[1] === undefined ? '' : typeof args[1] === 'boolean' ? String(args[1]) : String(args[1]);
        const ttl = args[2] === undefined ? undefined : Number(args[2]);
        if (ttl !== undefined && !Number.isFinite(ttl)) return { error: `bad argument #3 to 'ntop.setCache' (expiry in seconds expected, got ${args[2]})` };
        const err = cache.set(k, v, ttl, now);
        return err ? { error: `ntop.setCache: ${err}` } : [];
      }
      case 'delCache': {
        const k = need(0, 'ntop.delCache');
        if (typeof k !== 'string') return k;
        cache.del(k);
        return [];
      }
      case 'incrCache': {
        const k = need(0, 'ntop.incrCache');
        if (typeof k !== 'string') return k;
        const by = args[1] === undefined ? 1 : Number(args[1]);
        const n = (Number(cache.get(k, now)) || 0) + (Number.isFinite(by) ? Math.trunc(by) : 1);
        const err = cache.set(k, String(n), undefined, now);
        return err ? { error: `ntop.incrCache: ${err}` } : [n];
      }
      case 'getKeysCache': {
        const keys = cache.keys(str(0) ?? '*', now);
        return [keys.length ? keys : null];
      }
      case 'getHashCache': {
        const h = need(0, 'ntop.getHashCache');
        if (typeof h !== 'string') return h;
        const f = need(1, 'ntop.getHashCache');
        return typeof f === 'string' ? [cache.hget(h, f)] : f;
      }
      case 'setHashCache': {
        const h = need(0, 'ntop.setHashCache');
        if (typeof h !== 'string') return h;
        const f = need(1, 'ntop.setHashCache');
        if (typeof f !== 'string') return f;
        const err = cache.hset(h, f, args[2] === undefined ? '' : String(args[2]));
        return err ? { error: `ntop.setHashCache: ${err}` } : [];
      }
      case 'delHashCache': {
        const h = need(0, 'ntop.delHashCache');
        if (typeof h !== 'string') return h;
        cache.hdel(h, str(1));
        return [];
      }
      case 'getHashKeysCache': {
        const all = cache.hall(str(0) ?? '');
        return [all ? all.filter((_, i) => i % 2 === 0) : null];
      }
      case 'getHashAllCache':
        return [cache.hall(str(0) ?? '') ?? null];
      case 'setMembersCache': {
        const k = need(0, 'ntop.setMembersCache');
        if (typeof k !== 'string') return k;
        const err = cache.sadd(k, str(1) ?? '');
        return err ? { error: `ntop.setMembersCache: ${err}` } : [];
      }
      case 'delMembersCache':
        cache.srem(str(0) ?? '', str(1) ?? '');
        return [];
      case 'getMembersCache':
        return [cache.smembers(str(0) ?? '')];
      case 'time':
        return [c.tsSec, c.tsNsec];
      case 'version':
        return [VERSION];
      case 'tick':
        this.rt.tick(); // throws TimeExceeded past the limit
        return [];
      case 'isLocal':
      case 'isMulticast':
      case 'isBroadcast':
      case 'ipVersion': {
        const a = parseAddress(str(0) ?? '');
        if (a === undefined) return [op === 'ipVersion' ? 0 : false];
        if (op === 'ipVersion') return [a.version];
        if (op === 'isMulticast') return [isMulticast(a.version, a.words)];
        if (op === 'isBroadcast') return [this.networks.isBroadcast(a.version, a.words)];
        return [this.networks.isLocal(a.version, a.words)];
      }
      case 'ifname':
        return [c.flow?.capture || 'flowcheck'];
      case 'ifstats': {
        const s = this.interfaceStats ? this.interfaceStats() : { flows: this.flowsRun };
        return [Object.entries(s).flatMap(([k, v]) => [k, String(v)])];
      }
      case 'module': {
        const name = str(0) ?? '';
        const r = this.unsafe && str(1) !== undefined ? moduleOnHost(name, c.dir, str(1)!, BUILTIN_MODULES) : moduleBesideCheck(name, c.dir, BUILTIN_MODULES);
        return 'error' in r ? [null, r.error] : [r.source, r.file];
      }
      case 'readfile': {
        if (!this.unsafe) return { error: 'reading files needs --unsafe-lua' };
        const r = hostLuaFile(str(0) ?? '', c.dir);
        return 'error' in r ? [null, r.error] : [r.source, r.file];
      }
      case 'getenv': {
        if (!this.unsafe) return { error: 'os.getenv needs --unsafe-lua' };
        const v = process.env[str(0) ?? ''];
        return [v === undefined ? null : v];
      }
    }
    return { error: `flowcheck: unknown host operation ${op}` };
  }

  /** The call was aborted by a JS exception (budget, os.exit …): the state must be replaced. */
  private aborted(c: Check, flow: Flow, e: unknown): void {
    const label = flowLabel(flow);
    let kind: CheckRunError['kind'] = 'runtime';
    let msg: string;
    if (e instanceof BudgetExceeded) {
      kind = 'budget';
      msg = `check ${c.check} exceeded its instruction budget (${this.budget} instructions) on flow ${flow.id} (${label})`;
    } else if (e instanceof TimeExceeded) {
      kind = 'time';
      msg = `check ${c.check} exceeded its time limit (${this.timeLimit} ms) on flow ${flow.id} (${label})`;
    } else if (e && typeof e === 'object' && (e as { name?: string }).name === 'ExitStatus') {
      msg = `check ${c.check} called os.exit on flow ${flow.id} (${label})`;
      process.exitCode = undefined; // emscripten sets it; the tool decides its own exit code
    } else {
      msg = `check ${c.check} aborted on flow ${flow.id} (${label}): ${(e as Error)?.message ?? String(e)}`;
    }
    c.state.close();
    try {
      this.makeState(c);
      msg += '; its Lua state was reset (globals cleared)';
    } catch (err) {
      // Could not rebuild (memory?): disable the check rather than crash the run.
      for (const h of Object.keys(this.byHook) as CheckHook[]) this.byHook[h] = this.byHook[h].filter((x) => x !== c);
      msg += `; the check is disabled (${(err as Error).message})`;
    }
    this.fail(c, flow, kind, msg, undefined, true);
  }

  /** Records a failure; `located`: the message already names the flow. */
  private fail(c: Check, flow: Flow, kind: CheckRunError['kind'], message: string, line?: number, located = kind !== 'runtime'): void {
    // a script's error value may be megabytes: keep the start (up to 1000 are kept)
    if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE)}… (${message.length} characters)`;
    const err: CheckRunError = { check: c.check, flowId: flow.id, flowLabel: flowLabel(flow), message, kind };
    if (line !== undefined) err.line = line;
    this.errorCount++;
    this.errorFlows.add(flow.id);
    this.errorsByKind[kind]++;
    if (this.errors.length < MAX_RECORDED_ERRORS) this.errors.push(err);
    if (c.shown < MAX_SHOWN_ERRORS) {
      const where = located ? '' : ` on flow ${flow.id} (${err.flowLabel})`;
      this.out(`flowcheck: ${message}${where}`);
    } else if (c.shown === MAX_SHOWN_ERRORS) {
      this.out(`flowcheck: check ${c.check}: further errors are counted, not shown`);
    }
    c.shown++;
    if (this.strict) throw new CheckStrictError(err);
  }

  private recordAlert(c: Check, score: number, message: string, requested: number, where?: string): void {
    if (score !== requested && !c.clampNoticed) {
      c.clampNoticed = true;
      const how = this.compat ? `keeping its low 8 bits as ntopng does (--ntopng-compat): ${score}` : `using ${score}`;
      this.out(`[${c.check}] note: ${where ? located(where, c.file) + ' ' : ''}triggerAlert score ${requested} is outside 0-255 or not an integer; ${how}`);
    }
    const flow = c.flow;
    if (this.compat && c.lastAlert !== undefined) {
      // ntopng's code: the last call of a script on a flow wins
      const prev = c.lastAlert;
      if (flow.alerts[flow.alerts.length - 1] === prev) flow.alerts.pop();
      if (this.alerts[this.alerts.length - 1] === prev) this.alerts.pop();
      c.runAlerts--;
      let top = 0;
      for (const a of flow.alerts) if (a.score > top) top = a.score;
      flow.score = top;
    }
    if (++c.runAlerts > MAX_ALERTS_PER_RUN) {
      this.droppedAlerts++;
      if (!c.capNoticed) {
        c.capNoticed = true;
        this.out(`[${c.check}] note: more than ${MAX_ALERTS_PER_RUN} alerts on one flow in one run; the rest are counted, not kept`);
      }
      return;
    }
    const alert: Alert = {
      flowId: flow.id,
      score,
      severity: severityOf(score),
      message: capAlertMessage(message),
      check: c.check,
      tsSec: c.tsSec,
      tsNsec: c.tsNsec,
    };
    flow.alerts.push(alert);
    this.alerts.push(alert);
    c.lastAlert = alert;
    if (score > flow.score) flow.score = score;
  }

  private writeOutput(c: Check, kind: number, text: string): void {
    if (kind === 0) {
      this.out(`[${c.check}] ${c.lineBuf}${text}`);
      c.lineBuf = '';
      return;
    }
    const parts = (c.lineBuf + text).split('\n');
    c.lineBuf = parts.pop()!;
    for (const p of parts) this.out(`[${c.check}] ${p}`);
  }

  private flushLine(c: Check): void {
    if (c.lineBuf) {
      this.out(`[${c.check}] ${c.lineBuf}`);
      c.lineBuf = '';
    }
  }
}

/**
 * luaL_where's "source:line:" with the check's full file name: Lua shortens long chunk names
 * (to 59 characters); a position in another chunk (a module) stays as it is.
 */
function located(where: string, file: string): string {
  const m = /^(.*):(\d+):\s*$/.exec(where);
  if (!m) return where.trim();
  return (file.startsWith(m[1]) ? file : m[1]) + ':' + m[2] + ':';
}

/**
 * "attempt to index a nil value" after a protocol accessor returned nil in this run: says
 * which one and what the flow is ("(flow.http() is nil: flow 17 is DNS)").
 */
function explainNil(msg: string, accessor: string | undefined, flow: Flow, protoName: ProtocolNamer): string {
  if (accessor === undefined) return msg;
  const i = msg.indexOf('attempt to index a nil value');
  if (i < 0) return msg;
  const why = `${accessor} is nil: flow ${flow.id} is ${protoName(flow.l7Master, flow.l7App)}`;
  const end = i + 'attempt to index a nil value'.length;
  const rest = msg.slice(end);
  const varinfo = /^ \(([^)]*)\)/.exec(rest);
  if (varinfo) return `${msg.slice(0, end)} (${varinfo[1]}; ${why})${rest.slice(varinfo[0].length)}`;
  return `${msg.slice(0, end)} (${why})${rest}`;
}

/** The line number in "file:LINE: message" (Lua's chunk name may be shortened with "..."). */
function lineOf(msg: string, file: string): number | undefined {
  const direct = msg.startsWith(file + ':') ? /^:(\d+):/.exec(msg.slice(file.length)) : null;
  if (direct) return Number(direct[1]);
  const m = /^[^\n]*?:(\d+): /.exec(msg);
  return m ? Number(m[1]) : undefined;
}
