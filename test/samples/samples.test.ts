// The committed sample captures are exactly what scripts/make-samples builds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import test from 'node:test';
import { gunzipSync } from 'node:zlib';
import { sampleFiles } from '../../scripts/support/samples.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';

const built = sampleFiles();

test('make-samples builds the four mixed variants', () => {
  assert.deepEqual([...built.keys()].sort(), ['mixed-nsec-be.pcap', 'mixed.pcap', 'mixed.pcap.gz', 'mixed.pcapng']);
  let total = 0;
  for (const b of built.values()) total += b.length;
  assert.ok(total < 8 * 1024 * 1024, `samples total ${total} bytes`);
});

for (const [name, bytes] of built) {
  if (name.endsWith('.gz')) {
    test(`samples/${name} holds the regenerated capture`, () => {
      const committed = readFileSync(path.join(SAMPLES_DIR, name));
      // Compressed bytes may differ between zlib builds; the content and header may not.
      assert.deepEqual(gunzipSync(committed), gunzipSync(bytes));
      assert.deepEqual(gunzipSync(committed), built.get(name.slice(0, -3)));
      assert.equal(committed.readUInt32LE(4), 0, 'no modification time');
    });
  } else {
    test(`samples/${name} is byte-identical to a fresh build`, () => {
      const committed = readFileSync(path.join(SAMPLES_DIR, name));
      assert.equal(committed.length, bytes.length);
      assert.ok(committed.equals(bytes), `samples/${name} differs: run npm run samples and commit`);
    });
  }
}

test('the pcap, pcapng and nanosecond big-endian variants carry the same frames', () => {
  const pcap = built.get('mixed.pcap')!;
  const be = built.get('mixed-nsec-be.pcap')!;
  const ng = built.get('mixed.pcapng')!;
  assert.equal(pcap.readUInt32LE(0), 0xa1b2c3d4);
  assert.equal(be.readUInt32BE(0), 0xa1b23c4d);
  assert.equal(ng.readUInt32LE(0), 0x0a0d0d0a);
  // Walk the classic files record by record and compare.
  let a = 24;
  let b = 24;
  let n = 0;
  while (a < pcap.length) {
    const len = pcap.readUInt32LE(a + 8);
    assert.equal(be.readUInt32BE(b + 8), len);
    assert.equal(be.readUInt32BE(b), pcap.readUInt32LE(a));
    assert.equal(be.readUInt32BE(b + 4), pcap.readUInt32LE(a + 4) * 1000);
    assert.ok(pcap.subarray(a + 16, a + 16 + len).equals(be.subarray(b + 16, b + 16 + len)));
    a += 16 + len;
    b += 16 + len;
    n++;
  }
  assert.equal(b, be.length);
  // The pcapng holds one EPB per record.
  let epbs = 0;
  for (let o = 0; o < ng.length; o += ng.readUInt32LE(o + 4)) if (ng.readUInt32LE(o) === 6) epbs++;
  assert.equal(epbs, n);
  // Timestamps: 2024-01-01T00:00:00Z onwards, never decreasing.
  assert.equal(pcap.readUInt32LE(24), Date.UTC(2024, 0, 1) / 1000);
});
