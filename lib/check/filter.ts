/**
 * `--where 'LUA EXPRESSION'`: a flow filter over the same `flow` API the checks use, run by
 * the same engine in the same sandbox (its own Lua state). The expression is compiled once
 * as `return (EXPR)`; a flow passes when the value is neither false nor nil. As in tshark's
 * `-Y`, an expression that fails on a flow (a nil protocol table indexed, a wrong type) is
 * false for that flow: the failures are counted and reported once (`warning()`). Only an
 * expression that does not compile, or one that runs past its instruction budget, stops the run.
 */
import type { Flow } from '../flow/flow.js';
import { cachedNamer, flowLabel, loadFlow, pushFlowTable, pushHostFunction, pushOutFunction, setCurrent, type CheckContext, type ProtocolNamer } from './flow-api.js';
import { l7ProtoName } from '../classify/protocol-table.js';
import { BudgetExceeded, LUA_OK, loadLuaRuntime, type LuaRuntime, type LuaState } from './lua-engine.js';
import { DEFAULT_LOCAL_NETWORKS, LocalNetworks } from './networks.js';
import { BOOTSTRAP } from './sandbox.js';

export class FlowFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowFilterError';
  }
}

export interface FlowFilterOptions {
  localNetworks?: string[];
  /** Lua instructions per flow (default 1 million: an expression, not a program). */
  budget?: number;
  memoryMax?: number;
  /** print() output (default: stderr). */
  stderr?: (line: string) => void;
  /** Names a flow's protocol pair for flow.l7_proto_name() (default: nDPI's table). */
  protocolName?: ProtocolNamer;
}

const CHUNK = '=--where';

export class FlowFilter {
  private ref = 0n;
  private alerted = false;
  /** Flows the expression failed on, and the first failure ("flow 17 (TCP …): message"). */
  private failures = 0;
  private firstFailure = '';
  private readonly ctx: CheckContext;
  private closed = false;

  private constructor(
    private readonly rt: LuaRuntime,
    private readonly st: LuaState,
    readonly expression: string,
    networks: LocalNetworks,
    private readonly budget: number,
    out: (line: string) => void,
    protoName: ProtocolNamer,
  ) {
    const self = this;
    this.ctx = {
      check: '--where',
      networks,
      flow: undefined as unknown as Flow,
      alert() {
        self.alerted = true;
      },
      write(_kind, text) {
        out(`[--where] ${text}`);
      },
      compat: false,
      protoName,
      host(op) {
        // os.time()/os.date() read packet time; the rest of ntop.* belongs in checks
        if (op === 'time') return [self.ctx.flow.lastSec, self.ctx.flow.lastNsec];
        return { error: `ntop.* and require are not available in --where expressions (${op})` };
      },
    };
  }

  /** Compiles the expression; throws FlowFilterError with Lua's message when it is invalid. */
  static async create(expression: string, opts: FlowFilterOptions = {}): Promise<FlowFilter> {
    if (expression.trim() === '') throw new FlowFilterError('--where: empty expression');
    let networks: LocalNetworks;
    try {
      networks = new LocalNetworks(opts.localNetworks ?? DEFAULT_LOCAL_NETWORKS);
    } catch (e) {
      throw new FlowFilterError(`--local-networks: ${(e as Error).message}`);
    }
    const rt = await loadLuaRuntime();
    const st = rt.newState(opts.memoryMax ?? 16 * 1024 * 1024);
    const f = new FlowFilter(rt, st, expression, networks, opts.budget ?? 1_000_000, opts.stderr ?? ((l) => process.stderr.write(l + '\n')), cachedNamer(opts.protocolName ?? l7ProtoName));
    try {
      f.compile();
    } catch (e) {
      st.close();
      throw e;
    }
    return f;
  }

