// The corpus-made benchmark captures (scripts/corpus-bench-gen.ts): a valid pcap of the corpus's
// Ethernet frames repeated, times monotonic, each copy its own VLAN (many flows) or the frames
// as captured (few flows), counts as reported, the same bytes every time.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { corpusParams, generateCorpusCapture } from '../../scripts/corpus-bench-gen.js';
import { CORPUS_DIR, NO_CORPUS } from '../helpers/corpus.js';

interface Rec {
  us: number;
  frame: Buffer;
}

function records(file: string): Rec[] {
  const b = readFileSync(file);
  assert.equal(b.readUInt32LE(0), 0xa1b2c3d4, 'classic pcap, µs');
  assert.equal(b.readUInt32LE(20), 1, 'Ethernet');
  const out: Rec[] = [];
  for (let o = 24; o < b.length; ) {
    const caplen = b.readUInt32LE(o + 8);
    out.push({ us: b.readUInt32LE(o) * 1e6 + b.readUInt32LE(o + 4), frame: b.subarray(o + 16, o + 16 + caplen) });
    o += 16 + caplen;
    assert.ok(o <= b.length, 'no record runs past the end');
  }
  return out;
}

test('corpus bench captures: two copies, many flows and few flows', { skip: NO_CORPUS }, async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-corpus-bench-'));
  try {
    const small = { copies: 2, perCaptureBytes: 1500 };
    const manyFile = path.join(dir, 'many.pcap');
    const fewFile = path.join(dir, 'few.pcap');
    const many = await generateCorpusCapture(manyFile, { ...corpusParams('corpus-many-flows'), ...small }, CORPUS_DIR);
    const few = await generateCorpusCapture(fewFile, { ...corpusParams('corpus-few-flows'), ...small }, CORPUS_DIR);
    const m = records(manyFile);
    const f = records(fewFile);
    assert.equal(m.length, many.packets);
    assert.equal(f.length, few.packets);
    assert.equal(readFileSync(manyFile).length, many.fileBytes);
    assert.ok(many.captures > 300, `most corpus captures are Ethernet (${many.captures})`);
    assert.equal(m.length, f.length);
    assert.equal(f.length % 2, 0, 'two copies of the same records');
    for (const rs of [m, f]) for (let i = 1; i < rs.length; i++) assert.ok(rs[i].us >= rs[i - 1].us, `time order at record ${i}`);

    const half = f.length / 2;
    let tagged = 0;
    for (let i = 0; i < f.length; i++) {
      const copy = i < half ? 0 : 1;
      const orig = f[i].frame;
      // few flows: both copies carry the frames as captured
      if (copy === 1) assert.ok(orig.equals(f[i - half].frame), `few flows: record ${i} repeats record ${i - half}`);
      const frame = m[i].frame;
      const etype = orig.length >= 14 ? orig.readUInt16BE(12) : -1;
      if (etype === 0x8100 || etype === 0x88a8) {
        // a tagged frame keeps its length; its VLAN id moves by copy + 1
        assert.equal(frame.length, orig.length);
        assert.equal(frame.readUInt16BE(14) & 0xfff, (((orig.readUInt16BE(14) & 0xfff) - 1 + copy + 1) % 4094) + 1);
      } else if (orig.length >= 14) {
        // an untagged one gains an 802.1Q tag with VLAN id copy + 1, the rest unchanged
        assert.equal(frame.length, orig.length + 4);
        assert.ok(frame.subarray(0, 12).equals(orig.subarray(0, 12)));
        assert.equal(frame.readUInt16BE(12), 0x8100);
        assert.equal(frame.readUInt16BE(14), copy + 1);
        assert.ok(frame.subarray(16).equals(orig.subarray(12)));
        tagged++;
      }
    }
    assert.ok(tagged > m.length / 2, 'most corpus frames are untagged');
    // distinct copies double the flows; the same copies continue them
    assert.ok(many.flows > few.flows, `many flows ${many.flows} > few flows ${few.flows}`);

    // deterministic: the same parameters give the same bytes
    const again = path.join(dir, 'again.pcap');
    await generateCorpusCapture(again, { ...corpusParams('corpus-many-flows'), ...small }, CORPUS_DIR);
    assert.ok(readFileSync(again).equals(readFileSync(manyFile)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
