/**
 * A small WebAssembly module, assembled here byte by byte, that runs inside wasmoon's heap and
 * calls Lua's C API directly (its functions are imported from wasmoon's instance, so the calls
 * stay wasm-to-wasm). It removes the JS round trips of the hottest paths:
 *
 * - `alloc`: Lua's allocator with a memory cap. `ud` points at {used: i64, max: i64, since: i64}; a
 *   request that would exceed max returns NULL (Lua raises "not enough memory"). Every
 *   TICK_BYTES bytes allocated (`since` counts them) it calls the imported `tick()`, which
 *   returns nonzero when the running check is over its time limit: that request is refused
 *   too (a single library call building a large result cannot outrun the time limit).
 * - `run(L, ref)`: pushes registry[ref] and calls it protected (lua_pcallk), no results.
 * - getters, C functions `(L) -> 1` that push a value the host stored beforehand in a block of
 *   slots: numeric slots (f64) pushed as an integer, a float or a boolean, and string slots
 *   ({ptr: i32, len: i32}). A numeric slot holding NaN or a string slot with ptr 0 is filled
 *   on demand by the imported JS function `fill(L, id)` (id: numeric slot, or nums + string
 *   slot), then read again — values that cost something to compute are computed only when
 *   a script asks for them.
 * - address getters `a<j>`: string slot j whose value may be an IPv4 address stored as a number
 *   (an f64 slot of its own): formatted here as a dotted quad, without a call into JS; NaN (not
 *   IPv4) falls back to `fill`.
 * - `numstr(L)`: a C function taking (number, string): checks the argument types and converts
 *   the string with lua_tolstring, then hands (L, number, ptr, len) to the imported JS
 *   `onNumStr`; on wrong types it calls the imported `onNumStrBad(L)` (which raises the error).
 *
 * Used only by lua-engine.ts (the adapter); nothing here knows about wasmoon.
 */

const I32 = 0x7f;
const I64 = 0x7e;
const F64 = 0x7c;

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit range is enough here). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

// opcodes
const IF = 0x04, ELSE = 0x05, END = 0x0b, RETURN = 0x0f, CALL = 0x10, DROP = 0x1a, SELECT = 0x1b;
const LGET = 0x20, LSET = 0x21, LTEE = 0x22;
const I32LOAD = 0x28, I64LOAD = 0x29, F64LOAD = 0x2b, I32STORE = 0x36, I64STORE = 0x37, I32STORE8 = 0x3a;
const I32CONST = 0x41, I64CONST = 0x42;
const I32EQZ = 0x45, I32NE = 0x47, I32GEU = 0x4f, I64GTS = 0x55, F64EQ = 0x61, F64NE = 0x62;
const I32ADD = 0x6a, I32SUB = 0x6b, I32DIVU = 0x6e, I32REMU = 0x70, I32AND = 0x71, I32SHRU = 0x76;
const I64ADD = 0x7c, I64SUB = 0x7d, I64EXTU = 0xad, I64EXTS = 0xac;
const VOID = 0x40;
const i32c = (n: number) => [I32CONST, ...sleb(n)];
const mem = (align: number, offset: number) => [...uleb(align), ...uleb(offset)];

// imports (function indices 0..14)
const F_REALLOC = 0, F_FREE = 1, F_PUSHINT = 2, F_PUSHNUM = 3, F_PUSHBOOL = 4, F_PUSHSTR = 5, F_FILL = 6, F_RAWGETI = 7, F_PCALLK = 8;
const F_TYPE = 9, F_TONUMBER = 10, F_TOLSTRING = 11, F_ONNUMSTR = 12, F_ONNUMSTRBAD = 13, F_TICK = 14;
const IMPORTS = 15;
/** Bytes allocated between two calls of the imported tick() (the time check of allocations). */
export const TICK_BYTES = 256 * 1024;
/** Bytes of the allocator's block at `ud`: {used, max, since}, i64 each. */
export const ALLOC_STATS_SIZE = 24;
const LUA_TNUMBER = 3, LUA_TSTRING = 4;

// types
const T_II_I = 0, T_I_V = 1, T_IJ_V = 2, T_ID_V = 3, T_II_V = 4, T_III_I = 5, T_IIJ_I = 6, T_6I_I = 7, T_IIII_I = 8, T_I_I = 9;
const T_III_D = 10, T_IDII_I = 11, T_V_I = 12;
const TYPES: [number[], number[]][] = [
  [[I32, I32], [I32]],
  [[I32], []],
  [[I32, I64], []],
  [[I32, F64], []],
  [[I32, I32], []],
  [[I32, I32, I32], [I32]],
  [[I32, I32, I64], [I32]],
  [[I32, I32, I32, I32, I32, I32], [I32]],
  [[I32, I32, I32, I32], [I32]],
  [[I32], [I32]],
  [[I32, I32, I32], [F64]],
  [[I32, F64, I32, I32], [I32]],
  [[], [I32]],
];

