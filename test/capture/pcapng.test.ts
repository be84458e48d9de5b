import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptureError } from '../../lib/capture/types.js';
import { readCapture } from '../../lib/capture/reader.js';
import { pcapngFile, PcapngWriter } from '../../lib/capture/writer.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SAMPLES_DIR } from '../helpers/corpus.js';
import { bytes, hex, readAll, tmpFile } from './util.js';

// SHB + IDB (Ethernet, snaplen 0, default µs) + one EPB: 1580000016.123456, caplen 4, wirelen 60.
const LE_NG = hex(`
  0a0d0d0a 1c000000 4d3c2b1a 0100 0000 ffffffffffffffff 1c000000
  01000000 14000000 0100 0000 00000000 14000000
  06000000 24000000 00000000 009d0500 40c6b46b 04000000 3c000000 deadbeef 24000000`);
const BE_NG = hex(`
  0a0d0d0a 0000001c 1a2b3c4d 0001 0000 ffffffffffffffff 0000001c
  00000001 00000014 0001 0000 00000000 00000014
  00000006 00000024 00000000 00059d00 6bb4c640 00000004 0000003c deadbeef 00000024`);

test('pcapng, both byte orders: hand-made bytes', async () => {
  for (const [bytesIn, be] of [[LE_NG, false], [BE_NG, true]] as const) {
    const { recs, facts } = await readAll(tmpFile(bytesIn));
    assert.equal(facts.format, 'pcapng');
    assert.equal(facts.bigEndian, be);
    assert.deepEqual(facts.linktypes, [1]);
    assert.equal(facts.records, 1);
    assert.equal(facts.bytes, 60);
    assert.equal(facts.fileBytes, bytesIn.length);
    assert.deepEqual(facts.warnings, []);
    assert.deepEqual(
      recs.map((r) => [r.sec, r.nsec, r.caplen, r.wirelen, r.linktype, r.offset, r.data.toString('hex')]),
      [[1580000016, 123456000, 4, 60, 1, 28 + 20 + 28, 'deadbeef']],
    );
  }
});

test('pcapng writer produces exactly the hand-made bytes', () => {
  for (const [want, bigEndian] of [[LE_NG, false], [BE_NG, true]] as const) {
    const got = pcapngFile({
      bigEndian,
      interfaces: [{ linktype: 1 }],
      blocks: [{ kind: 'epb', sec: 1580000016, usec: 123456, data: hex('deadbeef'), origLen: 60 }],
    });
    assert.deepEqual(got, want);
  }
});

/** The expected (sec, nsec) of a raw timestamp, by BigInt arithmetic. */
function expectTs(ts: bigint, tsresol: number): [number, number] {
  const unit = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol);
  return [Number(ts / unit), Number(((ts % unit) * 1000000000n) / unit)];
}

test('if_tsresol: decimal and binary resolutions, timestamps beyond 2^53, exact', async () => {
  const cases: [number, bigint, number, number][] = [
    [6, 1580000016123456n, 1580000016, 123456000],
    [9, 1700000000123456789n, 1700000000, 123456789],
    [9, 0xffffffffffffffffn, 18446744073, 709551615],
    [9, 0xffffffffn, 4, 294967295],
    [9, 233n * 0x1_00000000n - 1n, 1000, 727379967],
    [3, 1234n, 1, 234000000],
    [0, 42n, 42, 0],
    [0x80, 42n, 42, 0],
    [0x8a, 1700000000n * 1024n + 513n, 1700000000, 500976562],
    [0x80 | 20, (5n << 20n) | 1n, 5, 953],
    [0x80 | 32, (3n << 32n) | 0x80000000n, 3, 500000000],
    [0x80 | 32, (3n << 32n) | 0xffffffffn, 3, 999999999],
    [0x80 | 40, (7n << 40n) | (1n << 39n), 7, 500000000],
    [12, 18000000123456789012n, 18000000, 123456789],
  ];
  // Check the literal expectations against BigInt arithmetic first (guards typos above).
  for (const [r, ts, s, ns] of cases) assert.deepEqual(expectTs(ts, r), [s, ns], `case ${r} ${ts}`);
  for (const bigEndian of [false, true]) {
    const file = pcapngFile({
      bigEndian,
      interfaces: cases.map(([r]) => ({ linktype: 1, tsresol: r })),
      blocks: cases.map(([, ts], i) => ({ kind: 'epb', iface: i, ts, data: bytes(3, i) })),
    });
    for (const chunkSize of [undefined, 64]) {
      const { recs } = await readAll(tmpFile(file), { chunkSize });
      assert.deepEqual(
        recs.map((r) => [r.sec, r.nsec]),
        cases.map(([, , s, ns]) => [s, ns]),
      );
    }
  }
});

