import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { readCapture } from '../../lib/capture/reader.js';
import { pcapFile, type WriteRecord } from '../../lib/capture/writer.js';
import type { Flow } from '../../lib/flow/flow.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';

async function records(file: string): Promise<WriteRecord[]> {
  const out: WriteRecord[] = [];
  await readCapture(file, {
    onRecord(data, off, caplen, wirelen, sec, nsec) {
      // copy: the reader reuses its chunk buffer (and Buffer.slice would be a view)
      out.push({ sec, nsec, data: new Uint8Array(data.subarray(off, off + caplen)), origLen: wirelen });
    },
  });
  return out;
}

function shape(flows: Flow[]): string[] {
  return flows
    .map((f) => [f.cliAddr(), f.cliPort, f.srvAddr(), f.srvPort, f.proto, f.cli2srvPackets, f.cli2srvBytes, f.srv2cliPackets, f.srv2cliBytes].join(' '))
    .sort();
}

test('a rotated capture in three files (given in any order, or as a directory) gives the flows of the whole', async () => {
  const mixed = path.join(SAMPLES_DIR, 'mixed.pcap');
  const recs = await records(mixed);
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-rot-'));
  const third = Math.floor(recs.length / 3);
  const parts = [recs.slice(0, third), recs.slice(third, 2 * third), recs.slice(2 * third)];
  // names sort against time order, so the directory walk must order by first packet time
  const names = ['c.pcap', 'b.pcap', 'a.pcap'];
  mkdirSync(path.join(dir, 'sub'));
  parts.forEach((p, i) => writeFileSync(path.join(dir, i === 2 ? 'sub' : '', names[i]), pcapFile(p, { linktype: 1 })));
  const whole = await analyze({ inputs: [mixed] });
  const split = await analyze({ inputs: [dir] });
  assert.deepEqual(
    split.captures.map((c) => path.relative(dir, c.file)),
    ['c.pcap', 'b.pcap', path.join('sub', 'a.pcap')],
  );
  assert.deepEqual(shape(split.flows), shape(whole.flows));
  // a flow spanning the cut continues (same flow) and records the file where it was first seen
  const c = split.captures[0];
  const spanning = split.flows.filter((f) => f.capture === c.file && (f.lastSec > c.lastSec || (f.lastSec === c.lastSec && f.lastNsec > c.lastNsec)));
  assert.ok(spanning.length > 0, 'some flow spans the first cut');
  assert.ok(split.flows.every((f) => split.captures.some((x) => x.file === f.capture)));
});
