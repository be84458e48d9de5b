/**
 * tinc VPN, the TCP meta connection, following nDPI's src/lib/protocols/tinc.c: two ID
 * messages "0 <name> 17\n" (one per side), then two METAKEY messages
 * "1 <n> <n> <n> <n> <HEX KEY>\n"; the fourth such packet names the flow TINC. A payload
 * packet that does not fit the expected step excludes the flow.
 * A detected meta connection is remembered in the run's tinc cache (client, server,
 * server port); the peers' UDP data flow between the same two addresses to or from that
 * port is then TINC too ("DPI (cache)"), and takes the entry (IPv4 only, as nDPI).
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('TINC');

interface TincState {
  step: number;
  /** Per direction, the stream length already looked at (nDPI looks packet by packet). */
  done0: number;
  done1: number;
}

const STATE = new FlowState<TincState>(() => ({ step: 0, done0: 0, done1: 0 }));

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** "0 <name> 17\n" filling b[s..e). */
function idMessage(b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (n <= 6 || b[s] !== 0x30 || b[s + 1] !== 0x20 || b[s + 2] === 0x20) return false;
  let i = s + 3;
  while (i < e && b[i++] !== 0x20);
  return i + 3 === e && b[i] === 0x31 && b[i + 1] === 0x37 && b[i + 2] === 0x0a;
}

/** "1 <n> <n> <n> <n> <KEY>\n" at the start of b[s..e). */
function metakey(b: Uint8Array, s: number, e: number): boolean {
  if (e - s <= 11 || b[s] !== 0x31 || b[s + 1] !== 0x20 || b[s + 2] === 0x20) return false;
  let i = s + 3;
  for (let left = 4; left > 0; left--) {
    while (i < e && isDigit(b[i])) i++;
    if (i >= e || b[i++] !== 0x20) return false;
  }
  while (i < e && (isDigit(b[i]) || (b[i] >= 0x41 && b[i] <= 0x5a))) i++;
  return i < e && b[i] === 0x0a;
}

export const tinc: Dissector = {
  name: 'TINC',
  transports: [6, 17],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    if (inp.transport === 17) {
      const cache = inp.ctx?.tinc;
      if (cache === undefined || cache.size === 0 || flow.ipVersion !== 4) return Verdict.No;
      // a key ends with its meta connection's server port: with neither port, none can match
      // (and no address is formatted; under --jobs a lookup that fails alone is not logged:
      // the worker's cache holds every entry of its host pairs that the whole run's holds)
      if (!cache.mayHaveTag(inp.dport) && !cache.mayHaveTag(inp.sport)) return Verdict.No;
      // the datagram's source, destination and destination port, or the reverse
      const [src, dst] = inp.dir === 0 ? [flow.cliAddr(), flow.srvAddr()] : [flow.srvAddr(), flow.cliAddr()];
      const a = cache.take(`${src}|${dst}|${inp.dport}`);
      const b2 = cache.take(`${dst}|${src}|${inp.sport}`);
      if (!a && !b2) return Verdict.No;
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    const b = inp.data;
    const st = STATE.get(inp.flow);
    const start = inp.off + (inp.dir === 0 ? st.done0 : st.done1);
    const e = inp.off + inp.len;
    if (inp.dir === 0) st.done0 = inp.len;
    else st.done1 = inp.len;
    if (start >= e) return Verdict.More;
    if (st.step < 2) {
      if (!idMessage(b, start, e)) return Verdict.No;
      st.step++;
      return Verdict.More;
    }
    if (!metakey(b, start, e)) return Verdict.No;
    if (++st.step > 3) {
      if (flow.ipVersion === 4) inp.ctx?.tinc.add(`${flow.cliAddr()}|${flow.srvAddr()}|${flow.srvPort}`);
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    return Verdict.More;
  },
};