test('if_tsoffset adds seconds (also negative); writer round-trips sec/nsec', async () => {
  for (const bigEndian of [false, true]) {
    const file = pcapngFile({
      bigEndian,
      interfaces: [
        { linktype: 1, tsoffset: 1000 },
        { linktype: 1, tsresol: 9, tsoffset: -1000 },
      ],
      blocks: [
        { kind: 'epb', iface: 0, ts: 5_000_001n, data: bytes(1, 1) },
        { kind: 'epb', iface: 1, ts: 5_000_000_007n, data: bytes(1, 2) },
        { kind: 'epb', iface: 1, sec: 1700000000, nsec: 999999999, data: bytes(1, 3) },
      ],
    });
    const { recs } = await readAll(tmpFile(file));
    assert.deepEqual(
      recs.map((r) => [r.sec, r.nsec]),
      [
        [1005, 1000],
        [-995, 7],
        [1700000000, 999999999],
      ],
    );
  }
});

test('several sections: byte order switches, interfaces reset, link types per interface', async () => {
  const sections = [
    {
      bigEndian: false,
      interfaces: [{ linktype: 1, tsresol: 9 }, { linktype: 105 }],
      blocks: [{ kind: 'epb' as const, iface: 0, sec: 1700000000, nsec: 123456789, data: bytes(60, 1) }],
    },
    {
      bigEndian: true,
      interfaces: [{ linktype: 113 }, { linktype: 101, tsresol: 3 }],
      blocks: [
        { kind: 'epb' as const, iface: 1, sec: 1700000001, nsec: 5_000_000, data: bytes(20, 2), origLen: 1500 },
        { kind: 'pb' as const, iface: 0, sec: 1700000002, usec: 7, data: bytes(33, 3) },
        { kind: 'raw' as const, type: 0x0bad, body: bytes(100, 4) },
        { kind: 'raw' as const, type: 5, body: bytes(20, 5) }, // interface statistics
      ],
    },
    {
      bigEndian: false,
      interfaces: [{ linktype: 228 }],
      blocks: [{ kind: 'epb' as const, iface: 0, sec: 1700000003, data: bytes(7, 6) }],
    },
  ];
  const file = pcapngFile(sections);
  for (const chunkSize of [undefined, 64, 100]) {
    const { recs, facts } = await readAll(tmpFile(file), { chunkSize });
    assert.deepEqual(
      recs.map((r) => [r.sec, r.nsec, r.linktype, r.caplen, r.wirelen]),
      [
        [1700000000, 123456789, 1, 60, 60],
        [1700000001, 5_000_000, 101, 20, 1500],
        [1700000002, 7000, 113, 33, 33],
        [1700000003, 0, 228, 7, 7],
      ],
    );
    assert.deepEqual(recs[1].data, bytes(20, 2));
    assert.deepEqual(recs[2].data, bytes(33, 3));
    assert.equal(facts.bigEndian, false);
    // 105 was declared but carried no packet.
    assert.deepEqual(facts.linktypes, [1, 101, 113, 228]);
    assert.equal(facts.bytes, 60 + 1500 + 33 + 7);
    assert.deepEqual([facts.firstSec, facts.lastSec], [1700000000, 1700000003]);
    assert.deepEqual(facts.warnings, []);
  }
});

test('Simple Packet Blocks: interface 0, last timestamp, caplen = min(orig, snaplen, block)', async () => {
  const file = pcapngFile({
    interfaces: [{ linktype: 1, snaplen: 64 }],
    blocks: [
      { kind: 'spb', data: bytes(100, 1), origLen: 100 }, // before any timestamp: 0
      { kind: 'epb', sec: 77, usec: 5, data: bytes(10, 2) },
      { kind: 'spb', data: bytes(12, 3), origLen: 10 }, // block holds 12, packet was 10
      { kind: 'spb', data: bytes(20, 4), origLen: 1000 }, // cut to the block's 20
    ],
  });
  for (const chunkSize of [undefined, 64]) {
    const { recs } = await readAll(tmpFile(file), { chunkSize });
    assert.deepEqual(
      recs.map((r) => [r.sec, r.nsec, r.caplen, r.wirelen, r.linktype]),
      [
        [0, 0, 64, 100, 1],
        [77, 5000, 10, 10, 1],
        [77, 5000, 10, 10, 1],
        [77, 5000, 20, 1000, 1],
      ],
    );
    assert.deepEqual(recs[0].data, bytes(100, 1).subarray(0, 64));
    assert.deepEqual(recs[3].data, bytes(20, 4));
  }
});

