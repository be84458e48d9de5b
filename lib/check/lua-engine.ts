/**
 * The only module that touches wasmoon. It exposes a thin layer over Lua's C API as compiled
 * into wasmoon's wasm module: states with a traced allocator (memory cap), C functions made
 * from JS functions, a C-level instruction-count hook, and the raw calls the hot path needs.
 *
 * Why raw: wasmoon's public API turns each call into proxies/conversions costing 3–25 µs per
 * flow; calling the compiled chunk through `lua_pcallk` with `flow.*` bound as C functions
 * costs well under 1 µs. The hottest paths (the allocator, the chunk call, the flow getters,
 * triggerAlert's argument checks) run in a small wasm module of our own (lua-native.ts) that
 * calls Lua's C API inside wasmoon's heap, so they cross into JS rarely or never.
 * wasmoon 1.16.0 is pinned; this file depends on its internals.
 */
import { openSync, readSync } from 'node:fs';
import { ALLOC_STATS_SIZE, assembleNative, nativeBlockSize, type NumKind } from './lua-native.js';

/** Lua status codes. */
export const LUA_OK = 0;
export const LUA_ERRRUN = 2;
export const LUA_ERRSYNTAX = 3;
export const LUA_ERRMEM = 4;
export const LUA_ERRERR = 5;

/** Lua value types (lua_type). */
export const LUA_TNIL = 0;
export const LUA_TBOOLEAN = 1;
export const LUA_TNUMBER = 3;
export const LUA_TSTRING = 4;
export const LUA_TTABLE = 5;
export const LUA_TFUNCTION = 6;

const LUAI_MAXSTACK = 1_000_000;
const LUA_TNONE = -1;
export const LUA_REGISTRYINDEX = -LUAI_MAXSTACK - 1000;
const LUA_MASKCOUNT = 8;

/**
 * Instructions between two calls of the count hook: the granularity of the instruction budget
 * and of the time limit (each call reads the clock once the limit is set; ~1000 instructions
 * are a few µs of plain Lua, and the library calls that can cost more per instruction check
 * the clock themselves: see sandbox.ts and the allocator's tick).
 */
export const HOOK_STEP = 1000;

/** A C function: receives the lua_State pointer, returns the number of results pushed. */
export type CFunction = (L: number) => number;

/** The raw C exports we use (lua_Integer arguments are BigInt: wasm i64). */
interface RawLua {
  lua_newstate(alloc: number, ud: number): number;
  lua_close(L: number): void;
  luaL_openlibs(L: number): void;
  lua_gettop(L: number): number;
  lua_settop(L: number, idx: number): void;
  lua_type(L: number, idx: number): number;
  lua_tolstring(L: number, idx: number, lenPtr: number): number;
  lua_tointegerx(L: number, idx: number, isnumPtr: number): bigint;
  lua_tonumberx(L: number, idx: number, isnumPtr: number): number;
  lua_isinteger(L: number, idx: number): number;
  lua_toboolean(L: number, idx: number): number;
  lua_pushnil(L: number): void;
  lua_pushinteger(L: number, n: bigint): void;
  lua_pushnumber(L: number, n: number): void;
  lua_pushboolean(L: number, b: number): void;
  lua_pushlstring(L: number, s: number, len: number): number;
  lua_pushcclosure(L: number, fn: number, n: number): void;
  lua_pushvalue(L: number, idx: number): void;
  lua_createtable(L: number, narr: number, nrec: number): void;
  lua_setfield(L: number, idx: number, k: number): void;
  lua_rawseti(L: number, idx: number, n: bigint): void;
  lua_rawgeti(L: number, idx: number, n: bigint): number;
  lua_setglobal(L: number, name: number): void;
  lua_getglobal(L: number, name: number): number;
  lua_getfield(L: number, idx: number, k: number): number;
  lua_pcallk(L: number, nargs: number, nresults: number, msgh: number, ctx: number, k: number): number;
  lua_callk(L: number, nargs: number, nresults: number, ctx: number, k: number): void;
  lua_error(L: number): number;
  lua_concat(L: number, n: number): void;
  luaL_where(L: number, level: number): void;
  luaL_loadbufferx(L: number, buf: number, size: number, name: number, mode: number): number;
  luaL_ref(L: number, t: number): number;
  luaL_unref(L: number, t: number, ref: number): void;
  lua_sethook(L: number, fn: number, mask: number, count: number): void;
  lua_tocfunction(L: number, idx: number): number;
  lua_rawlen(L: number, idx: number): bigint;
  lua_getallocf(L: number, ud: number): number;
  malloc(n: number): number;
  free(p: number): void;
  realloc(p: number, n: number): number;
  stackSave?: () => number;
  stackRestore?: (sp: number) => void;
  /** The module's function table (C function pointers are its indices). */
  table?: WebAssembly.Table;
}

