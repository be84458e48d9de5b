import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pcapp from 'pcap-parser';
import { CORPUS_DIR, NO_CORPUS, corpusCaptures, readWarningProblems } from '../helpers/corpus.js';
import { LENGTHS_AS_IS, LENGTHS_SWAPPED, lengthOrder } from '../../lib/capture/pcap.js';
import { readCapture } from '../../lib/capture/reader.js';
import type { RecordSink } from '../../lib/capture/types.js';
import { Collector } from './util.js';

interface ManifestRow {
  file: string;
  format: string;
  packets: number;
}

function manifest(): Map<string, ManifestRow> {
  const lines = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const head = lines[0].split('\t');
  const col = (name: string) => {
    const i = head.indexOf(name);
    assert.ok(i >= 0, `MANIFEST.tsv has no ${name} column`);
    return i;
  };
  const [f, fmt, pk] = [col('file'), col('file_format'), col('packets')];
  const rows = new Map<string, ManifestRow>();
  for (const line of lines.slice(1)) {
    const c = line.split('\t');
    rows.set(c[f], { file: c[f], format: c[fmt], packets: Number(c[pk]) });
  }
  return rows;
}

const FORMAT_NAMES: Record<string, string> = { pcap: 'pcap', nsecpcap: 'pcap-nsec', pcapng: 'pcapng' };

/** Folds every record into a checksum, so two reads can be compared cheaply. */
class Digest implements RecordSink {
  n = 0;
  h = 0;
  onRecord(d: Uint8Array, o: number, c: number, w: number, s: number, ns: number, lt: number): void {
    let h = (this.h ^ c ^ (w << 7) ^ (s | 0) ^ (ns << 3) ^ lt) >>> 0;
    for (let i = o; i < o + c; i++) h = (Math.imul(h, 16777619) ^ d[i]) >>> 0;
    this.h = h;
    this.n++;
  }
}

test('every corpus capture reads without error or warning (but those listed in EXPECTED_READ_WARNINGS, with why); counts and formats match MANIFEST.tsv', { skip: NO_CORPUS }, async () => {
  const rows = manifest();
  const files = corpusCaptures();
  assert.deepEqual(files.map((f) => path.basename(f)), [...rows.keys()].sort(), 'the captures are those MANIFEST.tsv lists');
  for (const file of files) {
    const row = rows.get(path.basename(file));
    assert.ok(row, `${file} is not in MANIFEST.tsv`);
    const d = new Digest();
    const facts = await readCapture(file, d);
    assert.deepEqual(readWarningProblems(path.basename(file), facts.warnings), [], file);
    assert.equal(facts.records, row.packets, `${file}: records`);
    assert.equal(d.n, row.packets, `${file}: delivered`);
    assert.equal(facts.format, FORMAT_NAMES[row.format], `${file}: format`);
    // A small buffer (records split across chunks, blocks skipped) gives the same records.
    const small = new Digest();
    const f2 = await readCapture(file, small, { chunkSize: 97 });
    assert.equal(small.n, d.n, file);
    assert.equal(small.h, d.h, `${file}: records differ with a 97-byte buffer`);
    assert.deepEqual(f2, facts);
  }
});

test('classic microsecond pcaps: same records as pcap-parser', { skip: NO_CORPUS }, async () => {
  let checked = 0;
  for (const file of corpusCaptures()) {
    const head = readFileSync(file).subarray(0, 8);
    const magic = head.subarray(0, 4).toString('hex');
    if (magic !== 'd4c3b2a1' && magic !== 'a1b2c3d4') continue;
    const be = magic === 'a1b2c3d4';
    const order = lengthOrder(be ? head.readUInt16BE(4) : head.readUInt16LE(4), be ? head.readUInt16BE(6) : head.readUInt16LE(6));
    const ours = new Collector();
    await readCapture(file, ours);
    const theirs = await new Promise<{ sec: number; usec: number; caplen: number; wirelen: number; data: Buffer }[]>((resolve, reject) => {
      const out: { sec: number; usec: number; caplen: number; wirelen: number; data: Buffer }[] = [];
      const p = pcapp.parse(file);
      p.on('packet', (pk: { header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number }; data: Buffer }) =>
        out.push({ sec: pk.header.timestampSeconds, usec: pk.header.timestampMicroseconds, caplen: pk.header.capturedLength, wirelen: pk.header.originalLength, data: Buffer.from(pk.data) }),
      );
      p.on('error', reject);
      p.on('end', () => resolve(out));
    });
    assert.equal(ours.recs.length, theirs.length, file);
    for (let i = 0; i < theirs.length; i++) {
      const a = ours.recs[i];
      const b = theirs[i];
      // The oracle hands the microsecond field as written; a fuzzed one of a second or more
      // (fuzz-2021-06-07-c6c72a0a56.pcap: 4293562680 µs) we carry into the seconds, so the
      // times are compared as total nanoseconds (exact, in BigInt).
      const ns = (sec: number, sub: bigint): bigint => BigInt(sec) * 1_000_000_000n + sub;
      assert.equal(ns(a.sec, BigInt(a.nsec)), ns(b.sec, BigInt(b.usec) * 1000n), `${file} record ${i}: time`);
      assert.ok(a.nsec < 1e9, `${file} record ${i}: nanoseconds below a second`);
      // The oracle knows no format versions: files before 2.3 (and 2.3 files in the old
      // order) store the original length first, which libpcap and we exchange.
      const swapped = order === LENGTHS_SWAPPED || (order !== LENGTHS_AS_IS && b.caplen > b.wirelen);
      assert.deepEqual([a.caplen, a.wirelen], swapped ? [b.wirelen, b.caplen] : [b.caplen, b.wirelen], `${file} record ${i}`);
      if (!swapped || b.caplen === b.wirelen) assert.ok(a.data.equals(b.data), `${file} record ${i}: bytes differ`);
    }
    checked++;
  }
  assert.ok(checked >= 30, `only ${checked} classic pcaps checked`);
});
