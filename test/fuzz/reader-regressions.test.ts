/** Regression tests for reader bugs the fuzzer found (one per bug). */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readCapture } from '../../lib/capture/reader.js';
import { pcapFile } from '../../lib/capture/writer.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-fuzzreg-'));

async function times(bytes: Uint8Array): Promise<[number, number][]> {
  const f = path.join(dir, `t${Math.random().toString(36).slice(2)}.pcap`);
  writeFileSync(f, bytes);
  const out: [number, number][] = [];
  await readCapture(f, { onRecord: (_d, _o, _c, _w, sec, nsec) => void out.push([sec, nsec]) });
  return out;
}

test('pcap: a microsecond field of a second or more carries into the seconds (both byte orders)', async () => {
  for (const bigEndian of [false, true]) {
    // usec 537075712 = 537 s + 0.075712 s
    const bytes = pcapFile([{ sec: 44800, usec: 537075712, data: new Uint8Array(20) }], { linktype: 101, bigEndian });
    assert.deepEqual(await times(bytes), [[45337, 75712000]]);
  }
  const ns = pcapFile([{ sec: 10, nsec: 4_000_000_001, data: new Uint8Array(20) }], { linktype: 101, nanos: true });
  assert.deepEqual(await times(ns), [[14, 1]]);
});

test('pcapng: a section of endless interface blocks stops at 65536 interfaces (bounded memory), naming the offset', async () => {
  const { pcapngFile } = await import('../../lib/capture/writer.js');
  const { CaptureError } = await import('../../lib/capture/types.js');
  const n = 65537;
  const bytes = pcapngFile({ interfaces: Array.from({ length: n }, () => ({ linktype: 1 })), blocks: [] });
  const f = path.join(dir, 'idbs.pcapng');
  writeFileSync(f, bytes);
  // SHB 28 bytes, then 20-byte IDBs: the 65537th starts at 28 + 65536 * 20
  await assert.rejects(readCapture(f, { onRecord() {} }), (e: unknown) => e instanceof CaptureError && e.offset === 28 + 65536 * 20 && /more than 65536 interfaces/.test(e.message));
  const ok = pcapngFile({ interfaces: Array.from({ length: 65536 }, () => ({ linktype: 1 })), blocks: [{ kind: 'epb', iface: 65535, sec: 1, data: new Uint8Array(20) }] });
  writeFileSync(f, ok);
  let records = 0;
  await readCapture(f, { onRecord: () => void records++ });
  assert.equal(records, 1);
});
