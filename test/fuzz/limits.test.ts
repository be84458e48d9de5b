/**
 * Every resource limit (lib/limits.ts) is configurable and reported when hit: a count in
 * the result's `limits` and a warning line. Inputs are generated here, small.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze, type AnalysisResult } from '../../lib/analyze.js';
import { CaptureError } from '../../lib/capture/types.js';
import { pcapFile, type WriteRecord } from '../../lib/capture/writer.js';
import type { Limits } from '../../lib/limits.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';
import { eth, ipv4, tcp, udp, type Bytes } from '../decode/build.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-limits-'));
let n = 0;

function capture(frames: Bytes[]): string {
  const recs: WriteRecord[] = frames.map((f, i) => ({ sec: 1_700_000_000 + (i >> 4), usec: i, data: Uint8Array.from(f) }));
  const file = path.join(dir, `c${n++}.pcap`);
  writeFileSync(file, pcapFile(recs, { linktype: 1 }));
  return file;
}

function run(file: string, limits: Partial<Limits>, extra: Parameters<typeof analyze>[0] = { inputs: [] }): Promise<AnalysisResult> {
  return analyze({ ...extra, inputs: [file], limits });
}

/** Bytes no dissector claims: the flow stays unclassified and its stream keeps growing. */
function noise(len: number, salt: number): Bytes {
  const b: Bytes = [];
  let x = 0x9e3779b9 ^ salt;
  for (let i = 0; i < len; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b.push((x >>> 24) | 0x80);
  }
  return b;
}

function tcpFlow(sport: number, segments: { seq: number; len: number }[]): Bytes[] {
  const v4 = (p: Bytes) => eth(0x0800, ipv4({ proto: 6, src: '10.0.0.1', dst: '10.0.0.2' }, p));
  const out: Bytes[] = [v4(tcp({ sport, dport: 40001, seq: 999, flags: 0x02 }))];
  for (const s of segments) out.push(v4(tcp({ sport, dport: 40001, seq: 1000 + s.seq, flags: 0x18 }, noise(s.len, s.seq + sport))));
  return out;
}

function assertReported(r: AnalysisResult, name: string): void {
  assert.ok((r.limits[name] ?? 0) > 0, `${name} counted: ${JSON.stringify(r.limits)}`);
  assert.ok(r.warnings.some((w) => w.startsWith(`limit ${name}: `)), `${name} warned: ${JSON.stringify(r.warnings)}`);
}

test('defaults: the bundled sample hits no limit', async () => {
  const r = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')] });
  assert.deepEqual(r.limits, {});
  assert.ok(!r.warnings.some((w) => w.startsWith('limit ')));
});

test('frame size: a longer record is an error naming file, offset and the limit', async () => {
  const file = capture([eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, noise(600, 1))))]);
  await assert.rejects(run(file, { maxFrame: 512 }), (e: unknown) => e instanceof CaptureError && e.file === file && e.offset === 24 && /exceeds the 512-byte limit/.test(e.message));
  const ok = await run(file, { maxFrame: 1024 });
  assert.equal(ok.stats.packets, 1);
});

test('TCP bytes per direction kept for the dissectors', async () => {
  const segs = Array.from({ length: 8 }, (_, i) => ({ seq: i * 400, len: 400 }));
  const file = capture(tcpFlow(30000, segs));
  assertReported(await run(file, { tcpStreamBytes: 1000 }), 'tcp-stream-bytes');
  assert.equal((await run(file, { tcpStreamBytes: 8000 })).limits['tcp-stream-bytes'], undefined);
});

test('TCP out-of-order segments waiting for a hole', async () => {
  // byte 0..100 never arrives: 20 segments after the hole wait, 16 at most
  const segs = Array.from({ length: 20 }, (_, i) => ({ seq: 100 + i * 100, len: 100 }));
  assertReported(await run(capture(tcpFlow(30001, segs)), {}), 'tcp-out-of-order-segments');
});

test('TCP bytes held by all flows together', async () => {
  const frames: Bytes[] = [];
  for (let f = 0; f < 6; f++) frames.push(...tcpFlow(31000 + f, [{ seq: 0, len: 600 }]));
  const file = capture(frames);
  assertReported(await run(file, { tcpTotalBytes: 2048 }), 'tcp-total-bytes');
  assert.equal((await run(file, {})).limits['tcp-total-bytes'], undefined);
});

test('flows in the table', async () => {
  const frames: Bytes[] = [];
  for (let f = 0; f < 10; f++) frames.push(eth(0x0800, ipv4({ proto: 17, src: `10.1.0.${f + 1}` }, udp(5000 + f, 6000, noise(20, f)))));
  const r = await run(capture(frames), { maxFlows: 4 });
  assert.equal(r.limits['max-flows'], 6);
  assert.ok(r.warnings.some((w) => /flow table full \(--max-flows\): 6 flows/.test(w)));
});

function fragments(count: number): Bytes[] {
  // first fragments of distinct datagrams that never complete
  return Array.from({ length: count }, (_, i) => eth(0x0800, ipv4({ proto: 17, id: i + 1, more: true }, udp(1, 2, noise(64, i)))));
}