/**
 * Guards of costly library C functions (guard()): what they look at before calling the
 * original. `subject`: a string first argument longer than GUARD_BIG bytes checks the clock
 * (string.find/match/gmatch/gsub, utf8.len). `sort`: a table first argument longer than GUARD_SORT
 * (table.sort). `rep`: string.rep, whose result beyond GUARD_BIG bytes (and within the state's
 * memory limit) is built here by doubling copies instead of one copy per repetition.
 */
export type GuardKind = 'subject' | 'sort' | 'rep';
export const GUARD_BIG = 65536;
export const GUARD_SORT = 16384;

interface EmModule {
  HEAPU8: Uint8Array;
  HEAPU32: Uint32Array;
  addFunction(fn: (...args: number[]) => number | void, sig: string): number;
  removeFunction(ptr: number): void;
  [k: string]: unknown;
}

/** Thrown by the count hook when a flow's instruction budget is spent (escapes Lua's pcall). */
export class BudgetExceeded extends Error {
  constructor() {
    super('instruction budget exceeded');
  }
}

/** Thrown by the count hook (or LuaRuntime.tick()) when a run is over its time limit (escapes Lua's pcall). */
export class TimeExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`time limit of ${limitMs} ms exceeded`);
  }
}

/**
 * CPU time of this thread, ms: Linux's /proc/thread-self/schedstat (ns on the CPU; ~10 µs a
 * read), else the process's (process.cpuUsage(), which also counts V8's compiler and GC
 * threads: busy while a run starts up). The source is chosen once.
 */
export class CpuClock {
  private fd: number | null | undefined;
  private readonly buf = Buffer.alloc(64);

  ms(): number {
    if (this.fd === undefined) {
      try {
        this.fd = openSync('/proc/thread-self/schedstat', 'r');
        if (!Number.isFinite(this.thread())) this.fd = null;
      } catch {
        this.fd = null;
      }
    }
    if (this.fd !== null) {
      const t = this.thread();
      if (Number.isFinite(t)) return t;
    }
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }

