import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zc, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { analyze } from '../../lib/analyze.js';
import { CORPUS_DIR, SAMPLES_DIR } from '../helpers/corpus.js';
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
  assert.match(r.facts.warnings[0], new RegExp(`cut\\.gz: gzip data cut short at compressed offset ${z.length >> 1} \\(end of input\\), inside the deflate data of the member at compressed offset 0; stopped at decompressed offset \\d+; truncated record at offset \\d+`));
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

/** Plain captures to gzip: a sample (2.3 MB), and the corpus's netflix.pcap (the case) when the corpus is there. */
function gzipSeeds(): { name: string; plain: Buffer }[] {
  const out = [{ name: 'mixed.pcap', plain: readFileSync(path.join(SAMPLES_DIR, 'mixed.pcap')) }];
  const nf = path.join(CORPUS_DIR, 'netflix.pcap');
  if (existsSync(nf)) out.push({ name: 'netflix.pcap', plain: readFileSync(nf) });
  return out;
}

/** Stream offset after each record of a little-endian microsecond pcap. */
function recordEnds(plain: Buffer): number[] {
  const ends: number[] = [];
  for (let p = 24; p + 16 <= plain.length; ) {
    p += 16 + plain.readUInt32LE(p + 8);
    if (p > plain.length) break;
    ends.push(p);
  }
  return ends;
}

const hex8 = (n: number) => n.toString(16).padStart(8, '0');

test('gzip with a bad CRC, a bad length or trailing garbage: every record decompressed is read; the warning names the compressed offset of the bad part', async () => {
  for (const { name, plain } of gzipSeeds()) {
    const want = await readAll(tmpFile(plain));
    const z = gzipSync(plain);
    const check = async (bytes: Buffer, warning: string, what: string) => {
      const f = tmpFile(bytes, `${name}-${what}.gz`);
      for (const chunkSize of [undefined, 4096]) {
        const r = await readAll(f, { chunkSize });
        assert.equal(r.facts.records, want.facts.records, `${name} ${what}: records`);
        assert.equal(r.recs.length, want.recs.length);
        for (let i = 0; i < r.recs.length; i++) assert.ok(r.recs[i].data.equals(want.recs[i].data), `${name} ${what}: record ${i}`);
        assert.deepEqual(r.facts.warnings, [`${f}: ${warning}`]);
      }
    };
    const crc = z.readUInt32LE(z.length - 8);
    const crcBad = Buffer.from(z);
    crcBad.writeUInt32LE((crc ^ 0x00ff0000) >>> 0, z.length - 8);
    const crcWarning = `gzip member at compressed offset 0: CRC-32 in its trailer (compressed offset ${z.length - 8}) is 0x${hex8((crc ^ 0x00ff0000) >>> 0)}, the decompressed data's is 0x${hex8(crc)}; stopped at decompressed offset ${plain.length}; every record before it was read`;
    await check(crcBad, crcWarning, 'crc');
    // a bad CRC with garbage after it: the CRC is where the data went bad
    await check(Buffer.concat([crcBad, Buffer.from('garbage after the trailer')]), crcWarning, 'crc-garbage');
    const sizeBad = Buffer.from(z);
    sizeBad.writeUInt32LE(plain.length + 1, z.length - 4);
    await check(sizeBad, `gzip member at compressed offset 0: length in its trailer (compressed offset ${z.length - 4}) is ${plain.length + 1}, the decompressed data has ${plain.length} (mod 2^32); stopped at decompressed offset ${plain.length}; every record before it was read`, 'size');
    await check(Buffer.concat([z, Buffer.from('garbage!')]), `data after the last gzip member at compressed offset ${z.length} is not a gzip member (ignored)`, 'garbage');
    await check(Buffer.concat([z, Buffer.alloc(100), Buffer.from('x')]), `data that is not gzip after zero padding at compressed offset ${z.length + 100} (ignored)`, 'zeros-garbage');
    // zero padding alone is accepted silently, as gzip and Node do
    const padded = await readAll(tmpFile(Buffer.concat([z, Buffer.alloc(64)])));
    assert.deepEqual([padded.facts.records, padded.facts.warnings], [want.facts.records, []]);

    // two members, the first one's CRC bad: stop there, all of the first member read
    const ends = recordEnds(plain);
    const cut = ends[ends.length >> 1];
    const m1 = gzipSync(plain.subarray(0, cut));
    m1.writeUInt32LE((m1.readUInt32LE(m1.length - 8) ^ 1) >>> 0, m1.length - 8);
    const f = tmpFile(Buffer.concat([m1, gzipSync(plain.subarray(cut))]), `${name}-members.gz`);
    const r = await readAll(f);
    assert.equal(r.facts.records, (ends.length >> 1) + 1);
    assert.match(r.facts.warnings[0], new RegExp(`^${f}: gzip member at compressed offset 0: CRC-32 in its trailer \\(compressed offset ${m1.length - 8}\\) .*; stopped at decompressed offset ${cut}; every record before it was read$`));
  }
});

