import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { CaptureError } from '../../lib/capture/types.js';
import { firstPacketTime, listCaptureInputs, readCapture } from '../../lib/capture/reader.js';
import { pcapFile, pcapngFile, type WriteRecord } from '../../lib/capture/writer.js';
import { bytes, readAll, tmpDir, tmpFile } from './util.js';

function records(n: number, sec0: number): WriteRecord[] {
  const out: WriteRecord[] = [];
  for (let i = 0; i < n; i++) out.push({ sec: sec0 + i, usec: i, data: bytes(20 + ((i * 13) % 200), i) });
  return out;
}

/** Pseudo-random bytes (gzip cannot shrink them much, so a cut gzip still holds records). */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

test('gzip: both formats read through, same records and facts as plain (fileBytes decompressed)', async () => {
  const pcap = pcapFile(records(300, 100), { linktype: 1 });
  const ng = pcapngFile({ bigEndian: true, interfaces: [{ linktype: 113, tsresol: 9 }], blocks: records(300, 100).map((r) => ({ kind: 'epb' as const, ...r })) });
  for (const plain of [pcap, ng]) {
    const a = await readAll(tmpFile(plain));
    for (const chunkSize of [undefined, 64]) {
      const z = await readAll(tmpFile(gzipSync(plain), 'capture.txt'), { chunkSize });
      assert.equal(z.facts.gzip, true);
      assert.equal(z.facts.fileBytes, plain.length);
      assert.deepEqual({ ...z.facts, gzip: false, file: '' }, { ...a.facts, file: '' });
      const strip = (rs: typeof a.recs) => rs.map(({ offset: _o, ...r }) => r); // offset is within the chunk
      assert.deepEqual(strip(z.recs), strip(a.recs));
    }
  }
  // Concatenated gzip members read as one stream.
  const half = pcap.length >> 1;
  const multi = await readAll(tmpFile(Buffer.concat([gzipSync(pcap.subarray(0, half)), gzipSync(pcap.subarray(half))])));
  assert.equal(multi.recs.length, 300);
});

test('corrupt or truncated gzip: warning when records were read, CaptureError otherwise', async () => {
  const recs: WriteRecord[] = [];
  for (let i = 0; i < 400; i++) recs.push({ sec: i, data: noise(500, i) });
  const z = gzipSync(pcapFile(recs, { linktype: 1 }));
  const cut = tmpFile(z.subarray(0, z.length >> 1), 'cut.gz');
  const r = await readAll(cut);
  assert.ok(r.recs.length > 10 && r.recs.length < 400, `read ${r.recs.length} records`);
  assert.equal(r.facts.records, r.recs.length);
  assert.equal(r.facts.warnings.length, 1);
  assert.match(r.facts.warnings[0], /cut\.gz: gzip data corrupt or truncated/);
  for (let i = 0; i < r.recs.length; i++) assert.deepEqual(r.recs[i].data, recs[i].data);

  await assert.rejects(readCapture(tmpFile(z.subarray(0, 12)), { onRecord() {} }), (e: unknown) => e instanceof CaptureError && /gzip/.test(e.reason));
  const garbage = Buffer.from(z);
  garbage.fill(0x55, 10, 60);
  await assert.rejects(readCapture(tmpFile(garbage), { onRecord() {} }), (e: unknown) => e instanceof CaptureError && /corrupt gzip/.test(e.reason));
  // Well-formed gzip of something that is not a capture.
  await assert.rejects(
    readCapture(tmpFile(gzipSync(Buffer.from('hello world'))), { onRecord() {} }),
    (e: unknown) => e instanceof CaptureError && e.offset === 0 && /not a pcap or pcapng file inside gzip \(magic 0x68656c6c\)/.test(e.reason),
  );
});

test("'-' reads stdin (plain and gzip)", () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const reader = path.resolve(here, '../../lib/capture/reader.js');
  const script = `
    import { readCapture } from ${JSON.stringify(reader)};
    let n = 0, sum = 0;
    const f = await readCapture('-', { onRecord(d, o, c, w, s) { n++; sum += s + c; } });
    console.log(JSON.stringify({ n, sum, format: f.format, gzip: f.gzip }));`;
  const pcap = pcapFile(records(50, 10), { linktype: 1 });
  const want = records(50, 10).reduce((s, r) => s + r.sec + r.data.length, 0);
  for (const [input, gzip] of [[pcap, false], [gzipSync(pcap), true]] as const) {
    const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { input });
    assert.equal(res.status, 0, res.stderr.toString());
    assert.deepEqual(JSON.parse(res.stdout.toString()), { n: 50, sum: want, format: 'pcap', gzip });
  }
});