  private thread(): number {
    try {
      const n = readSync(this.fd!, this.buf, 0, this.buf.length, 0);
      const end = this.buf.indexOf(32);
      return Number(this.buf.toString('latin1', 0, end > 0 && end < n ? end : n)) / 1e6;
    } catch {
      return NaN;
    }
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Slots of the native getters (lua-native.ts): numbers (f64) and strings. */
export const NUM_SLOTS = 24;
export const STR_SLOTS = 8;
/** The first ADDR_SLOTS string slots may hold an IPv4 address as a number (addrSlots()). */
export const ADDR_SLOTS = 2;

/** The native module's exports. */
interface Native {
  alloc: (...a: number[]) => number;
  run: (L: number, ref: number) => number;
  numstr: (L: number) => number;
  [getter: string]: (...a: number[]) => number;
}

/**
 * One wasm module (one heap) shared by every Lua state. Created once, asynchronously;
 * everything after that is synchronous, so states can be replaced inside a packet loop.
 */
export class LuaRuntime {
  readonly x: RawLua;
  private readonly em: EmModule;
  private readonly memory: WebAssembly.Memory;
  private readonly native: Native;
  private readonly allocPtr: number;
  private readonly hookPtr: number;
  private readonly cstrings = new Map<string, number>();
  private scratch: number;
  private scratchSize = 4096;
  private scratchView: Uint8Array;
  /** 8 bytes for size_t / int out-parameters. */
  private readonly outPtr: number;
  private readonly bigints: bigint[] = [];
  private readonly cfunctions = new Map<string, number>();
  private latin1View?: Buffer;
  private lastString = '';
  /** Address of the native slots (lua-native.ts NativeLayout): numbers, strings, IPv4 addresses. */
  private readonly slotBase: number;
  private numView: Float64Array;
  private strView: Int32Array;
  private addrView: Float64Array;
  /** Per string slot, a buffer owned by the runtime (grown on demand). */
  private readonly strBuf: number[] = [];
  private readonly strCap: number[] = [];
  private readonly strBufView: Uint8Array[] = [];
  /** Interned constant strings for string slots: [ptr, byte length]. */
  private readonly consts = new Map<string, [number, number]>();

  /** Instructions used by the current call, in HOOK_STEP units; the hook aborts past the limit. */
  hookUsed = 0;
  hookLimit = Number.POSITIVE_INFINITY;
  /**
   * Time limit of the current call, ms (Infinity: none). The clock starts at the first check
   * of the call (a hook, an allocation tick or tick()), not at its start: a clock read costs
   * ~0.2 µs, more than many checks take on a flow, and a call that never reaches a check ran
   * less than one hook step. Checks read the monotonic clock; past a quarter of the limit the
   * thread's CPU time is read too (CpuClock, at most once per ms), and what counts from then on
   * is CPU time: a process the machine did not schedule for a while (a loaded CI runner) is not
   * held against the check beyond that first quarter.
   */
  timeLimit = Number.POSITIVE_INFINITY;
  private timeStart = -1;
  /** Monotonic ms elapsed when the CPU clock was first read in this call (-1: not yet), and that reading. */
  private wallMark = -1;
  private cpuMark = 0;
  private lastCpuRead = 0;
  private readonly cpu = new CpuClock();
  /** The current call went past its time limit (set by the first check that saw it). */
  timedOut = false;
  /** The state (main thread) of the current call: its hook is made to fire at once on a timeout. */
  currentL = 0;
  /** Computes a lazy slot (numeric slot id, or NUM_SLOTS + string slot) when a getter needs it. */
  filler: (L: number, id: number) => void = () => {};
  /** Handlers of the numStrFunction() C function: valid arguments, and wrong types (raise). */
  onNumStr: (L: number, n: number, ptr: number, len: number) => number = () => 0;
  onNumStrBad: (L: number) => number = () => 0;

  constructor(em: EmModule, raw: RawLua, memory: WebAssembly.Memory) {
    this.em = em;
    this.x = raw;
    this.memory = memory;
    const layout = { nums: NUM_SLOTS, strs: STR_SLOTS, addrs: ADDR_SLOTS };
    this.slotBase = raw.malloc(nativeBlockSize(layout));
    const bytes = assembleNative({ ...layout, base: this.slotBase, registry: LUA_REGISTRYINDEX });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      e: {
        memory,
        realloc: raw.realloc,
        free: raw.free,
        pushinteger: raw.lua_pushinteger,
        pushnumber: raw.lua_pushnumber,
        pushboolean: raw.lua_pushboolean,
        pushlstring: raw.lua_pushlstring,
        rawgeti: raw.lua_rawgeti,
        pcallk: raw.lua_pcallk,
        fill: (L: number, id: number) => this.filler(L, id),
        type: raw.lua_type,
        tonumberx: raw.lua_tonumberx,
        tolstring: raw.lua_tolstring,
        onNumStr: (L: number, n: number, ptr: number, len: number) => this.onNumStr(L, n, ptr, len),
        onNumStrBad: (L: number) => this.onNumStrBad(L),
        // The allocator's tick: a nonzero result refuses the allocation (never throw from the
        // allocator: Lua's state must stay consistent for lua_close)
        tick: (): number => (this.timeLimit !== Number.POSITIVE_INFINITY && this.overTime() ? 1 : 0),
      },
    });
    this.native = instance.exports as unknown as Native;
    // The allocator runs in wasm: `ud` points at the state's {used, max} (see newState).
    this.allocPtr = em.addFunction(this.native.alloc, 'iiiii');
    this.hookPtr = em.addFunction((): void => {
      this.hookUsed += HOOK_STEP;
      if (this.hookUsed > this.hookLimit) throw new BudgetExceeded();
      if (this.timeLimit !== Number.POSITIVE_INFINITY && this.overTime()) throw new TimeExceeded(this.timeLimit);
    }, 'vii');
    this.scratch = raw.malloc(this.scratchSize);
    this.scratchView = new Uint8Array(memory.buffer, this.scratch, this.scratchSize);
    this.outPtr = raw.malloc(8);
    this.numView = this.strView = this.addrView = undefined as never;
    this.refreshViews();
    for (let j = 0; j < STR_SLOTS; j++) {
      this.strCap[j] = 256;
      this.strBuf[j] = raw.malloc(256);
      this.strBufView[j] = new Uint8Array(memory.buffer, this.strBuf[j], 256);
    }
  }

  // ---- time limit -----------------------------------------------------------------------

  /** Starts timing a call of the state `L` (its main thread) with this limit in ms (Infinity: none). */
  startTiming(L: number, limitMs: number): void {
    this.timeLimit = limitMs;
    this.timeStart = -1;
    this.wallMark = -1;
    this.timedOut = false;
    this.currentL = L;
  }

  /** Ends timing (outside calls nothing is timed: set-up, finalizers on close). */
  stopTiming(): void {
    this.timeLimit = Number.POSITIVE_INFINITY;
    this.currentL = 0;
  }

  /** For costly library calls (sandbox.ts): throws TimeExceeded when the call is over its limit. */
  tick(aheadMs = 0): void {
    if (this.timeLimit !== Number.POSITIVE_INFINITY && this.overTime(aheadMs)) throw new TimeExceeded(this.timeLimit);
  }

  /**
   * Reads the clock: true once the current call is over its limit. The first time it says so,
   * the count hook of the running state is set to fire on the next instruction, so that a
   * script catching the refused allocations in a loop is stopped at once.
   */
  private overTime(aheadMs = 0): boolean {
    if (this.timedOut) return true;
    const now = performance.now();
    if (this.timeStart < 0) this.timeStart = now;
    const wall = now - this.timeStart;
    if (wall + aheadMs <= this.timeLimit / 4) return false;
    if (this.wallMark < 0) {
      this.wallMark = wall;
      this.cpuMark = this.cpu.ms();
      this.lastCpuRead = now;
      if (wall + aheadMs <= this.timeLimit) return false;
    } else {
      if (wall + aheadMs <= this.timeLimit || (aheadMs === 0 && now - this.lastCpuRead < 1)) return false;
      this.lastCpuRead = now;
    }
    // the first quarter (up to the mark) counted as monotonic time, the rest as CPU time
    if (this.wallMark + (this.cpu.ms() - this.cpuMark) + aheadMs <= this.timeLimit) return false;
    this.timedOut = true;
    if (this.currentL) this.x.lua_sethook(this.currentL, this.hookPtr, LUA_MASKCOUNT, 1);
    return true;
  }