test('blocks larger than the buffer are skipped by length (unknown blocks, EPB options)', async () => {
  const w = new PcapngWriter();
  const comment = Buffer.alloc(4 + 600);
  comment.writeUInt16LE(1, 0); // opt_comment
  comment.writeUInt16LE(600, 2);
  comment.fill(0x41, 4);
  const parts = [
    w.section({ interfaces: [{ linktype: 1 }] }),
    w.block(0x40000bad, bytes(1000, 1)),
    w.epb(0, { sec: 1 }, bytes(30, 2), 30, Buffer.concat([comment, Buffer.alloc(4)])),
    w.block(4, bytes(300, 3)), // name resolution
    w.epb(0, { sec: 2 }, bytes(31, 4)),
  ];
  const file = Buffer.concat(parts);
  for (const chunkSize of [undefined, 64, 200]) {
    const { recs, facts } = await readAll(tmpFile(file), { chunkSize });
    assert.deepEqual(recs.map((r) => [r.sec, r.caplen]), [[1, 30], [2, 31]]);
    assert.deepEqual(recs[0].data, bytes(30, 2));
    assert.deepEqual(recs[1].data, bytes(31, 4));
    assert.equal(facts.fileBytes, file.length);
  }
});

test('truncated pcapng: warnings with offsets, earlier records delivered', async () => {
  const w = new PcapngWriter();
  const parts = [w.section({ interfaces: [{ linktype: 1 }] }), w.epb(0, { sec: 1 }, bytes(50, 1)), w.epb(0, { sec: 2 }, bytes(50, 2)), w.block(0x0bad, bytes(400, 3))];
  const off = (i: number) => parts.slice(0, i).reduce((n, p) => n + p.length, 0);
  const file = Buffer.concat(parts);
  for (const chunkSize of [undefined, 64]) {
    // Cut in the middle of the second EPB's data.
    let r = await readAll(tmpFile(file.subarray(0, off(2) + 40)), { chunkSize });
    assert.equal(r.recs.length, 1);
    // the whole block is read before its packet counts: 28 + 52 (50, padded) + 4
    assert.match(r.facts.warnings[0], new RegExp(`truncated record at offset ${off(2)}: 40 of 84 bytes`));
    // Cut in the trailing unknown block.
    r = await readAll(tmpFile(file.subarray(0, off(3) + 100)), { chunkSize });
    assert.equal(r.recs.length, 2);
    assert.match(r.facts.warnings[0], new RegExp(`truncated block at offset ${off(3)}: 100 of 412 bytes`));
    // Cut in a block header.
    r = await readAll(tmpFile(file.subarray(0, off(2) + 5)), { chunkSize });
    assert.equal(r.recs.length, 1);
    assert.match(r.facts.warnings[0], new RegExp(`truncated record header at offset ${off(2)}: 5 of 8 bytes`));
  }
});

async function rejectsAt(file: Buffer, offset: number, reason: RegExp): Promise<void> {
  const f = tmpFile(file);
  for (const chunkSize of [undefined, 64]) {
    await assert.rejects(readCapture(f, { onRecord() {} }, { chunkSize }), (e: unknown) => {
      assert.ok(e instanceof CaptureError, `expected CaptureError, got ${e}`);
      assert.equal(e.offset, offset);
      assert.match(e.reason, reason);
      return true;
    });
  }
}