test('missing file, directory: CaptureError', async () => {
  const missing = path.join(tmpDir(), 'no-such-file');
  await assert.rejects(readCapture(missing, { onRecord() {} }), (e: unknown) => e instanceof CaptureError && e.file === missing && /cannot open/.test(e.reason));
  await assert.rejects(readCapture(tmpDir(), { onRecord() {} }), (e: unknown) => e instanceof CaptureError && /directory/.test(e.reason));
});

test('onProgress reports consumed/total; an abort signal stops reading', async () => {
  const plain = pcapFile(records(2000, 1), { linktype: 1 });
  const f = tmpFile(plain);
  const calls: [number, number][] = [];
  await readCapture(f, { onRecord() {} }, { chunkSize: 4096, onProgress: (c, t) => calls.push([c, t]) });
  assert.ok(calls.length > 10);
  assert.ok(calls.every(([, t]) => t === plain.length));
  assert.ok(calls.every(([c], i) => i === 0 || c >= calls[i - 1][0]));
  assert.equal(calls[calls.length - 1][0], plain.length);

  const ac = new AbortController();
  let n = 0;
  await assert.rejects(
    readCapture(f, { onRecord: () => void (++n === 100 && ac.abort(new Error('enough'))) }, { chunkSize: 4096, signal: ac.signal }),
    /enough/,
  );
  assert.ok(n >= 100 && n < 2000);
});

test('firstPacketTime: pcap, pcapng, gzip; null without records or for non-captures', async () => {
  assert.deepEqual(await firstPacketTime(tmpFile(pcapFile(records(5, 1234), { linktype: 1 }))), { sec: 1234, nsec: 0 });
  const ng = pcapngFile({ interfaces: [{ linktype: 1, tsresol: 9 }], blocks: [{ kind: 'epb', sec: 99, nsec: 42, data: bytes(4, 1) }] });
  assert.deepEqual(await firstPacketTime(tmpFile(ng)), { sec: 99, nsec: 42 });
  assert.deepEqual(await firstPacketTime(tmpFile(gzipSync(ng))), { sec: 99, nsec: 42 });
  assert.equal(await firstPacketTime(tmpFile(pcapFile([], { linktype: 1 }))), null);
  assert.equal(await firstPacketTime(tmpFile(Buffer.from('not a capture'))), null);
});

test('listCaptureInputs: directories by content, ordered by first record time then name', async () => {
  const root = path.join(tmpDir(), 'inputs');
  mkdirSync(path.join(root, 'sub', 'deeper'), { recursive: true });
  const put = (rel: string, b: Uint8Array) => {
    writeFileSync(path.join(root, rel), b);
    return path.join(root, rel);
  };
  const at = (sec: number) => pcapFile([{ sec, data: bytes(10, sec) }], { linktype: 1 });
  const c300 = put('a-late.pcap', at(300));
  const c100 = put('notes.txt', at(100)); // a capture, whatever its name
  const ng200 = put('sub/z.bin', pcapngFile({ interfaces: [{ linktype: 1 }], blocks: [{ kind: 'epb', sec: 200, data: bytes(4, 1) }] }));
  const gz150 = put('sub/deeper/x.gz', gzipSync(at(150)));
  const tie1 = put('sub/b-same.pcap', at(200));
  const empty = put('empty-capture.pcap', pcapFile([], { linktype: 1 }));
  put('readme.pcap', Buffer.from('this is not a capture')); // skipped: not a capture
  put('log.gz', gzipSync(Buffer.from('plain log text'))); // skipped: gzip without a capture
  put('tiny', Buffer.from('ab'));

  const skipped: string[] = [];
  const got = await listCaptureInputs([root], skipped);
  assert.deepEqual(got, [c100, gz150, tie1, ng200, c300, empty]);
  assert.deepEqual(skipped, ['log.gz', 'readme.pcap', 'tiny'].map((n) => path.join(root, n)), 'what was not a capture, for the caller to say');

  // Explicit files keep their order and pass even when not captures; '-' passes through.
  const notCap = path.join(root, 'readme.pcap');
  const missing = path.join(root, 'missing.pcap');
  assert.deepEqual(await listCaptureInputs([c300, '-', notCap, c100, missing]), [c300, '-', notCap, c100, missing]);
  assert.deepEqual(await listCaptureInputs([c300, path.join(root, 'sub')]), [c300, gz150, tie1, ng200]);
});
