/**
 * Memory under load: `npm run memory -- [--scale F]`. Generates hostile captures on the fly
 * and streams them into the CLI's stdin (no giant files), measuring the CLI's peak RSS and
 * CPU time (VmHWM and getrusage, through dist/scripts/rss-probe.js):
 *   - flows:     5 million concurrent UDP flows (each packet a new one) under --max-flows;
 *   - tcp:       one TCP stream of 2 GB;
 *   - fragments: every packet the first fragment of a new IPv4 datagram;
 *   - http:      600,000 one-packet HTTP requests, 1 KB URLs and four 200-byte headers, each a
 *                new TCP flow, default limits (issue 18 row 1: V8 ran out of heap before the
 *                memory budget; scripts/gen-http-flood.ts);
 *   - flows-10M: the 5 million UDP flows with --max-flows 10000000 (the memory budget bounds them);
 * each at several sizes, so that RSS staying flat and CPU time per packet staying constant
 * show bounded memory and linear time. --scale shrinks every size (0.1 for a quick look).
 * Prints a Markdown table (docs/ROBUSTNESS.md keeps the figures).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpFloodGen } from './gen-http-flood.js';
import { streamFrames } from './support/frame-stream.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli/flowcheck.js');
const PROBE = path.join(ROOT, 'dist/scripts/rss-probe.js');

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const SCALE = arg('scale', 1);
const MAX_FLOWS = arg('max-flows', 100_000);

const be16 = (b: Buffer, p: number, v: number) => b.writeUInt16BE(v & 0xffff, p);
const be32 = (b: Buffer, p: number, v: number) => b.writeUInt32BE(v >>> 0, p);

/** IPv4 header checksum is never verified by flowcheck: left 0. */
function ipv4(b: Buffer, p: number, totalLen: number, proto: number, src: number, dst: number, id: number, frag: number): void {
  b[p] = 0x45;
  b[p + 1] = 0;
  be16(b, p + 2, totalLen);
  be16(b, p + 4, id);
  be16(b, p + 6, frag);
  b[p + 8] = 64;
  b[p + 9] = proto;
  be16(b, p + 10, 0);
  be32(b, p + 12, src);
  be32(b, p + 16, dst);
}

/** A pcap stream: header, then records written by `fill` into a reused batch buffer. */
interface Gen {
  name: string;
  packets: number;
  /** Frame length (all frames of a scenario have one length). */
  frameLen: number;
  /** Writes frame i at b[p..p+frameLen). */
  frame(b: Buffer, p: number, i: number): void;
  args: string[];
}


function ethernet(b: Buffer, p: number): void {
  b.fill(0x02, p, p + 12);
  be16(b, p + 12, 0x0800);
}

const T0 = 1_700_000_000;

function httpGen(n: number): Gen {
  return { name: 'http', ...httpFloodGen(n), args: [] };
}

function flowsGen(n: number, maxFlows = MAX_FLOWS, name = 'flows'): Gen {
  // each packet a new flow: source address and port from i; 5M flows in 50 s of packet time
  const frameLen = 14 + 20 + 8 + 16;
  return {
    name,
    packets: n,
    frameLen,
    frame(b, p, i) {
      ethernet(b, p);
      ipv4(b, p + 14, 20 + 8 + 16, 17, 0x0a000000 + (i >>> 8), 0xc0a80001, i, 0);
      be16(b, p + 34, 1024 + (i & 0xff));
      be16(b, p + 36, 40000);
      be16(b, p + 38, 8 + 16);
      b.fill(0xa5, p + 42, p + frameLen);
    },
    args: ['--max-flows', String(maxFlows)],
  };
}

function tcpGen(bytes: number): Gen {
  const mss = 1460;
  const frameLen = 14 + 20 + 20 + mss;
  const n = Math.ceil(bytes / mss) + 3;
  return {
    name: 'tcp',
    packets: n,
    frameLen,
    frame(b, p, i) {
      ethernet(b, p);
      const c2s = i !== 1;
      ipv4(b, p + 14, 20 + 20 + mss, 6, c2s ? 0x0a000001 : 0x0a000002, c2s ? 0x0a000002 : 0x0a000001, i, 0x4000);
      const t = p + 34;
      be16(b, t, c2s ? 50000 : 443);
      be16(b, t + 2, c2s ? 443 : 50000);
      // SYN, SYN/ACK, ACK, then data (the SYNs carry filler bytes too: same frame length)
      const seq = i < 3 ? (i === 1 ? 5000 : 1000 + (i === 2 ? 1 : 0)) : 1001 + (i - 3) * mss;
      be32(b, t + 4, seq);
      be32(b, t + 8, i === 0 ? 0 : c2s ? 5001 : 1001);
      b[t + 12] = 0x50;
      b[t + 13] = i === 0 ? 0x02 : i === 1 ? 0x12 : i === 2 ? 0x10 : 0x18;
      be16(b, t + 14, 65535);
      be16(b, t + 16, 0);
      be16(b, t + 18, 0);
      if (i < 3) be16(b, p + 16, 40); // handshake packets: no payload (IP total length 40)
      else b.fill(0x41 + (i & 15), t + 20, p + frameLen);
    },
    args: [],
  };
}