  /** Pushes the C function guard(fn, kind) → fn behind the guard of that kind (sandbox.ts). */
  pushGuardFunction(L: number): void {
    const fn = this.cfunction('flowcheck.guard', (L) => {
      const orig = this.x.lua_tocfunction(L, 1);
      const kind = this.toString(L, 2) as GuardKind;
      if (!orig || !['subject', 'sort', 'rep'].includes(kind)) return this.raiseError(L, `guard: a library C function and a guard kind expected`);
      this.x.lua_pushcclosure(L, this.guard(kind, orig), 0);
      return 1;
    });
    this.x.lua_pushcclosure(L, fn, 0);
  }

  /**
   * A C function that runs the guard of `kind` on its arguments, then the C function `orig`
   * itself on the same stack and call frame: argument errors still name the function as the
   * script called it, at the script's line.
   */
  guard(kind: GuardKind, orig: number): number {
    const table = this.x.table;
    if (!table) return orig;
    return this.cfunction(`guard.${kind}.${orig}`, (L) => {
      const x = this.x;
      // the clock is checked with the call's likely cost ahead (a scan ~15 ns a byte, a sort
      // ~20 ns per element and comparison): a call that would end past the limit is not started
      if (kind === 'subject') {
        const n = x.lua_type(L, 1) === LUA_TSTRING ? Number(x.lua_rawlen(L, 1)) : 0;
        if (n > GUARD_BIG) this.tick(n * 15e-6);
      } else if (kind === 'sort') {
        const n = x.lua_type(L, 1) === LUA_TTABLE ? Number(x.lua_rawlen(L, 1)) : 0;
        if (n > GUARD_SORT) this.tick(n * Math.log2(n) * 20e-6);
      } else if (this.bigRep(L)) {
        return 1;
      }
      return (table.get(orig) as CFunction)(L);
    });
  }

  /**
   * string.rep(s, n [, sep]) with a result beyond GUARD_BIG bytes and within the state's memory
   * limit: checks the clock, builds the result outside Lua by doubling copies (Lua's own copies
   * a 1-byte piece ~50 ns at a time: 8 MB took 0.5 s) and pushes it. False (nothing pushed) for
   * every other call, which Lua's own handles, errors included.
   */
  private bigRep(L: number): boolean {
    const x = this.x;
    if (x.lua_type(L, 1) !== LUA_TSTRING || x.lua_type(L, 2) !== LUA_TNUMBER) return false;
    const t3 = x.lua_type(L, 3);
    if (t3 !== LUA_TNONE && t3 !== LUA_TNIL && t3 !== LUA_TSTRING) return false;
    const n = this.toNumber(L, 2)!;
    if (!Number.isSafeInteger(n) || n < 2) return false;
    const sPtr = x.lua_tolstring(L, 1, this.outPtr);
    const sLen = this.em.HEAPU32[this.outPtr >> 2];
    let sepPtr = 0;
    let sepLen = 0;
    if (t3 === LUA_TSTRING) {
      sepPtr = x.lua_tolstring(L, 3, this.outPtr);
      sepLen = this.em.HEAPU32[this.outPtr >> 2];
    }
    const unit = sLen + sepLen;
    const total = unit * n - sepLen;
    if (total <= GUARD_BIG) return false;
    // beyond the memory limit Lua's own fails at once ("not enough memory")
    const ud = this.outPtr;
    x.lua_getallocf(L, ud);
    const stats = this.em.HEAPU32[ud >> 2];
    const u32 = this.em.HEAPU32;
    const max = u32[(stats >> 2) + 2] + u32[(stats >> 2) + 3] * 2 ** 32;
    if (total > max) return false;
    this.tick();
    const buf = x.malloc(total);
    if (!buf) return false;
    try {
      const heap = this.em.HEAPU8;
      heap.copyWithin(buf, sPtr, sPtr + sLen);
      if (sepLen) heap.copyWithin(buf + sLen, sepPtr, sepPtr + sepLen);
      // unit (s .. sep) repeated by doubling, the last s without its sep
      let filled = unit;
      while (filled < total) {
        const n2 = Math.min(filled, total - filled);
        heap.copyWithin(buf + filled, buf, buf + n2);
        filled += n2;
      }
      x.lua_pushlstring(L, buf, total); // may raise "not enough memory" (through this frame)
    } finally {
      x.free(buf);
    }
    return true;
  }

