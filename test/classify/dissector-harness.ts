/**
 * Test driver for one dissector: builds a Flow from corpus packets (see
 * clientOf for which side is the client) and calls one dissector the way the classifier does —
 * TCP: the direction's reassembled stream from byte 0, growing; UDP: one datagram — until
 * it answers No or Yes (after YesMore it keeps being called). Also: robustness drivers that
 * feed truncated and random payloads and check that nothing throws and every answer is a
 * verdict.
 */
import assert from 'node:assert/strict';
import { Verdict, type DissectInput, type Dissector } from '../../lib/classify/dissector.js';
import type { DissectContext } from '../../lib/classify/context.js';
import { Flow, type Dir } from '../../lib/flow/flow.js';
import { TCP_ACK, TCP_SYN } from '../../lib/decode/packet.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { randomBytes } from '../helpers/random.js';

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** "a.b.c.d:port" or "v6:addr:port" → [words, port, version]. */
function endpoint(s: string): { w: number[]; port: number; v: 4 | 6 } {
  const i = s.lastIndexOf(':');
  const addr = s.slice(0, i);
  const port = Number(s.slice(i + 1));
  if (addr.includes(':')) {
    // expand IPv6 (no embedded IPv4 in the corpus addresses used here)
    const [head, tail] = addr.split('::');
    const h = head ? head.split(':') : [];
    const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
    const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
    const w = [0, 1, 2, 3].map((k) => ((groups[2 * k] << 16) | groups[2 * k + 1]) >>> 0);
    return { w, port, v: 6 };
  }
  const p = addr.split('.').map(Number);
  return { w: [((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0, 0, 0, 0], port, v: 4 };
}

export interface FlowOptions {
  /** TCP: the capture saw the SYN (default true). */
  syn?: boolean;
  /** drive: the run's context the dissector is given (default none, as a dissector driven alone). */
  ctx?: DissectContext;
}

/**
 * The client of a flow whose first captured packet is `first`: its sender — except on TCP
 * when it comes from a well-known port (< 1024) to a higher one: that is the server
 * speaking first (SMTP, POP3, IMAP and FTP banners), the client opened the connection.
 */
export function clientOf(transport: 6 | 17, first: CorpusPkt): string {
  const port = (e: string) => Number(e.slice(e.lastIndexOf(':') + 1));
  if (transport === 6 && port(first.from) < 1024 && port(first.to) >= 1024) return first.to;
  return first.from;
}

export function flowFor(transport: 6 | 17, first: CorpusPkt, opts: FlowOptions = {}): Flow {
  const f = new Flow(7);
  const cli = clientOf(transport, first);
  const c = endpoint(cli);
  const s = endpoint(cli === first.from ? first.to : first.from);
  f.proto = transport;
  f.ipVersion = c.v;
  for (let i = 0; i < 4; i++) f.cli[i] = c.w[i] ?? 0;
  for (let i = 0; i < 4; i++) f.srv[i] = s.w[i] ?? 0;
  f.cliPort = c.port;
  f.srvPort = s.port;
  if (transport === 6 && opts.syn !== false) {
    f.cliTcpFlags = TCP_SYN | TCP_ACK;
    f.srvTcpFlags = TCP_SYN | TCP_ACK;
    f.handshakeDone = true;
  }
  return f;
}

export interface DriveResult {
  verdict: Verdict;
  flow: Flow;
  calls: number;
  /** The verdict of each call. */
  verdicts: Verdict[];
}

/** Feeds corpus packets to one dissector like the classifier (see the module comment). */
export function drive(d: Dissector, transport: 6 | 17, pkts: readonly CorpusPkt[], opts: FlowOptions = {}, flow?: Flow): DriveResult {
  const f = flow ?? flowFor(transport, pkts[0], opts);
  const cli = clientOf(transport, pkts[0]);
  return driveBytes(
    d,
    f,
    pkts.map((p) => ({ dir: (p.from === cli ? 0 : 1) as Dir, bytes: hexBytes(p.hex) })),
    opts.ctx,
  );
}

export function driveBytes(d: Dissector, flow: Flow, pkts: readonly { dir: Dir; bytes: Uint8Array }[], ctx?: DissectContext): DriveResult {
  const streams: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
  const verdicts: Verdict[] = [];
  let verdict = Verdict.More;
  let positive = false;
  let index = 0;
  for (const p of pkts) {
    if (p.bytes.length === 0) continue;
    let data = p.bytes;
    let seg = 0;
    if (flow.proto === 6) {
      seg = streams[p.dir].length;
      const s = new Uint8Array(streams[p.dir].length + p.bytes.length);
      s.set(streams[p.dir]);
      s.set(p.bytes, streams[p.dir].length);
      streams[p.dir] = s;
      data = s;
    }
    const input: DissectInput = {
      flow,
      dir: p.dir,
      data,
      off: 0,
      len: data.length,
      seg,
      packetIndex: index++,
      transport: flow.proto,
      sport: p.dir === 0 ? flow.cliPort : flow.srvPort,
      dport: p.dir === 0 ? flow.srvPort : flow.cliPort,
      ctx,
    };
    verdict = d.dissect(input);
    verdicts.push(verdict);
    if (verdict === Verdict.YesMore) positive = true;
    if (verdict === Verdict.No || verdict === Verdict.Yes) break;
  }
  if (positive && verdict !== Verdict.Yes) verdict = Verdict.YesMore;
  return { verdict, flow, calls: verdicts.length, verdicts };
}

/** True for Yes and YesMore. */
export function isMine(v: Verdict): boolean {
  return v === Verdict.Yes || v === Verdict.YesMore;
}

/**
 * Robustness: every prefix of each real payload, the payloads with bytes flipped, and
 * random payloads — fed on fresh flows, in both directions; no call may throw and each
 * must return a Verdict. Returns the number of calls made.
 */
export function hammer(d: Dissector, transport: 6 | 17, pkts: readonly CorpusPkt[]): number {
  let calls = 0;
  const valid = new Set([Verdict.No, Verdict.More, Verdict.Yes, Verdict.YesMore]);
  const check = (flow: Flow, seq: { dir: Dir; bytes: Uint8Array }[]) => {
    const r = driveBytes(d, flow, seq);
    calls += r.calls;
    for (const v of r.verdicts) assert.ok(valid.has(v), `not a verdict: ${v}`);
  };
  const all = pkts.map((p) => hexBytes(p.hex));
  for (const b of all) {
    for (let n = 1; n <= b.length; n++) {
      check(flowFor(transport, pkts[0]), [{ dir: 0, bytes: b.subarray(0, n) }]);
      check(flowFor(transport, pkts[0]), [{ dir: 1, bytes: b.subarray(0, n) }]);
    }
    for (let k = 0; k < b.length; k += Math.max(1, b.length >> 5)) {
      const c = b.slice();
      c[k] ^= 0xff;
      check(flowFor(transport, pkts[0]), [{ dir: 0, bytes: c }]);
    }
  }
  for (let s = 1; s <= 64; s++) {
    const seq = [0, 1, 2, 3, 4, 5].map((i) => ({ dir: (i & 1) as Dir, bytes: randomBytes(1 + ((s * 37 + i * 11) % 600), s * 7 + i) }));
    check(flowFor(transport, pkts[0]), seq);
  }
  // a whole exchange delivered one byte per packet (TCP) or cut to 1..n bytes (UDP)
  const cli = clientOf(transport, pkts[0]);
  const slow: { dir: Dir; bytes: Uint8Array }[] = [];
  pkts.forEach((p, i) => {
    const dir = (p.from === cli ? 0 : 1) as Dir;
    const b = all[i];
    if (transport === 6) for (let k = 0; k < b.length && slow.length < 4000; k++) slow.push({ dir, bytes: b.subarray(k, k + 1) });
    else slow.push({ dir, bytes: b.subarray(0, Math.max(1, b.length >> 1)) });
  });
  check(flowFor(transport, pkts[0]), slow);
  return calls;
}
