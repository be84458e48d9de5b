import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureError } from '../../lib/capture/types.js';
import { readCapture } from '../../lib/capture/reader.js';
import { pcapFile, PcapWriter, type WriteRecord } from '../../lib/capture/writer.js';
import { bytes, hex, readAll, tmpFile } from './util.js';

// Little-endian µs pcap, snaplen 262144, Ethernet; two records:
//   1580000016.123456  caplen 4  wirelen 60  de ad be ef
//   1580000017.000001  caplen 2  wirelen 2   01 02
const LE_US = hex(`
  d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000
  10e32c5e 40e20100 04000000 3c000000 deadbeef
  11e32c5e 01000000 02000000 02000000 0102`);

// The same records, big-endian.
const BE_US = hex(`
  a1b2c3d4 0002 0004 00000000 00000000 00040000 00000001
  5e2ce310 0001e240 00000004 0000003c deadbeef
  5e2ce311 00000001 00000002 00000002 0102`);

test('little-endian microsecond pcap: records, timestamps, facts', async () => {
  const f = tmpFile(LE_US);
  const { recs, facts } = await readAll(f);
  assert.equal(recs.length, 2);
  assert.deepEqual(
    recs.map((r) => [r.sec, r.nsec, r.caplen, r.wirelen, r.linktype, r.data.toString('hex')]),
    [
      [1580000016, 123456000, 4, 60, 1, 'deadbeef'],
      [1580000017, 1000, 2, 2, 1, '0102'],
    ],
  );
  assert.equal(facts.format, 'pcap');
  assert.equal(facts.bigEndian, false);
  assert.equal(facts.gzip, false);
  assert.deepEqual(facts.linktypes, [1]);
  assert.equal(facts.records, 2);
  assert.equal(facts.bytes, 62);
  assert.equal(facts.fileBytes, LE_US.length);
  assert.deepEqual([facts.firstSec, facts.firstNsec, facts.lastSec, facts.lastNsec], [1580000016, 123456000, 1580000017, 1000]);
  assert.deepEqual(facts.warnings, []);
});

test('big-endian microsecond pcap gives the same records', async () => {
  const le = await readAll(tmpFile(LE_US));
  const be = await readAll(tmpFile(BE_US));
  assert.equal(be.facts.bigEndian, true);
  assert.equal(be.facts.format, 'pcap');
  assert.deepEqual(
    be.recs.map(({ offset: _o, ...r }) => r),
    le.recs.map(({ offset: _o, ...r }) => r),
  );
});

test('nanosecond pcap, both byte orders', async () => {
  // Big-endian nanosecond file, linktype 101 (raw IP): 1580000016.999999999, 3 bytes.
  const beNs = hex(`
    a1b23c4d 0002 0004 00000000 00000000 0000ffff 00000065
    5e2ce310 3b9ac9ff 00000003 00000003 450000`);
  const { recs, facts } = await readAll(tmpFile(beNs));
  assert.equal(facts.format, 'pcap-nsec');
  assert.equal(facts.bigEndian, true);
  assert.deepEqual(facts.linktypes, [101]);
  assert.deepEqual([recs[0].sec, recs[0].nsec, recs[0].data.toString('hex')], [1580000016, 999999999, '450000']);

  const leNs = pcapFile([{ sec: 7, nsec: 123456789, data: bytes(10, 1) }], { linktype: 1, nanos: true });
  assert.equal(leNs.subarray(0, 4).toString('hex'), '4d3cb2a1');
  const r2 = await readAll(tmpFile(leNs));
  assert.equal(r2.facts.format, 'pcap-nsec');
  assert.equal(r2.facts.bigEndian, false);
  assert.deepEqual([r2.recs[0].sec, r2.recs[0].nsec], [7, 123456789]);
});

test('writer produces exactly the hand-made bytes', () => {
  const recs: WriteRecord[] = [
    { sec: 1580000016, usec: 123456, data: hex('deadbeef'), origLen: 60 },
    { sec: 1580000017, nsec: 1000, data: hex('0102') },
  ];
  assert.deepEqual(pcapFile(recs, { linktype: 1 }), LE_US);
  assert.deepEqual(pcapFile(recs, { linktype: 1, bigEndian: true }), BE_US);
});

function variedRecords(n: number): WriteRecord[] {
  const out: WriteRecord[] = [];
  for (let i = 0; i < n; i++) out.push({ sec: 1000 + i, usec: (i * 7919) % 1000000, data: bytes((i * 37) % 301, i), origLen: ((i * 37) % 301) + (i % 3) });
  return out;
}