  // ---- native slots ---------------------------------------------------------------------

  /** The numeric slots (a value, or NaN for "fill on demand"). Fetch it per use: memory growth replaces it. */
  numSlots(): Float64Array {
    if (this.numView.length === 0) this.refreshViews(); // detached: the memory grew
    return this.numView;
  }

  /** IPv4 addresses (as unsigned numbers) of the address slots; NaN when not IPv4 (then filled on demand). */
  addrSlots(): Float64Array {
    if (this.addrView.length === 0) this.refreshViews();
    return this.addrView;
  }

  /** Marks string slots [0, n) as not filled yet. */
  clearStrings(n: number): void {
    if (this.strView.length === 0) this.refreshViews();
    const v = this.strView;
    for (let j = 0; j < n; j++) v[2 * j] = 0;
  }

  /** Fills a string slot with a copy of s (per-flow values). */
  setSlotString(j: number, s: string): void {
    if (3 * s.length > this.strCap[j]) {
      this.x.free(this.strBuf[j]);
      this.strCap[j] = Math.max(3 * s.length, 2 * this.strCap[j]);
      this.strBuf[j] = this.x.malloc(this.strCap[j]);
      this.strBufView[j] = new Uint8Array(this.memory.buffer, this.strBuf[j], this.strCap[j]);
    }
    let view = this.strBufView[j];
    if (view.length === 0) view = this.strBufView[j] = new Uint8Array(this.memory.buffer, this.strBuf[j], this.strCap[j]);
    const len = encoder.encodeInto(s, view).written;
    if (this.strView.length === 0) this.refreshViews();
    this.strView[2 * j] = this.strBuf[j];
    this.strView[2 * j + 1] = len;
  }

  /** Fills a string slot with one of a small set of values (copied into the heap once). */
  setSlotConst(j: number, s: string): void {
    let c = this.consts.get(s);
    if (c === undefined) {
      if (this.consts.size >= 4096) return this.setSlotString(j, s);
      const bytes = encoder.encode(s);
      const p = this.x.malloc(bytes.length + 1);
      this.em.HEAPU8.set(bytes, p);
      c = [p, bytes.length];
      this.consts.set(s, c);
    }
    if (this.strView.length === 0) this.refreshViews();
    this.strView[2 * j] = c[0];
    this.strView[2 * j + 1] = c[1];
  }

  private refreshViews(): void {
    const buf = this.memory.buffer;
    this.numView = new Float64Array(buf, this.slotBase, NUM_SLOTS);
    this.strView = new Int32Array(buf, this.slotBase + 8 * NUM_SLOTS, 2 * STR_SLOTS);
    this.addrView = new Float64Array(buf, this.slotBase + 8 * NUM_SLOTS + 8 * STR_SLOTS, ADDR_SLOTS);
  }

  /** A C function that pushes numeric slot i as an integer, a float or a boolean. */
  numGetter(kind: NumKind, i: number): number {
    return this.nativeFunction(`g${kind}${i}`);
  }

  /** A C function that pushes string slot j. */
  strGetter(j: number): number {
    return this.nativeFunction(`s${j}`);
  }

  /** A C function that pushes address slot j (formatted natively when IPv4, else as string slot j). */
  addrGetter(j: number): number {
    return this.nativeFunction(`a${j}`);
  }

  /** The C function that checks (number, string) arguments and calls onNumStr / onNumStrBad. */
  numStrFunction(): number {
    return this.nativeFunction('numstr');
  }

  private nativeFunction(exportName: string): number {
    const key = 'native.' + exportName;
    let p = this.cfunctions.get(key);
    if (p === undefined) {
      const fn = this.native[exportName];
      if (typeof fn !== 'function') throw new Error(`no native function ${exportName}`);
      p = this.em.addFunction(fn, 'ii');
      this.cfunctions.set(key, p);
    }
    return p;
  }

  /** @internal registry[ref]() protected; the Lua status. */
  nativeRun(L: number, ref: number): number {
    return this.native.run(L, ref);
  }

  /** A NUL-terminated C string that lives as long as the runtime (keys, names). */
  cstr(s: string): number {
    let p = this.cstrings.get(s);
    if (p === undefined) {
      const bytes = encoder.encode(s);
      p = this.x.malloc(bytes.length + 1);
      const heap = this.em.HEAPU8;
      heap.set(bytes, p);
      heap[p + bytes.length] = 0;
      this.cstrings.set(s, p);
    }
    return p;
  }

  /** Registers a JS function as a C function once per runtime (by name). */
  cfunction(name: string, fn: CFunction): number {
    let p = this.cfunctions.get(name);
    if (p === undefined) {
      p = this.em.addFunction(fn, 'ii');
      this.cfunctions.set(name, p);
    }
    return p;
  }

  /** The wasm heap as bytes (re-read after anything that may grow memory). */
  heap(): Uint8Array {
    return this.em.HEAPU8;
  }

  // ---- pushing values -------------------------------------------------------------------