test('gzip cut short: every record that zlib can decompress is read; the warning names the end of input', async () => {
  for (const { name, plain } of gzipSeeds()) {
    const z = gzipSync(plain);
    const ends = recordEnds(plain);
    for (const at of [Math.floor(z.length * 0.3), Math.floor(z.length * 0.77), z.length - 5]) {
      const part = z.subarray(0, at);
      const decodable = gunzipSync(part, { finishFlush: zc.Z_SYNC_FLUSH }).length;
      const f = tmpFile(part, `${name}-cut${at}.gz`);
      const r = await readAll(f);
      assert.equal(r.facts.records, ends.filter((e) => e <= decodable).length, `${name} cut at ${at}`);
      assert.equal(r.facts.warnings.length, 1);
      assert.match(r.facts.warnings[0], new RegExp(`^${f}: gzip data cut short at compressed offset ${at} \\(end of input\\), in(side)? the (deflate data|trailer \\(CRC-32 and length\\)) of the member at compressed offset 0; stopped at decompressed offset ${decodable}`));
    }
  }
});

test('gzip with corrupt deflate data: the records before it (at most 64 KiB of output short), the warning names the compressed bytes', async () => {
  const { plain } = gzipSeeds()[0];
  const want = await readAll(tmpFile(plain));
  const ends = recordEnds(plain);
  for (const cut of [ends[300], ends[ends.length - 10]]) {
    // a gzip header, the deflate data of the first `cut` bytes ending on a byte boundary
    // (sync flush), then a block of the reserved type 3: zlib's "invalid block type" there
    const body = deflateRawSync(plain.subarray(0, cut), { finishFlush: zc.Z_SYNC_FLUSH });
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    const bad = Buffer.concat([header, body, Buffer.from([0x07, 0, 0, 0, 0, 0, 0, 0, 0])]);
    const at = header.length + body.length;
    const f = tmpFile(bad);
    const r = await readAll(f);
    assert.ok(r.recs.every((x, i) => x.data.equals(want.recs[i].data)), 'the records read are the first ones');
    assert.ok(r.facts.records <= ends.filter((e) => e <= cut).length);
    assert.ok(r.facts.records >= ends.filter((e) => e <= cut - 65536).length, `${r.facts.records} records of ${ends.filter((e) => e <= cut).length}`);
    const m = new RegExp(`^${f}: corrupt deflate data \\(invalid block type\\) within compressed bytes (\\d+)–(\\d+) of the member at compressed offset 0; stopped at decompressed offset (\\d+)`).exec(r.facts.warnings[0]);
    assert.ok(m, r.facts.warnings[0]);
    assert.ok(Number(m[1]) <= at && at < Number(m[2]), `compressed range ${m[1]}–${m[2]} holds the bad block at ${at}`);
    assert.ok(Number(m[3]) >= cut - 65536 && Number(m[3]) <= cut);
  }
});

/**
 * A directory with every kind of entry that is not a readable capture. Made world-readable
 * (but for the two locked entries) so a child process can walk it as an unprivileged user.
 */
function oddDirectory(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'flowcheck-dir-'));
  process.on('exit', () => {
    try {
      chmodSync(path.join(root, 'locked'), 0o755);
    } catch {
      // already gone
    }
    rmSync(root, { recursive: true, force: true });
  });
  chmodSync(root, 0o755);
  const at = (sec: number) => pcapFile([{ sec, data: bytes(10, sec) }], { linktype: 1 });
  writeFileSync(path.join(root, 'good.pcap'), at(100));
  writeFileSync(path.join(root, 'secret.pcap'), at(200));
  chmodSync(path.join(root, 'secret.pcap'), 0o000);
  mkdirSync(path.join(root, 'locked'));
  writeFileSync(path.join(root, 'locked', 'inner.pcap'), at(300));
  chmodSync(path.join(root, 'locked'), 0o000);
  writeFileSync(path.join(root, 'notes.txt'), 'not a capture');
  symlinkSync('no-such-file', path.join(root, 'dangling'));
  symlinkSync('loop-b', path.join(root, 'loop-a'));
  symlinkSync('loop-a', path.join(root, 'loop-b'));
  symlinkSync('.', path.join(root, 'up'));
  symlinkSync('good.pcap', path.join(root, 'z-again.pcap'));
  return root;
}

const READER_JS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lib/capture/reader.js');

