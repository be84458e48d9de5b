// The benchmark generator writes a valid pcap whose packets and flows match what it reports.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { generateCapture, type GenParams } from '../../scripts/support/bench-gen.js';

function walk(file: string) {
  const b = readFileSync(file);
  assert.equal(b.readUInt32LE(0), 0xa1b2c3d4);
  assert.equal(b.readUInt32LE(20), 1, 'Ethernet');
  const flows = new Set<string>();
  let packets = 0;
  let wire = 0;
  let badCk = 0;
  let lastT = 0;
  for (let o = 24; o < b.length; ) {
    const t = b.readUInt32LE(o) * 1e6 + b.readUInt32LE(o + 4);
    assert.ok(t >= lastT, 'time order');
    lastT = t;
    const caplen = b.readUInt32LE(o + 8);
    assert.equal(b.readUInt32LE(o + 12), caplen);
    const f = o + 16;
    assert.equal(b.readUInt16BE(f + 12), 0x0800);
    const ip = f + 14;
    assert.equal(b.readUInt16BE(ip + 2), caplen - 14, 'IP total length');
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += b.readUInt16BE(ip + i);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    if (sum !== 0xffff) badCk++;
    const a = `${b.readUInt32BE(ip + 12)}:${b.readUInt16BE(ip + 20)}`;
    const z = `${b.readUInt32BE(ip + 16)}:${b.readUInt16BE(ip + 22)}`;
    flows.add(`${b[ip + 9]} ${a < z ? a + ' ' + z : z + ' ' + a}`);
    packets++;
    wire += caplen;
    o = f + caplen;
  }
  return { size: b.length, packets, wire, flows: flows.size, badCk };
}

for (const p of [
  { kind: 'many-flows', targetBytes: 400_000, concurrency: 300, seed: 7 },
  { kind: 'few-flows', targetBytes: 400_000, concurrency: 6, seed: 8 },
] as GenParams[]) {
  test(`${p.kind}: the file matches the generator's counts`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-bench-gen-'));
    try {
      const file = path.join(dir, 'x.pcap');
      const r = generateCapture(file, p);
      const w = walk(file);
      assert.equal(w.size, r.fileBytes);
      assert.ok(w.size >= p.targetBytes);
      assert.equal(w.packets, r.packets);
      assert.equal(w.wire, r.wireBytes);
      assert.equal(w.flows, r.flows, 'every flow has its own 5-tuple');
      assert.equal(w.badCk, 0, 'IPv4 header checksums');
      if (p.kind === 'many-flows') assert.ok(r.flows > 300, 'flows are replaced as they end');
      else assert.equal(r.flows, p.concurrency);
      // Deterministic: the same parameters give the same bytes.
      const again = path.join(dir, 'y.pcap');
      generateCapture(again, p);
      assert.ok(readFileSync(file).equals(readFileSync(again)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
