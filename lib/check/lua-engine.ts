/**
 * The only module that touches wasmoon. It exposes a thin layer over Lua's C API as compiled
 * into wasmoon's wasm module: states with a traced allocator (memory cap), C functions made
 * from JS functions, a C-level instruction-count hook, and the raw calls the hot path needs.
 *
 * Why raw: wasmoon's public API turns each call into proxies/conversions costing 3–25 µs per
 * flow; calling the compiled chunk through `lua_pcallk` with `flow.*` bound as C functions
 * costs well under 1 µs. wasmoon 1.16.0 is pinned; this file depends on its internals.
 */
import { LuaFactory } from 'wasmoon';

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
export const LUA_REGISTRYINDEX = -LUAI_MAXSTACK - 1000;
const LUA_MASKCOUNT = 8;

/** Instructions between two calls of the count hook (the budget's granularity). */
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
  lua_sethook(L: number, fn: number, mask: number, count: number): void;
  malloc(n: number): number;
  free(p: number): void;
  realloc(p: number, n: number): number;
  stackSave?: () => number;
  stackRestore?: (sp: number) => void;
}

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

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

interface AllocStats {
  used: number;
  max: number;
}

/**
 * One wasm module (one heap) shared by every Lua state. Created once, asynchronously;
 * everything after that is synchronous, so states can be replaced inside a packet loop.
 */
export class LuaRuntime {
  readonly x: RawLua;
  private readonly em: EmModule;
  private readonly allocStats: (AllocStats | undefined)[] = [];
  private readonly allocPtr: number;
  private readonly hookPtr: number;
  private readonly cstrings = new Map<string, number>();
  private scratch: number;
  private scratchSize = 4096;
  /** 8 bytes for size_t / int out-parameters. */
  private readonly outPtr: number;
  private readonly bigints: bigint[] = [];
  private readonly cfunctions = new Map<string, number>();
  private latin1View?: Buffer;
  private lastString = '';

  /** Instructions used by the current call, in HOOK_STEP units; the hook aborts past the limit. */
  hookUsed = 0;
  hookLimit = Number.POSITIVE_INFINITY;

  constructor(em: EmModule, raw: RawLua) {
    this.em = em;
    this.x = raw;
    // One allocator for every state: `ud` is the state's slot in allocStats.
    this.allocPtr = em.addFunction((ud: number, ptr: number, osize: number, nsize: number): number => {
      const st = this.allocStats[ud];
      if (nsize === 0) {
        if (ptr) {
          if (st) st.used -= osize;
          raw.free(ptr);
        }
        return 0;
      }
      const delta = ptr ? nsize - osize : nsize;
      if (st && delta > 0 && st.used + delta > st.max) return 0; // Lua raises "not enough memory"
      const p = raw.realloc(ptr, nsize);
      if (p && st) st.used += delta;
      return p;
    }, 'iiiii');
    this.hookPtr = em.addFunction((): void => {
      this.hookUsed += HOOK_STEP;
      if (this.hookUsed > this.hookLimit) throw new BudgetExceeded();
    }, 'vii');
    this.scratch = raw.malloc(this.scratchSize);
    this.outPtr = raw.malloc(8);
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
    const n = s.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (s.charCodeAt(i) > 127) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      if (n > this.scratchSize) this.growScratch(n);
      const heap = this.em.HEAPU8; // re-read: memory growth replaces the view
      const p = this.scratch;
      for (let i = 0; i < n; i++) heap[p + i] = s.charCodeAt(i);
      this.x.lua_pushlstring(L, p, n);
      return;
    }
    const bytes = encoder.encode(s);
    if (bytes.length > this.scratchSize) this.growScratch(bytes.length);
    this.em.HEAPU8.set(bytes, this.scratch);
    this.x.lua_pushlstring(L, this.scratch, bytes.length);
  }

  private growScratch(n: number): void {
    this.x.free(this.scratch);
    this.scratchSize = Math.max(n, this.scratchSize * 2);
    this.scratch = this.x.malloc(this.scratchSize);
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
    const len = this.em.HEAPU32[this.outPtr >> 2];
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
    let slot = this.allocStats.indexOf(undefined);
    if (slot < 0) slot = this.allocStats.length;
    // slot 0 would be a NULL ud, fine for us; keep it simple and start at 1 anyway
    if (slot === 0) slot = 1;
    const stats: AllocStats = { used: 0, max: memoryMax };
    this.allocStats[slot] = stats;
    const L = this.x.lua_newstate(this.allocPtr, slot);
    if (!L) {
      this.allocStats[slot] = undefined;
      throw new Error('could not create a Lua state (out of memory)');
    }
    return new LuaState(this, L, slot, stats);
  }

  /** @internal */
  releaseSlot(slot: number): void {
    this.allocStats[slot] = undefined;
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
    private readonly slot: number,
    private readonly stats: AllocStats,
  ) {
    rt.x.luaL_openlibs(L);
    rt.x.lua_sethook(L, rt.countHook, LUA_MASKCOUNT, HOOK_STEP);
  }

  get memoryUsed(): number {
    return this.stats.used;
  }
  get memoryMax(): number {
    return this.stats.max;
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
    rt.hookUsed = 0;
    rt.hookLimit = 1_000_000;
    const sp = rt.stackSave();
    try {
      rt.x.lua_close(this.L);
    } catch {
      // A finalizer misbehaved while closing: abandon the rest of this state's memory.
      rt.stackRestore(sp);
    } finally {
      rt.hookUsed = savedUsed;
      rt.hookLimit = savedLimit;
      rt.releaseSlot(this.slot);
    }
  }
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
      const r = (await original.apply(this, args)) as { instance?: WebAssembly.Instance };
      const ex = r?.instance?.exports as Record<string, unknown> | undefined;
      if (ex && typeof ex.lua_pcallk === 'function') captured = ex;
      return r;
    };
    let luaWasm: { module: EmModule };
    try {
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
      'luaL_loadbufferx', 'luaL_ref', 'lua_sethook', 'malloc', 'free', 'realloc',
    ];
    for (const n of names) {
      const f = captured?.[n] ?? em['_' + n];
      if (typeof f !== 'function') throw new Error(`wasmoon: missing export ${n}`);
      raw[n] = f;
    }
    if (captured && typeof captured.stackSave === 'function' && typeof captured.stackRestore === 'function') {
      raw.stackSave = captured.stackSave;
      raw.stackRestore = captured.stackRestore;
    }
    return new LuaRuntime(em, raw as unknown as RawLua);
  })();
  return runtimePromise;
}