  pushInteger(L: number, n: number): void {
    if (n >= 0 && n < 65536 && Number.isInteger(n)) {
      let b = this.bigints[n];
      if (b === undefined) b = this.bigints[n] = BigInt(n);
      this.x.lua_pushinteger(L, b);
    } else if (Number.isSafeInteger(n)) {
      this.x.lua_pushinteger(L, BigInt(n));
    } else {
      this.x.lua_pushnumber(L, n);
    }
  }

  pushBoolean(L: number, b: boolean): void {
    this.x.lua_pushboolean(L, b ? 1 : 0);
  }

  pushString(L: number, s: string): void {
    // UTF-8 needs at most 3 bytes per UTF-16 unit; encodeInto is one native call (a JS
    // byte loop into the wasm heap costs ~5 ns a character)
    if (3 * s.length > this.scratchSize) this.growScratch(3 * s.length);
    let view = this.scratchView;
    if (view.length === 0) view = this.scratchView = new Uint8Array(this.memory.buffer, this.scratch, this.scratchSize);
    const n = encoder.encodeInto(s, view).written;
    this.x.lua_pushlstring(L, this.scratch, n);
  }

  /** t[n] = value-on-top for the table just below it (n ≥ 1). */
  setIndex(L: number, n: number): void {
    let b = this.bigints[n];
    if (b === undefined) b = n < 65536 ? (this.bigints[n] = BigInt(n)) : BigInt(n);
    this.x.lua_rawseti(L, -2, b);
  }

  private growScratch(n: number): void {
    this.x.free(this.scratch);
    this.scratchSize = Math.max(n, this.scratchSize * 2);
    this.scratch = this.x.malloc(this.scratchSize);
    this.scratchView = new Uint8Array(this.memory.buffer, this.scratch, this.scratchSize);
  }

  /** Sets t[key] = value-on-top for the table just below the top. */
  setField(L: number, key: string): void {
    this.x.lua_setfield(L, -2, this.cstr(key));
  }

  /** Sets t[key] = t[alias] = value-on-top (one pushed value under two keys). */
  setField2(L: number, key: string, alias: string): void {
    this.x.lua_pushvalue(L, -1);
    this.x.lua_setfield(L, -3, this.cstr(key));
    this.x.lua_setfield(L, -2, this.cstr(alias));
  }

  // ---- reading values -------------------------------------------------------------------

  /** The string at idx (numbers are converted, as lua_tolstring does); undefined otherwise. */
  toString(L: number, idx: number): string | undefined {
    const t = this.x.lua_type(L, idx);
    if (t !== LUA_TSTRING && t !== LUA_TNUMBER) return undefined;
    const p = this.x.lua_tolstring(L, idx, this.outPtr);
    if (!p) return undefined;
    return this.stringAt(p, this.em.HEAPU32[this.outPtr >> 2]);
  }

  /** The UTF-8 bytes at [p, p + len) of the heap as a string. */
  stringAt(p: number, len: number): string {
    const heap = this.em.HEAPU8;
    for (let i = 0; i < len; i++) {
      if (heap[p + i] > 127) return decoder.decode(heap.subarray(p, p + len));
    }
    // Scripts usually pass the same constant message: reuse the last string when equal.
    const last = this.lastString;
    if (last.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (last.charCodeAt(i) !== heap[p + i]) {
          same = false;
          break;
        }
      }
      if (same) return last;
    }
    // ASCII: one native slice, no intermediate strings (alert messages are hot)
    let view = this.latin1View;
    if (view === undefined || view.buffer !== heap.buffer) view = this.latin1View = Buffer.from(heap.buffer);
    return (this.lastString = view.toString('latin1', p, p + len));
  }

  /** The number at idx as a JS number (integers beyond 2^53 lose precision), or undefined. */
  toDouble(L: number, idx: number): number | undefined {
    if (this.x.lua_type(L, idx) !== LUA_TNUMBER) return undefined;
    return this.x.lua_tonumberx(L, idx, 0);
  }

  /** The number at idx (integers converted exactly when safe), or undefined. */
  toNumber(L: number, idx: number): number | undefined {
    if (this.x.lua_type(L, idx) !== LUA_TNUMBER) return undefined;
    if (this.x.lua_isinteger(L, idx)) return Number(this.x.lua_tointegerx(L, idx, 0));
    return this.x.lua_tonumberx(L, idx, 0);
  }

  /** Raises a Lua error with a message prefixed by the caller's position. Never returns. */
  raiseError(L: number, message: string): never {
    this.x.luaL_where(L, 1);
    this.pushString(L, message);
    this.x.lua_concat(L, 2);
    this.x.lua_error(L); // longjmp: throws through this JS frame back into wasm
    throw new Error('unreachable: lua_error returned');
  }

  // ---- states ---------------------------------------------------------------------------

  newState(memoryMax: number): LuaState {
    // {used: i64, max: i64, since: i64}, read and updated by the native allocator
    const stats = this.x.malloc(ALLOC_STATS_SIZE);
    if (!stats) throw new Error('could not create a Lua state (out of memory)');
    const u32 = this.em.HEAPU32;
    u32[stats >> 2] = 0;
    u32[(stats >> 2) + 1] = 0;
    u32[(stats >> 2) + 2] = memoryMax % 2 ** 32;
    u32[(stats >> 2) + 3] = Math.min(Math.floor(memoryMax / 2 ** 32), 0x7fffffff);
    u32[(stats >> 2) + 4] = 0;
    u32[(stats >> 2) + 5] = 0;
    const L = this.x.lua_newstate(this.allocPtr, stats);
    if (!L) {
      this.x.free(stats);
      throw new Error('could not create a Lua state (out of memory)');
    }
    return new LuaState(this, L, stats, memoryMax);
  }

  /** @internal Bytes allocated by the state whose stats block is at `stats`. */
  memoryOf(stats: number): number {
    const u32 = this.em.HEAPU32;
    return u32[stats >> 2] + u32[(stats >> 2) + 1] * 2 ** 32;
  }

  /** @internal */
  get countHook(): number {
    return this.hookPtr;
  }

  /** The emscripten C stack pointer (to undo frames left by a JS exception), when reachable. */
  stackSave(): number {
    return this.x.stackSave ? this.x.stackSave() : 0;
  }
  stackRestore(sp: number): void {
    if (this.x.stackRestore && sp) this.x.stackRestore(sp);
  }
}