/** Whether `uid` may read `file` (every directory above it searchable). */
function readableBy(uid: number, file: string): boolean {
  return spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(file)}, require('fs').constants.R_OK)`], { uid, gid: uid }).status === 0;
}

/** listCaptureInputs in a child process (as `uid` when given): what it lists, skips and warns about, or its error. */
function listInChild(inputs: string[], uid?: number): { status: number | null; error?: NodeJS.ErrnoException; out?: { got: string[]; skipped: string[]; warnings: string[] } | { error: string } } {
  const script = `
    import { listCaptureInputs } from ${JSON.stringify(READER_JS)};
    const skipped = [], warnings = [];
    try {
      const got = await listCaptureInputs(${JSON.stringify(inputs)}, skipped, warnings);
      console.log(JSON.stringify({ got, skipped, warnings }));
    } catch (e) {
      console.log(JSON.stringify({ error: e.name + ': ' + e.message }));
    }`;
  const res = spawnSync(process.execPath, ['--input-type=module', '-e', script], { ...(uid === undefined ? {} : { uid, gid: uid }), encoding: 'utf8', timeout: 30_000 });
  if (res.error) return { status: null, error: res.error as NodeJS.ErrnoException };
  return { status: res.status, out: res.status === 0 ? JSON.parse(res.stdout) : undefined };
}

test('directory inputs: an unreadable file or subdirectory named with the OS reason; dangling links, link loops, FIFOs and second links warned about', async (t) => {
  const root = oddDirectory();
  const fifo = spawnSync('mkfifo', [path.join(root, 'fifo')]).status === 0;
  const j = (n: string) => path.join(root, n);
  const common = [
    ...(fifo ? [`${j('fifo')}: a FIFO (named pipe), not a capture file; skipped`] : []),
  ];
  // root reads whatever the permission bits say: walk as an unprivileged user (nobody) then
  const asRoot = process.getuid?.() === 0;
  const run = listInChild([root], asRoot ? 65534 : undefined);
  if (run.error?.code === 'EPERM') {
    t.skip('running as root without the right to switch user: mode 000 cannot be tested (root reads it)');
    return;
  }
  if (asRoot && run.status !== 0 && !readableBy(65534, READER_JS)) {
    // a checkout inside a private directory (mktemp -d is 0700): nobody cannot load the reader
    t.skip(`running as root in a checkout that uid 65534 cannot read (${READER_JS}): mode 000 cannot be tested (root reads it)`);
    return;
  }
  assert.equal(run.status, 0, String(run.error ?? ''));
  assert.deepEqual(run.out, {
    got: [j('good.pcap')],
    skipped: [j('notes.txt')],
    warnings: [
      `${j('dangling')}: dangling symbolic link (to no-such-file); skipped`,
      ...common,
      `${j('locked')}: cannot read directory: EACCES: permission denied; skipped`,
      `${j('loop-a')}: symbolic link loop (ELOOP: too many symbolic links encountered); skipped`,
      `${j('loop-b')}: symbolic link loop (ELOOP: too many symbolic links encountered); skipped`,
      `${j('secret.pcap')}: cannot open: EACCES: permission denied; skipped`,
      `${j('up')}: symbolic link loop (leads back to ${root}); skipped`,
      `${j('z-again.pcap')}: the same file as ${j('good.pcap')}, already read; skipped`,
    ],
  });
  // the unreadable directory given itself: an error naming it and the reason
  assert.deepEqual(listInChild([j('locked')], asRoot ? 65534 : undefined).out, { error: `CaptureError: ${j('locked')}: offset 0: cannot read directory: EACCES: permission denied` });
});

test('directory inputs: the walk\'s warnings reach the analysis (and the error when nothing is left)', async () => {
  const root = path.join(tmpDir(), 'warned');
  mkdirSync(root);
  writeFileSync(path.join(root, 'a.pcap'), pcapFile(records(3, 10), { linktype: 1 }));
  symlinkSync('gone.pcap', path.join(root, 'b.pcap'));
  const r = await analyze({ inputs: [root] });
  assert.equal(r.stats.packets, 3);
  assert.ok(r.warnings.includes(`${path.join(root, 'b.pcap')}: dangling symbolic link (to gone.pcap); skipped`), r.warnings.join('\n'));
  const lone = path.join(tmpDir(), 'lone');
  mkdirSync(lone);
  symlinkSync('gone.pcap', path.join(lone, 'b.pcap'));
  await assert.rejects(analyze({ inputs: [lone] }), (e: unknown) => e instanceof CaptureError && e.reason === `no capture files found (${path.join(lone, 'b.pcap')}: dangling symbolic link (to gone.pcap); skipped)`);
});
