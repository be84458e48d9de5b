import type { Flow } from '../../flow/flow.js';
import type { DissectInput } from '../dissector.js';
import { ascii, startsWithLower } from '../bytes.js';

/**
 * The kit every dissector builds on: per-flow dissector state (slots), the verdict and
 * metadata setters, and text helpers (a line walker for TCP text protocols).
 * Nothing here allocates per packet except on the paths that record metadata.
 */

/**
 * Slots handed out so far: one per FlowState / FlowCounter. They are made when the dissector
 * modules load (each declares its own at module level), so this count is registration at
 * load time, not per-run state: it does not change once the registry is loaded.
 */
let slotCount = 0;

/**
 * Where a flow keeps its dissectors' state: the classifier's per-flow state (Flow.cls) has
 * a `slots` array, one entry per slot, made the first time a dissector needs to remember
 * something (one property per flow rather than one per dissector, which would multiply the
 * flows' hidden classes; reading a slot is a plain load, nothing allocated per packet). The
 * classifier drops it when the flow's classification is final.
 */
export interface SlotHolder {
  slots: unknown[] | undefined;
}

/** The flow's slot array, made on first use (a dissector driven alone makes the holder too). */
function slotsOf(flow: Flow): unknown[] {
  let h = flow.cls as SlotHolder | undefined;
  if (h === undefined) flow.cls = h = { slots: undefined };
  return (h.slots ??= new Array<unknown>(slotCount).fill(undefined));
}

function peekSlots(flow: Flow): unknown[] | undefined {
  return (flow.cls as SlotHolder | undefined)?.slots;
}

/** A per-flow slot of one dissector, declared in that dissector's file. */
abstract class FlowSlot {
  /** This slot's index in the flow's slot array. */
  protected readonly slot = slotCount++;

  drop(flow: Flow): void {
    const s = peekSlots(flow);
    if (s !== undefined) s[this.slot] = undefined;
  }
}

/** Per-flow state of one dissector (an object), created on first use and dropped with the flow. */
export class FlowState<T> extends FlowSlot {
  constructor(private readonly make: () => T) {
    super();
  }
  get(flow: Flow): T {
    const slots = slotsOf(flow);
    let s = slots[this.slot] as T | undefined;
    if (s === undefined) {
      s = this.make();
      slots[this.slot] = s;
    }
    return s;
  }
  peek(flow: Flow): T | undefined {
    return peekSlots(flow)?.[this.slot] as T | undefined;
  }
}

/** A per-flow number of one dissector (bits, a stage, a count): 0 until set, nothing allocated. */
export class FlowCounter extends FlowSlot {
  get(flow: Flow): number {
    const v = peekSlots(flow)?.[this.slot];
    return v === undefined ? 0 : (v as number);
  }
  set(flow: Flow, v: number): void {
    slotsOf(flow)[this.slot] = v;
  }
}

/**
 * Sets the verdict, the one setter of flow.l7Master / flow.l7App: `app` alone (master 0,
 * nDPI's convention; also when master = app) or MASTER.APP.
 */
export function setProto(flow: Flow, master: number, app: number): void {
  if (master !== 0 && master === app) master = 0;
  flow.l7Master = master;
  flow.l7App = app;
}

/** Records one free-form metadata value under flow.meta.other. */
export function setOther(flow: Flow, key: string, value: string | number | boolean): void {
  const o = (flow.meta.other ??= {});
  o[key] = value;
}

/** Longest text kept for one metadata value (protects reports against huge fields). */
export const MAX_META_TEXT = 256;

/** Printable Latin-1 text of b[start..end), control bytes dropped, capped at MAX_META_TEXT. */
export function text(b: Uint8Array, start: number, end: number): string {
  const e = Math.min(end, b.length, start + MAX_META_TEXT);
  let k = start;
  while (k < e && b[k] >= 0x20 && b[k] !== 0x7f) k++;
  // no control byte: the bytes as they are, made at once
  if (k >= e) return ascii(b, start, e);
  let s = '';
  for (let i = start; i < e; i++) {
    const c = b[i];
    if (c >= 0x20 && c !== 0x7f) s += String.fromCharCode(c);
  }
  return s;
}

/**
 * Walks the complete lines ("\n"-terminated; a preceding "\r" is not part of the line)
 * that arrived in a TCP direction since the last call. `pos` is the direction's next
 * unread byte, relative to the stream start; returns the new position. `onLine` (a
 * module-level function: no closure per packet) gets `ctx` and [start, end) of each line;
 * returning false stops the walk (the position then points after that line).
 */
export function walkLines<C>(
  data: Uint8Array,
  off: number,
  len: number,
  pos: number,
  maxLines: number,
  ctx: C,
  onLine: (ctx: C, data: Uint8Array, start: number, end: number) => boolean,
): number {
  const end = off + len;
  let i = off + pos;
  let lines = 0;
  while (i < end && lines < maxLines) {
    let j = i;
    while (j < end && data[j] !== 10) j++;
    if (j >= end) break; // incomplete line: wait for more bytes
    const lineEnd = j > i && data[j - 1] === 13 ? j - 1 : j;
    lines++;
    const goOn = onLine(ctx, data, i, lineEnd);
    i = j + 1;
    if (!goOn) break;
  }
  return i - off;
}

/** Decimal number of exactly n digits at b[at..at+n), else -1. */
export function digits(b: Uint8Array, at: number, n: number, end: number): number {
  if (at + n > end) return -1;
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = b[at + k] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** IPv4 word (host order) → dotted quad. */
export function ipv4(w: number): string {
  return `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}`;
}

/** Base64 text of b[start..end) decoded to Latin-1 (control bytes kept), or '' if invalid. */
export function base64Text(b: Uint8Array, start: number, end: number): string {
  const t = text(b, start, end).trim();
  if (t === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return '';
  return Buffer.from(t, 'base64').toString('latin1');
}

/** Position of the first space in b[from..end), or end. */
export function spaceAt(b: Uint8Array, from: number, end: number): number {
  let i = from;
  while (i < end && b[i] !== 0x20) i++;
  return i;
}

/**
 * Where the current packet's bytes begin in inp.data (TCP: the newest segment of the
 * direction's stream; UDP: the datagram): nDPI's per-packet view of a flow.
 */
export function segment(inp: DissectInput): number {
  return inp.seg ?? inp.off;
}

/**
 * The value of the first header line of b[s..e) whose name is `name` (lower case, with its
 * ':', e.g. 'user-agent:'), as [start, end) with leading spaces skipped, or null.
 */
export function headerValue(b: Uint8Array, s: number, e: number, name: string): [number, number] | null {
  let i = s;
  while (i < e) {
    let j = i;
    while (j < e && b[j] !== 0x0a) j++;
    const lineEnd = j > i && b[j - 1] === 0x0d ? j - 1 : j;
    if (startsWithLower(b, i, lineEnd, name)) {
      let v = i + name.length;
      while (v < lineEnd && b[v] === 0x20) v++;
      return [v, lineEnd];
    }
    i = j + 1;
  }
  return null;
}