  private compile(): void {
    const { rt, st } = this;
    const L = st.L;
    rt.hookUsed = 0;
    rt.hookLimit = Number.POSITIVE_INFINITY;
    if (st.load(BOOTSTRAP, '=flowcheck-sandbox') !== LUA_OK) throw new FlowFilterError(`--where: ${this.pop()}`);
    pushFlowTable(rt, L);
    pushOutFunction(rt, L);
    rt.pushBoolean(L, false);
    pushHostFunction(rt, L);
    if (st.pcall(4, 2) !== LUA_OK) throw new FlowFilterError(`--where: ${this.pop()}`);
    st.setTop(-2); // drop first(chunk): an expression has no module form
    // an expression, not statements: `return (EXPR)` rejects `x = 1` and trailing code
    rt.pushString(L, `return (${this.expression}\n)`);
    rt.pushString(L, CHUNK);
    if (st.pcall(2, 2) !== LUA_OK) throw new FlowFilterError(`--where: ${this.pop()}`);
    if (rt.x.lua_type(L, -2) === 0) {
      const msg = (rt.toString(L, -1) ?? 'syntax error').replace(/^--where:\d+: /, '');
      st.setTop(0);
      throw new FlowFilterError(`--where: not a Lua expression: ${msg} (in: ${this.expression})`);
    }
    st.setTop(-2);
    this.ref = BigInt(st.ref());
    st.setTop(0);
  }

  private pop(): string {
    const m = this.rt.toString(this.st.L, -1) ?? '(error object is not a string)';
    this.st.setTop(0);
    return m;
  }

  /**
   * True when the flow passes; false when the expression is false or nil, or fails on this
   * flow (counted for warning()). Throws FlowFilterError (naming the flow) when the expression
   * runs past its instruction budget or the engine aborts.
   */
  matches(flow: Flow): boolean {
    if (this.closed) throw new Error('FlowFilter.matches() after close()');
    const { rt, st } = this;
    this.ctx.flow = flow;
    this.alerted = false;
    this.ctx.nilTable = undefined;
    loadFlow(rt, flow);
    setCurrent(this.ctx);
    rt.hookUsed = 0;
    rt.hookLimit = this.budget;
    let status: number;
    try {
      st.pushRef(this.ref);
      status = st.pcall(0, 1);
    } catch (e) {
      const why = e instanceof BudgetExceeded ? `exceeded its instruction budget (${this.budget})` : `aborted: ${(e as Error)?.message ?? e}`;
      this.close();
      throw new FlowFilterError(`--where ${why} on flow ${flow.id} (${flowLabel(flow)})`);
    } finally {
      rt.hookLimit = Number.POSITIVE_INFINITY;
      setCurrent(undefined);
    }
    if (status !== LUA_OK) {
      let msg = this.pop().replace(/^--where:\d+: /, '');
      const nil = this.ctx.nilTable;
      if (nil !== undefined && msg.includes('attempt to index a nil value')) msg += ` (${nil} is nil on this flow)`;
      return this.failed(flow, msg);
    }
    const ok = rt.x.lua_toboolean(st.L, -1) !== 0;
    st.setTop(0);
    if (this.alerted) return this.failed(flow, 'flow.triggerAlert() belongs in a check, not in a filter');
    return ok;
  }

  private failed(flow: Flow, msg: string): false {
    if (this.failures++ === 0) this.firstFailure = `flow ${flow.id} (${flowLabel(flow)}): ${msg}`;
    return false;
  }

  /** Flows the expression failed on, and the first failure; undefined when none (a gate fails closed on them). */
  failure(): { flows: number; first: string } | undefined {
    return this.failures === 0 ? undefined : { flows: this.failures, first: this.firstFailure };
  }

  /** The report warning for the flows the expression failed on; undefined when none. */
  warning(): string | undefined {
    if (this.failures === 0) return undefined;
    const n = this.failures === 1 ? '1 flow' : `${this.failures} flows`;
    return `--where failed on ${n} (treated as false): first on ${this.firstFailure}`;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.st.close();
  }
}