test('records spanning chunk boundaries: tiny chunks give the same records as the default', async () => {
  const recs = variedRecords(200);
  recs.splice(100, 0, { sec: 5, data: bytes(5000, 9) }); // larger than the chunk: the buffer grows
  for (const bigEndian of [false, true]) {
    const f = tmpFile(pcapFile(recs, { linktype: 1, bigEndian }));
    const whole = await readAll(f);
    const tiny = await readAll(f, { chunkSize: 64 });
    assert.equal(whole.recs.length, 201);
    assert.equal(tiny.recs.length, 201);
    for (let i = 0; i < 201; i++) {
      const want = recs[i];
      const got = tiny.recs[i];
      assert.deepEqual(got.data, Buffer.from(want.data), `record ${i}`);
      assert.equal(got.sec, want.sec);
      assert.equal(got.nsec, (want.usec ?? 0) * 1000);
      assert.equal(got.wirelen, want.origLen ?? want.data.length);
      assert.equal(whole.recs[i].data.toString('hex'), got.data.toString('hex'));
    }
    assert.deepEqual(tiny.facts, whole.facts);
  }
});

test('truncated last record: warning with offset, earlier records delivered', async () => {
  const file = pcapFile(variedRecords(5), { linktype: 1 });
  // Offsets of the records: 24, then + 16 + caplen.
  const offs: number[] = [];
  let o = 24;
  for (const r of variedRecords(5)) {
    offs.push(o);
    o += 16 + r.data.length;
  }
  const cut = file.subarray(0, offs[4] + 16 + 10); // 10 of record 4's data bytes
  for (const chunkSize of [undefined, 64]) {
    const { recs, facts } = await readAll(tmpFile(cut, 'cut.pcap'), { chunkSize });
    assert.equal(recs.length, 4);
    assert.equal(facts.records, 4);
    assert.equal(facts.warnings.length, 1);
    const total = 16 + variedRecords(5)[4].data.length;
    assert.match(facts.warnings[0], new RegExp(`cut\\.pcap: truncated record at offset ${offs[4]}: 26 of ${total} bytes`));
  }
  // Cut inside a record header.
  const { recs, facts } = await readAll(tmpFile(file.subarray(0, offs[2] + 5)));
  assert.equal(recs.length, 2);
  assert.match(facts.warnings[0], new RegExp(`truncated record header at offset ${offs[2]}: 5 of 16 bytes`));
  // Cut inside the file header: no records, a warning, no error.
  const h = await readAll(tmpFile(file.subarray(0, 10)));
  assert.equal(h.recs.length, 0);
  assert.deepEqual(h.facts.warnings, [`${h.facts.file}: truncated pcap file header at offset 0: 10 of 24 bytes`]);
});

async function rejectsCapture(file: string, offset: number, reason: RegExp, opts?: { chunkSize?: number }): Promise<void> {
  await assert.rejects(readCapture(file, { onRecord() {} }, opts), (e: unknown) => {
    assert.ok(e instanceof CaptureError, `expected CaptureError, got ${e}`);
    assert.equal(e.file, file);
    assert.equal(e.offset, offset);
    assert.match(e.reason, reason);
    return true;
  });
}

test('not a capture: CaptureError at offset 0 naming the magic; empty file too', async () => {
  await rejectsCapture(tmpFile(Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'looks.pcap'), 0, /not a pcap or pcapng file \(magic 0x47455420\)/);
  await rejectsCapture(tmpFile(Buffer.alloc(0)), 0, /empty/);
  await rejectsCapture(tmpFile(hex('d4c3b2')), 0, /not a pcap or pcapng file.*3 bytes/);
});

test('oversize record: CaptureError at that record, earlier records delivered', async () => {
  const w = new PcapWriter({ linktype: 1 });
  const good = w.record({ sec: 1, data: bytes(40, 1) });
  // A record header claiming 262145 bytes; its data is not even there (nothing is buffered).
  const bad = Buffer.alloc(16);
  bad.writeUInt32LE(2, 0);
  bad.writeUInt32LE(262145, 8);
  bad.writeUInt32LE(262145, 12);
  const f = tmpFile(Buffer.concat([w.header(), good, bad, Buffer.alloc(100)]));
  let seen = 0;
  await assert.rejects(
    readCapture(f, { onRecord: () => void seen++ }),
    (e: unknown) => e instanceof CaptureError && e.offset === 24 + 56 && /262145 exceeds the 262144-byte limit/.test(e.reason),
  );
  assert.equal(seen, 1);
  // Exactly 256 KiB is accepted, also through a small buffer that has to grow.
  const max = pcapFile([{ sec: 3, data: bytes(262144, 3) }], { linktype: 1 });
  const { recs } = await readAll(tmpFile(max), { chunkSize: 1024 });
  assert.equal(recs[0].caplen, 262144);
  assert.deepEqual(recs[0].data, bytes(262144, 3));
});

