/**
 * The heap a live flow really costs, by kind: `npm run flow-cost -- [--flows N] [--kind
 * udp|tcp|http|tls]` (`node --expose-gc dist/scripts/flow-cost.js …` after a build). For each kind, a capture of N copies of one flow
 * (each copy from its own client address, all within a second of packet time, so none idles
 * out) and one of N/4 copies run through `analyze()` as the CLI runs it (flows and alerts not
 * kept); when the first flow ends (capture end: every flow is still live) the heap is
 * collected and its used size read. The difference between the two runs over the difference
 * in flows is the cost per live flow; lib/flow/memory.ts's per-flow estimate for the same
 * flows is printed beside it (the estimate must not be below the measure). Rerun it when
 * the Flow object, the classifier's per-flow state or the TCP reassembly change.
 *
 * Kinds: `udp` a one-packet UDP flow (the 5 M-flow attack); `tcp` a handshake and 300 bytes
 * of unknown payload each way, not classified, so the TCP state and both reassembly streams
 * are held; `http` one packet, a GET with a 1 KB URL and four 200-byte headers (the 600 k
 * flood); `tls` the first 12 packets of the corpus's 443-curl.pcap (TLS 1.2 handshake with
 * its certificate; FLOWCHECK_CORPUS, default ../shared/corpus).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../lib/analyze.js';
import { readCapture } from '../lib/capture/reader.js';
import { PcapWriter } from '../lib/capture/writer.js';
import type { Flow } from '../lib/flow/flow.js';
import { ALERT_COST, flowCost } from '../lib/flow/memory.js';
import { DEFAULT_NAMES } from '../lib/classify/custom-protocols.js';
import { keepAlerts, type KeptAlert } from '../lib/report/kept-alerts.js';
import { httpFloodGen } from './gen-http-flood.js';
import { Path, tcpConversation } from './support/packets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.resolve(ROOT, process.env.FLOWCHECK_CORPUS ?? '../shared/corpus');

const gc = (globalThis as { gc?: () => void }).gc;

/** One flow's frames (Ethernet, IPv4, no VLAN) and its client address. */
interface Template {
  frames: Buffer[];
  client: number;
}

const CLIENT = 0x0a000001;
const ipWord = (s: string) => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);

function udpTemplate(): Template {
  const p = new Path({ cli: '10.0.0.1', srv: '192.168.0.1', cport: 40000, sport: 50000 });
  return { frames: [Buffer.from(p.udp(true, new Uint8Array(16).fill(0xa5)))], client: CLIENT };
}

function tcpTemplate(): Template {
  const p = new Path({ cli: '10.0.0.1', srv: '192.168.0.1', cport: 40000, sport: 50001 });
  const data = (seed: number) => Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + seed * 17 + 7) & 0xff);
  const c = tcpConversation(p, { startUs: 0, turns: [{ from: 'cli', data: data(1) }, { from: 'srv', data: data(2) }], close: 'none' });
  return { frames: c.frames.map((f) => Buffer.from(f.data)), client: CLIENT };
}

function httpTemplate(): Template {
  const g = httpFloodGen(1);
  const b = Buffer.alloc(g.frameLen);
  g.frame(b, 0, 0);
  return { frames: [b], client: b.readUInt32BE(26) };
}

async function tlsTemplate(): Promise<Template | null> {
  const file = path.join(CORPUS, '443-curl.pcap');
  if (!existsSync(file)) return null;
  const frames: Buffer[] = [];
  await readCapture(file, {
    onRecord(data, offset, caplen) {
      if (frames.length < 12) frames.push(Buffer.from(data.subarray(offset, offset + caplen)));
    },
  });
  return { frames, client: ipWord('192.168.1.13') };
}

/** N copies of the template, copy i from client address 10.128.0.0 + i, 20 µs apart. */
function capture(t: Template, n: number): Buffer {
  const pw = new PcapWriter({ linktype: 1 });
  const parts: Buffer[] = [Buffer.from(pw.header())];
  for (let i = 0; i < n; i++) {
    const addr = (0x0a800000 + i) >>> 0;
    for (let k = 0; k < t.frames.length; k++) {
      const f = Buffer.from(t.frames[k]);
      if (f.readUInt32BE(26) === t.client) f.writeUInt32BE(addr, 26);
      if (f.readUInt32BE(30) === t.client) f.writeUInt32BE(addr, 30);
      const us = i * 20 + k;
      const rec = Buffer.alloc(16 + f.length);
      pw.writeRecord(rec, 0, 1_700_000_000 + Math.floor(us / 1e6), us % 1e6, f);
      parts.push(rec);
    }
  }
  return Buffer.concat(parts);
}

