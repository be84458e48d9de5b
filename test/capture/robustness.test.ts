import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { CaptureError } from '../../lib/capture/types.js';
import { readCapture } from '../../lib/capture/reader.js';
import { pcapFile, pcapngFile } from '../../lib/capture/writer.js';
import { bytes, tmpFile } from './util.js';
import { xorshift32 as rng } from '../helpers/random.js';

/** Reads a file; it must either succeed or fail with a CaptureError, and records must be sane. */
async function readSafely(file: string, chunkSize?: number): Promise<'ok' | 'error'> {
  try {
    await readCapture(
      file,
      {
        onRecord(d, o, c, w, s, ns) {
          assert.ok(c >= 0 && c <= 262144 && o >= 0 && o + c <= d.length, `record outside its buffer: offset ${o} caplen ${c}`);
          assert.ok(Number.isFinite(s) && Number.isInteger(ns) && ns >= 0, `bad timestamp ${s}.${ns}`);
          assert.ok(Number.isInteger(w) && w >= 0);
        },
      },
      { chunkSize },
    );
    return 'ok';
  } catch (e) {
    if (e instanceof CaptureError) return 'error';
    throw e;
  }
}

test('corrupted captures never crash: success or CaptureError, records inside their buffer', async () => {
  const seeds = [
    pcapFile([{ sec: 1, data: bytes(60, 1) }, { sec: 2, data: bytes(200, 2) }, { sec: 3, data: bytes(30, 3) }], { linktype: 1 }),
    pcapFile([{ sec: 1, nsec: 5, data: bytes(60, 1) }, { sec: 2, data: bytes(20, 2) }], { linktype: 1, nanos: true, bigEndian: true }),
    pcapngFile([
      {
        interfaces: [{ linktype: 1, tsresol: 9, snaplen: 128 }, { linktype: 113, tsoffset: 10 }],
        blocks: [
          { kind: 'epb', iface: 0, sec: 5, data: bytes(60, 1) },
          { kind: 'spb', data: bytes(40, 2) },
          { kind: 'pb', iface: 1, sec: 6, data: bytes(30, 3) },
          { kind: 'raw', type: 0x0bad, body: bytes(40, 4) },
        ],
      },
      { bigEndian: true, interfaces: [{ linktype: 101, tsresol: 0x8a }], blocks: [{ kind: 'epb', sec: 7, data: bytes(50, 5) }] },
    ]),
  ];
  const next = rng(12345);
  let ok = 0;
  let errors = 0;
  for (let round = 0; round < 150; round++) {
    const base = seeds[round % seeds.length];
    const b = Buffer.from(base);
    const flips = 1 + (next() % 4);
    for (let k = 0; k < flips; k++) {
      // Keep the magic mostly intact so the walkers, not the sniffing, see the damage.
      const at = 4 + (next() % (b.length - 4));
      b[at] = next() & 0xff;
    }
    const cut = round % 5 === 0 ? b.subarray(0, next() % b.length) : b;
    const f = tmpFile(round % 7 === 0 ? gzipSync(cut) : cut);
    for (const chunkSize of [undefined, 64]) {
      if ((await readSafely(f, chunkSize)) === 'ok') ok++;
      else errors++;
    }
  }
  // Both outcomes occur: the damage is real and not everything is refused.
  assert.ok(ok > 0 && errors > 0, `ok ${ok}, errors ${errors}`);
});