test('fragment reassembly: datagrams held, bytes held', async () => {
  assertReported(await run(capture(fragments(20)), { fragMaxDatagrams: 4 }), 'fragment-datagrams-or-bytes');
  assertReported(await run(capture(fragments(20)), { fragMaxBytes: 300 }), 'fragment-datagrams-or-bytes');
});

test('fragment reassembly: timeout', async () => {
  // 40 datagrams over 2.5 s of packet time, 1 s timeout
  const frames = fragments(40);
  const recs: WriteRecord[] = frames.map((f, i) => ({ sec: 1_700_000_000 + Math.floor(i / 16), data: Uint8Array.from(f) }));
  const file = path.join(dir, `frag-timeout.pcap`);
  writeFileSync(file, pcapFile(recs, { linktype: 1 }));
  assertReported(await run(file, { fragTimeoutSec: 1 }), 'fragment-timeout');
});

test('TLS handshake and QUIC CRYPTO sizes (the sample has TLS and QUIC)', async () => {
  const file = path.join(SAMPLES_DIR, 'mixed.pcap');
  const r = await run(file, { tlsHandshakeBytes: 100, quicCryptoBytes: 100 });
  assertReported(r, 'tls-handshake-bytes');
  assertReported(r, 'quic-crypto-bytes');
  // a tiny limit stops metadata, not the run: flows are all there
  const full = await run(file, {});
  assert.equal(r.flows.length, full.flows.length);
});

test('Lua instruction budget, memory and time', async () => {
  const loop = path.join(dir, 'loop.lua');
  writeFileSync(loop, 'while true do end\n');
  const hog = path.join(dir, 'hog.lua');
  writeFileSync(hog, 'local t = {}\nfor i = 1, 1e8 do t[i] = string.rep("x", 64) .. i end\n');
  const file = capture([eth(0x0800, ipv4({ proto: 17 }, udp(1, 2, noise(20, 3))))]);
  const quiet = { stderr: () => {} };
  const r1 = await analyze({ inputs: [file], checks: [{ file: loop, hook: 'end' }], checkOptions: quiet, limits: { luaInstructions: 100_000 } });
  assertReported(r1, 'lua-instructions');
  // (filling 4 MiB may take more than the default time limit on a loaded machine)
  const r2 = await analyze({ inputs: [file], checks: [{ file: hog, hook: 'end' }], checkOptions: { ...quiet, timeLimit: 3_600_000 }, limits: { luaMemoryBytes: 4 * 1024 * 1024, luaInstructions: 1e9 } });
  assertReported(r2, 'lua-memory');
  assert.equal(r2.flows.length, 1);
  const reps = path.join(dir, 'reps.lua');
  writeFileSync(reps, 'while true do local s = string.rep("x", 8e6) end\n');
  const r3 = await analyze({ inputs: [file], checks: [{ file: reps, hook: 'end' }], checkOptions: { ...quiet, timeLimit: 20 } });
  assertReported(r3, 'lua-time');
  assert.equal(r3.flows.length, 1);
});

/** A DNS query for `name` (labels), optionally with a chain of `hops` compression pointers before it. */
function dnsQuery(labels: string[], hops = 0): Bytes {
  const msg: Bytes = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0];
  if (hops > 0) {
    // the real name sits at the end of the message; the question is a pointer chain to it
    const chainStart = 12;
    const qEnd = chainStart + 2 * hops + 4;
    for (let h = 0; h < hops; h++) {
      const target = h === hops - 1 ? qEnd : chainStart + 2 * (h + 1);
      msg.push(0xc0 | (target >> 8), target & 255);
    }
    msg[12] = msg[12]; // the question name is the first pointer
    msg.push(0, 1, 0, 1);
  }
  for (const l of labels) msg.push(l.length, ...Buffer.from(l, 'latin1'));
  msg.push(0);
  if (hops === 0) msg.push(0, 1, 0, 1);
  return eth(0x0800, ipv4({ proto: 17 }, udp(5353 + 1000, 53, msg)));
}

test('DNS name length and compression hops', async () => {
  const long = await run(capture([dnsQuery(['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(63), 'e'.repeat(10)])]), {});
  assertReported(long, 'dns-name-length');
  const short = await run(capture([dnsQuery(['www', 'example', 'com'])]), { dnsNameLength: 10 });
  assertReported(short, 'dns-name-length');
  const chain = await run(capture([dnsQuery(['www', 'example', 'com'], 20)]), {});
  assertReported(chain, 'dns-compression-hops');
  const fewer = await run(capture([dnsQuery(['www', 'example', 'com'], 3)]), { dnsCompressionHops: 2 });
  assertReported(fewer, 'dns-compression-hops');
  const ok = await run(capture([dnsQuery(['www', 'example', 'com'], 3)]), {});
  assert.deepEqual(ok.limits, {});
  assert.equal(ok.flows[0].host, 'www.example.com');
});

test('nothing lost: fragments still incomplete when the input ends are reported', async () => {
  const r = await run(capture(fragments(5)), {});
  assert.ok(r.warnings.includes('5 fragmented datagrams (5 records) still incomplete at the end of the input: not decoded'), JSON.stringify(r.warnings));
  assert.equal(r.stats.packets, 5);
});