export interface NativeLayout {
  /**
   * Address of the block: `nums` numeric slots (f64 each), `strs` string slots ({ptr, len}),
   * then for the first `addrs` string slots an IPv4 slot (f64) each, then a 16-byte buffer
   * each for the formatted address, then 8 bytes of out-parameter.
   */
  base: number;
  nums: number;
  strs: number;
  addrs: number;
  /** LUA_REGISTRYINDEX. */
  registry: number;
}

/** Kinds of numeric getters, in the order of their exports. */
export const NUM_KINDS = ['int', 'num', 'bool'] as const;
export type NumKind = (typeof NUM_KINDS)[number];

/** Bytes of the block at `base`. */
export function nativeBlockSize(lay: Omit<NativeLayout, 'base' | 'registry'>): number {
  return 8 * lay.nums + 8 * lay.strs + 8 * lay.addrs + 16 * lay.addrs + 8;
}

/** The module's bytes. Exports: alloc, run, numstr, g<kind><slot> per numeric slot and kind, s<slot> per string slot, a<slot> per address slot. */
export function assembleNative(lay: NativeLayout): Uint8Array<ArrayBuffer> {
  const funcs: { type: number; locals: number[][]; body: number[]; export: string }[] = [];

  // alloc(ud, ptr, osize, nsize) -> ptr; locals: 4 delta (i64), 5 p (i32)
  funcs.push({
    type: T_IIII_I,
    export: 'alloc',
    locals: [[1, I64], [1, I32]],
    body: [
      LGET, 3, I32EQZ, IF, VOID,
      LGET, 1, IF, VOID,
      LGET, 0, LGET, 0, I64LOAD, ...mem(3, 0), LGET, 2, I64EXTU, I64SUB, I64STORE, ...mem(3, 0),
      LGET, 1, CALL, F_FREE,
      END,
      ...i32c(0), RETURN,
      END,
      // delta = nsize - (ptr ? osize : 0)   (with ptr NULL, osize is a type tag)
      LGET, 3, I64EXTU, LGET, 2, I64EXTU, I64CONST, 0, LGET, 1, SELECT, I64SUB, LSET, 4,
      LGET, 4, I64CONST, 0, I64GTS, IF, VOID,
      LGET, 0, I64LOAD, ...mem(3, 0), LGET, 4, I64ADD, LGET, 0, I64LOAD, ...mem(3, 8), I64GTS, IF, VOID,
      ...i32c(0), RETURN,
      END,
      // since += delta; past TICK_BYTES: since = 0, and tick() may refuse the request
      LGET, 0, LGET, 0, I64LOAD, ...mem(3, 16), LGET, 4, I64ADD, I64STORE, ...mem(3, 16),
      LGET, 0, I64LOAD, ...mem(3, 16), I64CONST, ...sleb(TICK_BYTES), I64GTS, IF, VOID,
      LGET, 0, I64CONST, 0, I64STORE, ...mem(3, 16),
      CALL, F_TICK, IF, VOID,
      ...i32c(0), RETURN,
      END,
      END,
      END,
      LGET, 1, LGET, 3, CALL, F_REALLOC, LTEE, 5, IF, VOID,
      LGET, 0, LGET, 0, I64LOAD, ...mem(3, 0), LGET, 4, I64ADD, I64STORE, ...mem(3, 0),
      END,
      LGET, 5,
    ],
  });

  // run(L, ref) -> status
  funcs.push({
    type: T_II_I,
    export: 'run',
    locals: [],
    body: [
      LGET, 0, ...i32c(lay.registry), LGET, 1, I64EXTS, CALL, F_RAWGETI, DROP,
      LGET, 0, ...i32c(0), ...i32c(0), ...i32c(0), ...i32c(0), ...i32c(0), CALL, F_PCALLK,
    ],
  });

  for (let i = 0; i < lay.nums; i++) {
    const off = lay.base + 8 * i;
    // v = slot; if v ~= v (NaN) then fill(L, i); v = slot end
    const load = [
      ...i32c(0), F64LOAD, ...mem(3, off), LTEE, 1, LGET, 1, F64NE, IF, VOID,
      LGET, 0, ...i32c(i), CALL, F_FILL,
      ...i32c(0), F64LOAD, ...mem(3, off), LSET, 1,
      END,
      LGET, 0, LGET, 1,
    ];
    const push: Record<NumKind, number[]> = {
      int: [0xfc, 0x06 /* i64.trunc_sat_f64_s */, CALL, F_PUSHINT],
      num: [CALL, F_PUSHNUM],
      bool: [0xfc, 0x02 /* i32.trunc_sat_f64_s */, CALL, F_PUSHBOOL],
    };
    for (const kind of NUM_KINDS) {
      funcs.push({ type: T_I_I, export: `g${kind}${i}`, locals: [[1, F64]], body: [...load, ...push[kind], ...i32c(1)] });
    }
  }
  const sbase = lay.base + 8 * lay.nums;
  const v4base = sbase + 8 * lay.strs;
  const bufbase = v4base + 8 * lay.addrs;
  const outPtr = bufbase + 16 * lay.addrs;
  for (let j = 0; j < lay.addrs; j++) {
    const off = sbase + 8 * j;
    const buf = bufbase + 16 * j;
    // locals: 1 v (f64), 2 a (i32), 3 p (i32)
    const put = (value: number[]) => [LGET, 3, ...value, I32STORE8, ...mem(0, 0), LGET, 3, ...i32c(1), I32ADD, LSET, 3];
    const octets: number[] = [];
    for (const shift of [24, 16, 8, 0]) {
      const o = [LGET, 2, ...i32c(shift), I32SHRU, ...i32c(255), I32AND];
      octets.push(
        ...o, ...i32c(100), I32GEU, IF, VOID, ...put([...o, ...i32c(100), I32DIVU, ...i32c(48), I32ADD]), END,
        ...o, ...i32c(10), I32GEU, IF, VOID, ...put([...o, ...i32c(10), I32DIVU, ...i32c(10), I32REMU, ...i32c(48), I32ADD]), END,
        ...put([...o, ...i32c(10), I32REMU, ...i32c(48), I32ADD]),
        ...(shift ? put(i32c(46 /* '.' */)) : []),
      );
    }
    funcs.push({
      type: T_I_I,
      export: `a${j}`,
      locals: [[1, F64], [2, I32]],
      body: [
        ...i32c(0), I32LOAD, ...mem(2, off), I32EQZ, IF, VOID,
        ...i32c(0), F64LOAD, ...mem(3, v4base + 8 * j), LTEE, 1, LGET, 1, F64EQ, IF, VOID,
        LGET, 1, 0xfc, 0x03 /* i32.trunc_sat_f64_u */, LSET, 2,
        ...i32c(buf), LSET, 3,
        ...octets,
        ...i32c(0), ...i32c(buf), I32STORE, ...mem(2, off),
        ...i32c(0), LGET, 3, ...i32c(buf), I32SUB, I32STORE, ...mem(2, off + 4),
        ELSE,
        LGET, 0, ...i32c(lay.nums + j), CALL, F_FILL,
        END,
        END,
        LGET, 0, ...i32c(0), I32LOAD, ...mem(2, off), ...i32c(0), I32LOAD, ...mem(2, off + 4), CALL, F_PUSHSTR, DROP,
        ...i32c(1),
      ],
    });
  }

  // numstr(L): (number, string|number) -> onNumStr(L, n, ptr, len); locals: 1 t2 (i32)
  funcs.push({
    type: T_I_I,
    export: 'numstr',
    locals: [[1, I32]],
    body: [
      LGET, 0, ...i32c(2), CALL, F_TYPE, LSET, 1,
      LGET, 0, ...i32c(1), CALL, F_TYPE, ...i32c(LUA_TNUMBER), I32NE,
      LGET, 1, ...i32c(LUA_TSTRING), I32NE, LGET, 1, ...i32c(LUA_TNUMBER), I32NE, I32AND,
      0x72 /* i32.or */, IF, VOID,
      LGET, 0, CALL, F_ONNUMSTRBAD, RETURN,
      END,
      LGET, 0,
      LGET, 0, ...i32c(1), ...i32c(0), CALL, F_TONUMBER,
      LGET, 0, ...i32c(2), ...i32c(outPtr), CALL, F_TOLSTRING,
      ...i32c(0), I32LOAD, ...mem(2, outPtr),
      CALL, F_ONNUMSTR,
    ],
  });

  for (let j = 0; j < lay.strs; j++) {
    const off = sbase + 8 * j;
    funcs.push({
      type: T_I_I,
      export: `s${j}`,
      locals: [],
      body: [
        ...i32c(0), I32LOAD, ...mem(2, off), I32EQZ, IF, VOID,
        LGET, 0, ...i32c(lay.nums + j), CALL, F_FILL,
        END,
        LGET, 0, ...i32c(0), I32LOAD, ...mem(2, off), ...i32c(0), I32LOAD, ...mem(2, off + 4), CALL, F_PUSHSTR, DROP,
        ...i32c(1),
      ],
    });
  }

  const imp = (field: string, type: number) => [...name('e'), ...name(field), 0x00, ...uleb(type)];
  const imports = vec([
    imp('realloc', T_II_I),
    imp('free', T_I_V),
    imp('pushinteger', T_IJ_V),
    imp('pushnumber', T_ID_V),
    imp('pushboolean', T_II_V),
    imp('pushlstring', T_III_I),
    imp('fill', T_II_V),
    imp('rawgeti', T_IIJ_I),
    imp('pcallk', T_6I_I),
    imp('type', T_II_I),
    imp('tonumberx', T_III_D),
    imp('tolstring', T_III_I),
    imp('onNumStr', T_IDII_I),
    imp('onNumStrBad', T_I_I),
    imp('tick', T_V_I),
    [...name('e'), ...name('memory'), 0x02, 0x00, 0x00], // memory, min 0 pages, no max
  ]);
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(TYPES.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]))),
    ...section(2, imports),
    ...section(3, vec(funcs.map((f) => uleb(f.type)))),
    ...section(7, vec(funcs.map((f, k) => [...name(f.export), 0x00, ...uleb(IMPORTS + k)]))),
    ...section(10, vec(funcs.map((f) => {
      const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.body, END];
      return [...uleb(body.length), ...body];
    }))),
  ];
  return new Uint8Array(bytes);
}