test('malformed pcapng: CaptureError at the block', async () => {
  const w = new PcapngWriter();
  const head = w.section({ interfaces: [{ linktype: 1, snaplen: 64 }] });
  const ok = w.epb(0, { sec: 1 }, bytes(10, 1));
  const at = head.length + ok.length;

  // caplen over 256 KiB (block claims enough room; the data need not be there).
  const huge = w.epb(0, { sec: 2 }, bytes(4, 2));
  huge.writeUInt32LE(300000, 20);
  huge.writeUInt32LE(300000 + 32, 4);
  const big = new PcapngWriter().section({ interfaces: [{ linktype: 1 }] });
  await rejectsAt(Buffer.concat([big, ok, huge]), big.length + ok.length, /300000 exceeds the 262144-byte limit/);

  // Over the interface's snaplen.
  await rejectsAt(Buffer.concat([head, ok, w.epb(0, { sec: 2 }, bytes(65, 2))]), at, /65 exceeds interface 0's snaplen 64/);

  // caplen larger than the block.
  const unfit = w.epb(0, { sec: 2 }, bytes(8, 2));
  unfit.writeUInt32LE(40, 20);
  await rejectsAt(Buffer.concat([head, ok, unfit]), at, /does not fit its block/);

  // Unknown interface; interfaces are numbered per section.
  await rejectsAt(Buffer.concat([head, ok, w.epb(1, { sec: 2 }, bytes(8, 2))]), at, /interface 1/);
  const two = new PcapngWriter().section({ interfaces: [{ linktype: 1 }, { linktype: 1 }] });
  const second = new PcapngWriter().section({ interfaces: [{ linktype: 1 }] });
  const epb1 = w.epb(1, { sec: 1 }, bytes(4, 1));
  await rejectsAt(Buffer.concat([two, epb1, second, epb1]), two.length + epb1.length + second.length, /interface 1, but the section defines 1/);

  // Bad byte-order magic in a later section.
  const badShb = Buffer.from(head.subarray(0, 28));
  badShb.writeUInt32LE(0x12345678, 8);
  await rejectsAt(Buffer.concat([head, ok, badShb]), at, /bad byte-order magic 0x78563412/);

  // Block length below the minimum.
  const tiny = Buffer.alloc(12);
  tiny.writeUInt32LE(0x0bad, 0);
  tiny.writeUInt32LE(8, 4);
  await rejectsAt(Buffer.concat([head, ok, tiny]), at, /bad block length 8/);
});

/** The blocks of a pcapng (one little-endian section, as samples/mixed.pcapng is): offset, type, length. */
function blocksOf(b: Buffer): { off: number; type: number; len: number }[] {
  const out: { off: number; type: number; len: number }[] = [];
  for (let p = 0; p < b.length; ) {
    const len = b.readUInt32LE(p + 4);
    out.push({ off: p, type: b.readUInt32LE(p), len });
    p += len;
  }
  return out;
}

const MIXED = path.join(SAMPLES_DIR, 'mixed.pcapng');

/** The SHB, the IDB, the last block and EPBs spread over the file (one crossing the 1 MiB chunk end). */
function someBlocks(blocks: { off: number; type: number; len: number }[]): number[] {
  const picks = new Set([0, 1, 2, 3, blocks.length - 2, blocks.length - 1]);
  for (let i = 5; i < blocks.length; i += 331) picks.add(i);
  picks.add(blocks.findIndex((k) => k.off < 1 << 20 && k.off + k.len > 1 << 20));
  return [...picks].sort((a, b) => a - b);
}

test('pcapng trailing block length unlike the leading one: exit-2 error at that block (mutations of samples/mixed.pcapng)', async () => {
  const orig = readFileSync(MIXED);
  const blocks = blocksOf(orig);
  assert.equal(blocks.length, 2660);
  let n = 0;
  for (const i of someBlocks(blocks)) {
    const { off, len, type } = blocks[i];
    for (const v of [len + 4, len - 4, len + 1, 0, 0xffffffff, len * 2]) {
      const b = Buffer.from(orig);
      b.writeUInt32LE(v >>> 0, off + len - 4);
      const f = tmpFile(b);
      // 1 MiB chunks, and chunks smaller than a block (the block's body is skipped, its end checked)
      for (const chunkSize of [undefined, 96]) {
        if (chunkSize === 96 && off > 200_000) continue; // small chunks are slow over the whole file
        await assert.rejects(readCapture(f, { onRecord() {} }, { chunkSize }), (e: unknown) => {
          assert.ok(e instanceof CaptureError, `block ${i}, trailer ${v}: expected CaptureError, got ${e}`);
          assert.equal(e.offset, off, `block ${i} (type ${type}), trailer ${v}, chunk ${chunkSize}`);
          assert.equal(e.reason, `block total length ${len} at the start of the block but ${v >>> 0} at its end (block type 0x${type.toString(16)}): lengths disagree`);
          return true;
        });
        n++;
      }
    }
  }
  assert.ok(n > 100, `${n} mutations`);
});

test('pcapng leading block length +4 or -4: the error names the bad block, not the next one; on the last block a truncation, its packet not counted', async () => {
  const orig = readFileSync(MIXED);
  const blocks = blocksOf(orig);
  const last = blocks.length - 1;
  for (const i of someBlocks(blocks)) {
    const { off, len } = blocks[i];
    for (const d of [4, -4]) {
      const b = Buffer.from(orig);
      b.writeUInt32LE(len + d, off + 4);
      const f = tmpFile(b);
      if (i === last && d === 4) {
        // the file ends 4 bytes short of what the block claims
        const r = await readAll(f);
        assert.equal(r.facts.records, blocks.length - 3, 'every packet but the last');
        assert.deepEqual(r.facts.warnings, [`${f}: truncated record at offset ${off}: ${len} of ${len + 4} bytes`]);
        continue;
      }
      // -4 may leave a block too short for what it holds (refused for that first); either way at this block
      const why =
        d === 4
          ? new RegExp(`^block total length ${len + d} at the start of the block but \\d+ at its end`)
          : new RegExp(`^(block total length ${len + d} at the start of the block but \\d+ at its end|bad section header block length 24|interface description block too short \\(16 bytes\\)|record length \\d+ does not fit its block \\(length ${len + d}\\))`);
      await assert.rejects(readCapture(f, { onRecord() {} }), (e: unknown) => {
        assert.ok(e instanceof CaptureError, `block ${i} length ${len + d}: expected CaptureError, got ${e}`);
        assert.equal(e.offset, off, `block ${i} length ${len + d}`);
        assert.match(e.reason, why);
        return true;
      });
    }
  }
});

test('pcapng block cut inside its trailing length: its packet is not counted, the warning names the block', async () => {
  const orig = readFileSync(MIXED);
  const blocks = blocksOf(orig);
  const whole = (await readAll(MIXED)).facts.records;
  assert.equal(whole, blocks.length - 2);
  for (const i of [2, 700, blocks.length - 1]) {
    const { off, len } = blocks[i];
    for (const k of [1, 2, 3, 4]) {
      const f = tmpFile(orig.subarray(0, off + len - k));
      for (const chunkSize of i === 2 ? [undefined, 64] : [undefined]) {
        const r = await readAll(f, { chunkSize });
        assert.equal(r.facts.records, i - 2, `block ${i} cut ${k} bytes short`);
        assert.equal(r.recs.length, i - 2);
        assert.deepEqual(r.facts.warnings, [`${f}: truncated record at offset ${off}: ${len - k} of ${len} bytes`]);
      }
    }
  }
  // A block larger than the chunk (body skipped) cut in its trailer, and cut just before it.
  const w = new PcapngWriter();
  const head = Buffer.concat([w.section({ interfaces: [{ linktype: 1 }] }), w.epb(0, { sec: 1 }, bytes(30, 1))]);
  const big = w.block(0x0bad, bytes(400, 2));
  for (const k of [1, 4]) {
    const f = tmpFile(Buffer.concat([head, big.subarray(0, big.length - k)]));
    const r = await readAll(f, { chunkSize: 64 });
    assert.equal(r.facts.records, 1);
    assert.deepEqual(r.facts.warnings, [`${f}: truncated block at offset ${head.length}: ${big.length - k} of ${big.length} bytes`]);
  }
});

test('pcapng packet blocks: at most a 256 KiB packet and 128 KiB of options (as libpcap); beyond, an error at the block', async () => {
  const w = new PcapngWriter();
  const head = w.section({ interfaces: [{ linktype: 1 }] });
  const opt = (n: number) => {
    const o = Buffer.alloc(4 + n);
    o.writeUInt16LE(1, 0); // opt_comment
    o.writeUInt16LE(n, 2);
    return o;
  };
  // 28 + 32 (30 bytes padded) + options + 4 = 393248 = 28 + 4 + 262144 + 131072: the largest
  const options = (last: number) => Buffer.concat([opt(65532), opt(65532), opt(65532), opt(65532), opt(65532), opt(last), Buffer.alloc(4)]);
  const largest = w.epb(0, { sec: 1 }, bytes(30, 1), 30, options(65496));
  assert.equal(largest.length, 393248);
  const r = await readAll(tmpFile(Buffer.concat([head, largest, largest])));
  assert.equal(r.facts.records, 2);
  assert.deepEqual(r.recs[1].data, bytes(30, 1));
  const over = w.epb(0, { sec: 1 }, bytes(30, 1), 30, options(65500));
  await rejectsAt(Buffer.concat([head, largest, over]), head.length + largest.length, /packet block of 393252 bytes, beyond the 393248-byte limit \(a 262144-byte packet and 131072 bytes of options, as libpcap\)/);
});
