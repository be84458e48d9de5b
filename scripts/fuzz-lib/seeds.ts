/**
 * Seed captures for the fuzzer: the bundled samples and, when present, the real-traffic
 * corpus. Each is read once through flowcheck's own reader into records (bytes copied),
 * so mutations can rebuild files of any shape from real packets.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readCapture } from '../../lib/capture/reader.js';
import { CORPUS_DIR, HAVE_CORPUS, SAMPLES_DIR } from '../../test/helpers/corpus.js';

export interface Rec {
  data: Uint8Array;
  wirelen: number;
  sec: number;
  nsec: number;
  linktype: number;
}

export interface Seed {
  name: string;
  /** The file as stored (gunzipped), for byte-level mutation; empty when too large. */
  raw: Uint8Array;
  records: Rec[];
}

/** Seeds larger than this are used only through their records. */
const RAW_MAX = 256 * 1024;
/** Records kept per seed (windows are cut from them). */
const RECORDS_MAX = 4000;

export function seedFiles(useCorpus = true): string[] {
  const files: string[] = [];
  for (const f of readdirSync(SAMPLES_DIR).sort()) if (/\.(pcap|pcapng)$/.test(f)) files.push(path.join(SAMPLES_DIR, f));
  if (useCorpus && HAVE_CORPUS) {
    for (const f of readdirSync(CORPUS_DIR).sort()) if (/\.(pcap|pcapng)$/.test(f)) files.push(path.join(CORPUS_DIR, f));
  }
  return files;
}

export async function loadSeeds(useCorpus = true): Promise<Seed[]> {
  const seeds: Seed[] = [];
  for (const file of seedFiles(useCorpus)) {
    const records: Rec[] = [];
    try {
      await readCapture(file, {
        onRecord(data, off, caplen, wirelen, sec, nsec, linktype) {
          if (records.length < RECORDS_MAX) records.push({ data: new Uint8Array(data.subarray(off, off + caplen)), wirelen, sec, nsec, linktype });
        },
      });
    } catch {
      // a seed the reader refuses is still useful raw
    }
    let raw: Uint8Array = readFileSync(file);
    if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
    // plain Uint8Arrays (not Buffers): their slice() copies, so mutations never reach the seed
    seeds.push({ name: path.basename(file), raw: raw.length <= RAW_MAX ? new Uint8Array(raw) : new Uint8Array(0), records });
  }
  return seeds;
}