interface Point {
  /** JS heap used. */
  heap: number;
  /** Memory outside the JS heap (array buffers: the TCP reassembly buffers). */
  ext: number;
  /** lib/flow/memory.ts's estimate for the first flow that ends (without its reassembly buffers, counted apart). */
  estimate: number;
}

/** Used heap (after a full collection) and the estimate's per-flow sum when the first flow ends. */
async function heapWithLiveFlows(file: string): Promise<Point> {
  let point: Point | null = null;
  await analyze({
    inputs: [file],
    keepFlows: false,
    keepAlerts: false,
    onFlow(flow: Flow) {
      if (point !== null) return;
      gc!();
      gc!();
      const m = process.memoryUsage();
      point = { heap: m.heapUsed, ext: m.external, estimate: flowCost(flow) };
    },
  });
  if (point === null) throw new Error('no flow');
  return point;
}

/**
 * Used heap (after a full collection) once the run is over, holding what the CLI keeps of
 * each alerted flow for the report (cli/commands/analyze.ts: a KeptAlert per alert, with one
 * KeptFlowRef per flow, lib/report/kept-alerts.ts); and the alerts' message bytes.
 */
async function heapWithReportEntries(file: string): Promise<{ heap: number; alerts: number; messages: number }> {
  const kept: KeptAlert[] = [];
  let messages = 0;
  await analyze({
    inputs: [file],
    keepFlows: false,
    keepAlerts: false,
    onFlow(f: Flow) {
      if (f.alerts.length === 0) return;
      keepAlerts(f, DEFAULT_NAMES, kept);
      for (const a of f.alerts) messages += a.message.length;
    },
  });
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, alerts: kept.length, messages };
}

async function main(): Promise<void> {
  if (gc === undefined) {
    process.stderr.write('flow-cost: run with node --expose-gc\n');
    process.exit(2);
  }
  const argv = process.argv;
  const flowsArg = argv.indexOf('--flows');
  const n = flowsArg >= 0 ? Number(argv[flowsArg + 1]) : 40_000;
  const kindArg = argv.indexOf('--kind');
  const kinds = kindArg >= 0 ? [argv[kindArg + 1]] : ['udp', 'tcp', 'http', 'tls'];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-flowcost-'));
  process.stdout.write(`node ${process.version}, ${n.toLocaleString('en-US')} flows against ${(n / 4).toLocaleString('en-US')}\n\n`);
  process.stdout.write('| kind | packets/flow | JS heap per live flow (measured) | estimate (lib/flow/memory.ts flowCost) | buffers outside the heap per flow (measured; the estimate counts the TCP streams\' bytes apart) |\n|---|---:|---:|---:|---:|\n');
  try {
    for (const kind of kinds) {
      const t = kind === 'udp' ? udpTemplate() : kind === 'tcp' ? tcpTemplate() : kind === 'http' ? httpTemplate() : kind === 'tls' ? await tlsTemplate() : null;
      if (t === null) {
        process.stdout.write(`| ${kind} | — | (no template: ${kind === 'tls' ? 'corpus not found' : 'unknown kind'}) | |\n`);
        continue;
      }
      const small = path.join(tmp, `${kind}-small.pcap`);
      const big = path.join(tmp, `${kind}-big.pcap`);
      writeFileSync(small, capture(t, n / 4));
      writeFileSync(big, capture(t, n));
      // a first run warms the code up (compiled code and caches are not per-flow cost)
      await heapWithLiveFlows(small);
      const a = await heapWithLiveFlows(small);
      const b = await heapWithLiveFlows(big);
      const per = (b.heap - a.heap) / (n - n / 4);
      const ext = (b.ext - a.ext) / (n - n / 4);
      process.stdout.write(`| ${kind} | ${t.frames.length} | ${Math.round(per).toLocaleString('en-US')} B | ${b.estimate.toLocaleString('en-US')} B | ${Math.round(ext).toLocaleString('en-US')} B |\n`);
    }
    // what the report keeps of an alerted flow (one-packet UDP flows: each has one alert, Unidirectional Traffic)
    const t = udpTemplate();
    const small = path.join(tmp, 'alerts-small.pcap');
    const big = path.join(tmp, 'alerts-big.pcap');
    writeFileSync(small, capture(t, n / 4));
    writeFileSync(big, capture(t, n));
    await heapWithReportEntries(small);
    const a = await heapWithReportEntries(small);
    const b = await heapWithReportEntries(big);
    const per = (b.heap - a.heap) / (b.alerts - a.alerts);
    const msg = Math.round(b.messages / b.alerts);
    process.stdout.write(
      `| report entry of an alert (CLI) | 1 | ${Math.round(per).toLocaleString('en-US')} B (message of ${msg} characters included) | ${(ALERT_COST + msg).toLocaleString('en-US')} B | |\n`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