function fragmentsGen(n: number): Gen {
  const frameLen = 14 + 20 + 8 + 64;
  return {
    name: 'fragments',
    packets: n,
    frameLen,
    frame(b, p, i) {
      ethernet(b, p);
      // the first fragment (MF set) of a datagram that never completes; ids and sources vary
      ipv4(b, p + 14, 20 + 8 + 64, 17, 0x0a000000 + (i >>> 16), 0xc0a80001, i & 0xffff, 0x2000);
      be16(b, p + 34, 1000);
      be16(b, p + 36, 2000);
      be16(b, p + 38, 8 + 200);
      b.fill(0x5a, p + 42, p + frameLen);
    },
    args: [],
  };
}

interface Figure {
  name: string;
  packets: number;
  inputBytes: number;
  maxRssMiB: number;
  cpuS: number;
  wallS: number;
  nsPerPacket: number;
  exit: number | null;
  note: string;
}

async function measure(g: Gen): Promise<Figure> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-mem-'));
  const rssFile = path.join(tmp, 'rss.json');
  const t0 = process.hrtime.bigint();
  const args = ['--import', PROBE, CLI, '-', '--format', 'json', '--flows', 'none', '--no-config', ...g.args];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, FLOWCHECK_RSS_FILE: rssFile } });
  // the report is counted, not kept (a run with millions of alerts writes more than a string holds)
  let reportBytes = 0;
  let err = '';
  child.stdout.on('data', (d: Buffer) => (reportBytes += d.length));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  let broken: Error | null = null;
  // the CLI may stop reading (the memory budget stopped it): a write waiting for 'drain' then ends with the pipe
  let unblock: (() => void) | null = null;
  child.stdin.on('error', (e) => {
    broken = e;
    unblock?.();
  });
  child.stdin.on('close', () => unblock?.());
  const write = (b: Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (broken || child.stdin.destroyed || child.stdin.write(b)) resolve();
      else {
        unblock = resolve;
        child.stdin.once('drain', resolve);
      }
    });
  const inputBytes = await streamFrames(g, write, T0, 100_000, () => broken !== null || child.stdin.destroyed);
  child.stdin.end();
  const exit = await closed;
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  let probe = { maxRSS: 0, cpuUs: 0 };
  try {
    probe = JSON.parse(readFileSync(rssFile, 'utf8'));
  } catch {
    // reported as 0
  }
  rmSync(tmp, { recursive: true, force: true });
  // what the run reported, from its warnings on stderr (`flowcheck: warning: …`) and its error line
  const warnings = err
    .split('\n')
    .filter((l) => l.startsWith('flowcheck: '))
    .map((l) => l.replace(/^flowcheck: (warning: )?/, ''));
  const notes = [...new Set(warnings)].map((w) =>
    w
      .replace(/^limit ([a-z-]+): (\d+).*/, '$1 $2')
      .replace(/^flow table full.*: (\d+) flows.*/, 'evicted $1')
      .replace(/^memory budget exhausted (\(V8's heap[^)]*\)|\([^)]*\)).*stopped after packet (\d+).*/, (_m, why: string, n: string) => `stopped after packet ${n}: ${why.includes('V8') ? "V8's heap" : 'budget'}`),
  );
  const note = [...notes, `report ${(reportBytes / 2 ** 20).toFixed(0)} MiB`].join('; ');
  return {
    name: g.name,
    packets: g.packets,
    inputBytes,
    maxRssMiB: probe.maxRSS / 1024,
    cpuS: probe.cpuUs / 1e6,
    wallS,
    nsPerPacket: (probe.cpuUs * 1000) / g.packets,
    exit,
    note,
  };
}

const plan: Gen[] = [];
for (const f of [0.25, 0.5, 1]) plan.push(flowsGen(Math.round(5_000_000 * f * SCALE)));
for (const f of [0.25, 1]) plan.push(tcpGen(Math.round(2 * 1024 ** 3 * f * SCALE)));
for (const f of [0.25, 1]) plan.push(fragmentsGen(Math.round(4_000_000 * f * SCALE)));
plan.push(httpGen(Math.round(600_000 * SCALE)));
plan.push(flowsGen(Math.round(5_000_000 * SCALE), 10_000_000, 'flows-10M'));

const only = process.argv.indexOf('--only') >= 0 ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
process.stdout.write(`machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}\n\n`);
process.stdout.write('| scenario | packets | input | peak RSS | CPU time | wall time | CPU ns/packet | exit | reported |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n');
for (const g of plan) {
  if (only && g.name !== only) continue;
  const f = await measure(g);
  process.stdout.write(
    `| ${f.name} | ${f.packets.toLocaleString('en-US')} | ${(f.inputBytes / 2 ** 20).toFixed(0)} MiB | ${f.maxRssMiB.toFixed(0)} MiB | ${f.cpuS.toFixed(1)} s | ${f.wallS.toFixed(0)} s | ${f.nsPerPacket.toFixed(0)} | ${f.exit} | ${f.note} |\n`,
  );
}
