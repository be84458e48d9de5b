/**
 * Test driver for single dissectors (long-tail protocols): feeds payloads to one dissector
 * the way the classifier does (TCP: the direction's growing reassembled stream from byte 0;
 * UDP: one datagram) and stops on No/Yes, or keeps calling after YesMore.
 */
import { Verdict, type Dissector } from '../../lib/classify/dissector.js';
import { driveBytes } from './dissector-harness.js';
import { Flow, type Dir } from '../../lib/flow/flow.js';
import { randomBytes } from '../helpers/random.js';

export interface Pkt {
  dir: Dir;
  /** Payload as hex (spaces allowed). */
  hex: string;
}

export interface FeedResult {
  verdict: Verdict;
  flow: Flow;
  /** Dissector calls made. */
  calls: number;
}

export function bytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
}

/** IPv4 dotted quad → the integer form kept in Flow.cli/srv word 0. */
export function ip4(s: string): number {
  const p = s.split('.').map(Number);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

export function makeFlow(transport: 6 | 17, cliPort: number, srvPort: number, cli = '10.0.0.1', srv = '10.0.0.2'): Flow {
  const f = new Flow(1);
  f.proto = transport;
  f.cliPort = cliPort;
  f.srvPort = srvPort;
  f.cli[0] = ip4(cli);
  f.srv[0] = ip4(srv);
  return f;
}

/** Feeds the payloads as the classifier does (driveBytes: one loop for both test drivers). */
export function feed(d: Dissector, flow: Flow, pkts: readonly (Pkt | Uint8Array)[], dirs?: readonly Dir[]): FeedResult {
  const { verdict, calls } = driveBytes(
    d,
    flow,
    pkts.map((p, k) => (p instanceof Uint8Array ? { dir: dirs?.[k] ?? 0, bytes: p } : { dir: p.dir, bytes: bytes(p.hex) })),
  );
  return { verdict, flow, calls };
}

/** Deterministic pseudo-random bytes (xorshift32, odd seed), for garbage inputs. */
export function noise(n: number, seed: number): Uint8Array {
  return randomBytes(n, seed | 1);
}

/**
 * Robustness: every prefix of each sample, the samples with single bytes changed, and
 * random buffers, fed as one payload (and as a two-packet flow), on both transports the
 * dissector takes. Returns the number of dissector calls; throws only on a failure.
 */
export function robustness(d: Dissector, samples: readonly Uint8Array[], ports: [number, number] = [40000, 40001]): number {
  let calls = 0;
  const inputs: Uint8Array[] = [];
  for (const s of samples) {
    for (let n = 0; n <= s.length; n++) inputs.push(s.subarray(0, n));
    for (let i = 0; i < Math.min(s.length, 64); i++) {
      const m = s.slice();
      m[i] ^= 0xff;
      inputs.push(m);
    }
  }
  for (let k = 0; k < 200; k++) inputs.push(noise(1 + ((k * 37) % 300), k + 1));
  for (const t of d.transports) {
    for (const p of inputs) {
      for (const pkts of [[p], [p, p], [p, noise(40, p.length + 7)]]) {
        const r = feed(d, makeFlow(t as 6 | 17, ports[0], ports[1]), pkts, [0, 1, 0]);
        if (r.verdict < Verdict.No || r.verdict > Verdict.YesMore) throw new Error(`bad verdict ${r.verdict}`);
        calls += r.calls;
      }
    }
  }
  return calls;
}