/** One Lua state with the standard libraries opened and the count hook installed. */
export class LuaState {
  private closed = false;

  constructor(
    readonly rt: LuaRuntime,
    readonly L: number,
    private readonly stats: number,
    readonly memoryMax: number,
  ) {
    rt.x.luaL_openlibs(L);
    rt.x.lua_sethook(L, rt.countHook, LUA_MASKCOUNT, HOOK_STEP);
  }

  get memoryUsed(): number {
    return this.rt.memoryOf(this.stats);
  }

  /** Compiles text (never binary) source; leaves the function or the error message on top. */
  load(source: string, chunkName: string): number {
    const bytes = encoder.encode(source);
    const rt = this.rt;
    const buf = rt.x.malloc(bytes.length + 1);
    try {
      rt.heap().set(bytes, buf);
      return rt.x.luaL_loadbufferx(this.L, buf, bytes.length, rt.cstr(chunkName), rt.cstr('t'));
    } finally {
      rt.x.free(buf);
    }
  }

  /** Pops the value on top into the registry; returns its reference. */
  ref(): number {
    return this.rt.x.luaL_ref(this.L, LUA_REGISTRYINDEX);
  }

  /** Pushes registry[ref]. */
  pushRef(ref: bigint): void {
    this.rt.x.lua_rawgeti(this.L, LUA_REGISTRYINDEX, ref);
  }

  /**
   * Calls the function below nargs arguments, protected, discarding results. Returns the Lua
   * status; the error value (if any) is left on top. JS exceptions from the count hook or from
   * the host propagate after the C stack pointer is restored; the state is unusable then.
   */
  pcall(nargs: number, nresults = 0): number {
    const rt = this.rt;
    const sp = rt.stackSave();
    try {
      return rt.x.lua_pcallk(this.L, nargs, nresults, 0, 0, 0);
    } catch (e) {
      rt.stackRestore(sp);
      throw e;
    }
  }

  /** Calls registry[ref] with no arguments, protected, discarding results (as pcall). */
  runRef(ref: number): number {
    const rt = this.rt;
    const sp = rt.stackSave();
    try {
      return rt.nativeRun(this.L, ref);
    } catch (e) {
      rt.stackRestore(sp);
      throw e;
    }
  }

  setTop(n: number): void {
    this.rt.x.lua_settop(this.L, n);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const rt = this.rt;
    // Finalizers may run Lua code while closing: keep them on a short leash.
    const savedUsed = rt.hookUsed;
    const savedLimit = rt.hookLimit;
    const savedTime = rt.timeLimit;
    rt.hookUsed = 0;
    rt.hookLimit = 1_000_000;
    rt.timeLimit = Number.POSITIVE_INFINITY;
    const sp = rt.stackSave();
    try {
      rt.x.lua_close(this.L);
      rt.x.free(this.stats);
    } catch {
      // A finalizer misbehaved while closing: abandon the rest of this state's memory (and
      // its stats block, which the allocator might still be handed).
      rt.stackRestore(sp);
    } finally {
      rt.hookUsed = savedUsed;
      rt.hookLimit = savedLimit;
      rt.timeLimit = savedTime;
    }
  }
}

/**
 * Every protected call (lua_pcallk, via setjmp) goes through emscripten's JS trampoline
 * `invoke_vii`; wasmoon's is wrapped in assertion layers and reads the function table twice per
 * call. This one does the same work directly: save the C stack pointer, call the table entry,
 * and on a longjmp (emscripten throws a number) restore the stack and set the "threw" flag;
 * anything else is rethrown. Until the instance exists, calls go to the original.
 */