test('a captured length beyond the limit with a smaller original length: read as the original length, warned', async () => {
  // As in nDPI's fuzz-2021-10-13.pcap: caplen 524501, original length 197 (a damaged caplen).
  const w = new PcapWriter({ linktype: 1 });
  const good = w.record({ sec: 1, data: bytes(40, 1) });
  const hdr = Buffer.alloc(16);
  hdr.writeUInt32LE(2, 0);
  hdr.writeUInt32LE(524501, 8);
  hdr.writeUInt32LE(60, 12);
  const after = w.record({ sec: 3, data: bytes(50, 3) });
  const f = tmpFile(Buffer.concat([w.header(), good, hdr, bytes(60, 2), after]));
  const { recs, facts } = await readAll(f);
  assert.deepEqual(recs.map((r) => r.caplen), [40, 60, 50]);
  assert.deepEqual(recs[1].data, bytes(60, 2));
  assert.equal(facts.warnings.length, 1);
  assert.match(facts.warnings[0], /1 record with a captured length beyond the limit but a smaller original length, read as its original length \(first at offset 80\)/);
});

test('record longer than the snaplen: CaptureError', async () => {
  const f = tmpFile(pcapFile([{ sec: 1, data: bytes(100, 1) }, { sec: 2, data: bytes(101, 2) }], { linktype: 1, snaplen: 100 }));
  await rejectsCapture(f, 24 + 116, /101 exceeds the file's snaplen 100/);
  // Snaplen 0 means no limit below 256 KiB.
  const z = await readAll(tmpFile(pcapFile([{ sec: 1, data: bytes(3000, 1) }], { linktype: 1, snaplen: 0 })));
  assert.equal(z.recs[0].caplen, 3000);
});

test('link-type FCS bits in the header are masked off', async () => {
  const f = pcapFile([{ sec: 1, data: bytes(4, 1) }], { linktype: 1 });
  f.writeUInt32LE(0x10000001, 20); // FCS length present (LT_FCS_DATAWITHLEN), linktype 1
  const { recs, facts } = await readAll(tmpFile(f));
  assert.equal(recs[0].linktype, 1);
  assert.deepEqual(facts.linktypes, [1]);
});

test('format versions before 2.3 store the original length first; 2.3 either way (as libpcap reads them)', async () => {
  // version 2.0, little endian: record lengths stored (original 60, captured 4), as in nDPI's
  // fuzz-2021-10-13.pcap (version 2.0: 197 bytes captured of 524501)
  const v20 = hex(`
    d4c3b2a1 0200 0000 00000000 00000000 00000400 01000000
    10e32c5e 40e20100 3c000000 04000000 deadbeef`);
  let { recs, facts } = await readAll(tmpFile(v20));
  assert.deepEqual(recs.map((r) => [r.caplen, r.wirelen, r.data.toString('hex')]), [[4, 60, 'deadbeef']]);
  assert.deepEqual(facts.warnings, []);
  // version 2.3, big endian: the first record is in the old order (captured > original),
  // the second in the new one; both read as 4 of 60
  const v23 = hex(`
    a1b2c3d4 0002 0003 00000000 00000000 00040000 00000001
    5e2ce310 0001e240 0000003c 00000004 deadbeef
    5e2ce311 00000001 00000004 0000003c 01020304`);
  ({ recs } = await readAll(tmpFile(v23)));
  assert.deepEqual(recs.map((r) => [r.caplen, r.wirelen]), [[4, 60], [4, 60]]);
  // version 2.4 is never exchanged: a captured length above the original stays as written
  const v24 = hex(`
    d4c3b2a1 0200 0400 00000000 00000000 00000400 01000000
    10e32c5e 40e20100 04000000 02000000 deadbeef`);
  ({ recs } = await readAll(tmpFile(v24)));
  assert.deepEqual(recs.map((r) => [r.caplen, r.wirelen]), [[4, 2]]);
});