function fastInvoke(imports: unknown): { bind(ex: Record<string, unknown>): void } | undefined {
  if (!imports || typeof imports !== 'object') return undefined;
  for (const mod of Object.values(imports as Record<string, Record<string, unknown>>)) {
    const orig = mod?.invoke_vii;
    if (typeof orig !== 'function') continue;
    let save: (() => number) | undefined;
    let restore: (sp: number) => void = () => {};
    let threw: (a: number, b: number) => void = () => {};
    let table: WebAssembly.Table | undefined;
    /** Entries of the module's own element segment never change (addFunction appends). */
    let fixed = 0;
    const cache: ((a: number, b: number) => void)[] = [];
    mod.invoke_vii = (index: number, a: number, b: number): void => {
      if (save === undefined) return (orig as (i: number, a: number, b: number) => void)(index, a, b);
      const sp = save();
      try {
        let f = cache[index];
        if (f === undefined) {
          f = table!.get(index) as (a: number, b: number) => void;
          if (index < fixed) cache[index] = f;
        }
        f(a, b);
      } catch (e) {
        restore(sp);
        if (e !== (e as number) + 0) throw e;
        threw(1, 0);
      }
    };
    return {
      bind(ex) {
        const t = ex.__indirect_function_table;
        if (typeof ex.stackSave !== 'function' || typeof ex.stackRestore !== 'function' || typeof ex.setThrew !== 'function' || !(t instanceof WebAssembly.Table)) return;
        table = t;
        fixed = t.length;
        restore = ex.stackRestore as (sp: number) => void;
        threw = ex.setThrew as (a: number, b: number) => void;
        save = ex.stackSave as () => number;
      },
    };
  }
  return undefined;
}

let runtimePromise: Promise<LuaRuntime> | undefined;

/**
 * Loads wasmoon's wasm module once per process. The raw wasm exports are captured while the
 * module instantiates (wasmoon's own `_lua_*` wrappers add an assertion layer per call, and the
 * stack save/restore functions are not re-exported at all).
 */
export function loadLuaRuntime(): Promise<LuaRuntime> {
  runtimePromise ??= (async () => {
    const wa = WebAssembly as unknown as { instantiate: (...a: unknown[]) => Promise<unknown> };
    const original = wa.instantiate;
    let captured: Record<string, unknown> | undefined;
    wa.instantiate = async function (this: unknown, ...args: unknown[]) {
      const fast = fastInvoke(args[1]);
      const r = (await original.apply(this, args)) as { instance?: WebAssembly.Instance };
      const ex = r?.instance?.exports as Record<string, unknown> | undefined;
      if (ex && typeof ex.lua_pcallk === 'function') {
        captured = ex;
        fast?.bind(ex);
      }
      return r;
    };
    let luaWasm: { module: EmModule };
    try {
      // imported here, not at the top: a run without checks never pays for loading wasmoon
      const { LuaFactory } = await import('wasmoon');
      luaWasm = (await new LuaFactory().getLuaModule()) as unknown as { module: EmModule };
    } finally {
      wa.instantiate = original;
    }
    const em = luaWasm.module;
    const raw: Record<string, unknown> = {};
    const names = [
      'lua_newstate', 'lua_close', 'luaL_openlibs', 'lua_gettop', 'lua_settop', 'lua_type',
      'lua_tolstring', 'lua_tointegerx', 'lua_tonumberx', 'lua_isinteger', 'lua_toboolean',
      'lua_pushnil', 'lua_pushinteger', 'lua_pushnumber', 'lua_pushboolean', 'lua_pushlstring',
      'lua_pushcclosure', 'lua_pushvalue', 'lua_createtable', 'lua_setfield', 'lua_rawseti',
      'lua_rawgeti', 'lua_setglobal', 'lua_getglobal', 'lua_getfield', 'lua_pcallk', 'lua_callk', 'lua_error', 'lua_concat', 'luaL_where',
      'luaL_loadbufferx', 'luaL_ref', 'luaL_unref', 'lua_sethook', 'malloc', 'free', 'realloc',
      'lua_tocfunction', 'lua_rawlen', 'lua_getallocf',
    ];
    for (const n of names) {
      const f = captured?.[n] ?? em['_' + n];
      if (typeof f !== 'function') throw new Error(`wasmoon: missing export ${n}`);
      raw[n] = f;
    }
    if (captured?.__indirect_function_table instanceof WebAssembly.Table) raw.table = captured.__indirect_function_table;
    if (captured && typeof captured.stackSave === 'function' && typeof captured.stackRestore === 'function') {
      raw.stackSave = captured.stackSave;
      raw.stackRestore = captured.stackRestore;
    }
    const memory = captured?.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('wasmoon: the wasm memory export was not found');
    return new LuaRuntime(em, raw as unknown as RawLua, memory);
  })();
  return runtimePromise;
}
