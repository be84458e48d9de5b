import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import type { Flow } from '../../lib/flow/flow.js';
import { readNdpiOut } from '../../scripts/lib/ndpi-out.js';
import { CORPUS_DIR, NO_CORPUS, SAMPLES_DIR, corpusCaptures } from '../helpers/corpus.js';
import { countsAsNdpi, findFlow, flowKey } from '../helpers/ndpi-match.js';

/**
 * Flows that differ from nDPI's for a reason we keep, each explained (docs/ACCURACY.md).
 * Captures with IP fragments are compared only where no fragment is involved, because
 * nDPI drops non-first fragments while flowcheck reassembles them.
 */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'capwap.pcap':
    'nDPI decapsulates a few CAPWAP data frames (802.11 with the RID high bit set, broadcast data frames) that flowcheck leaves on the outer UDP flow',
};

function manifestPackets(): Map<string, number> {
  const rows = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.split('\t')).map((c) => [c[0], Number(c[4])]));
}

test('corpus: every capture is read whole, and flows match nDPI endpoint for endpoint, packet for packet', { skip: NO_CORPUS }, async () => {
  const packets = manifestPackets();
  const failures: string[] = [];
  let compared = 0;
  for (const file of corpusCaptures()) {
    const name = path.basename(file);
    const r = await analyze({ inputs: [file] });
    assert.equal(r.stats.packets, packets.get(name), `${name}: packets read`);
    assert.deepEqual(r.captures[0].warnings, [], `${name}: no reading warnings`);
    const fragmented = r.stats.fragments.reassembled + r.stats.fragments.timedOut + r.stats.fragments.overLimit > 0;
    if (fragmented || KNOWN_DIFFERENCES[name]) continue;
    compared++;
    const out = readNdpiOut(`${file}.out`);
    const byKey = new Map<string, Flow>(r.flows.map((f) => [flowKey(f), f]));
    const matched = new Set<Flow>();
    for (const n of out.flows) {
      const f = findFlow(byKey, r.flows, n);
      if (!f) {
        failures.push(`${name}: nDPI flow #${n.index} ${n.a.addr}:${n.a.port} ${n.b.addr}:${n.b.port} not found`);
        continue;
      }
      matched.add(f);
      const ours = countsAsNdpi(f, n);
      const theirs = [n.aPkts, n.aBytes, n.bPkts, n.bBytes];
      if (ours.join() !== theirs.join()) failures.push(`${name}: flow ${f.id}: ours ${ours} nDPI ${theirs}`);
    }
    // nDPI lists every flow it saw; flowcheck may not have more
    for (const f of r.flows) if (!matched.has(f)) failures.push(`${name}: extra flow ${f.id} ${f.cliAddr()}:${f.cliPort} ${f.srvAddr()}:${f.srvPort}`);
  }
  assert.deepEqual(failures, []);
  assert.ok(compared >= 40, `compared ${compared} captures`);
});

test('samples: pcap, pcapng, nanosecond big-endian and gzip forms of one capture give identical flows', async () => {
  // the samples are synthesized in all these forms from one packet list (scripts/make-samples.ts)
  const forms = ['mixed.pcap', 'mixed.pcapng', 'mixed.pcap.gz', 'mixed-nsec-be.pcap'];
  const dumps: string[] = [];
  for (const f of forms) {
    const r = await analyze({ inputs: [path.join(SAMPLES_DIR, f)] });
    dumps.push(
      JSON.stringify(
        r.flows.map((x) => [x.id, x.cliAddr(), x.cliPort, x.srvAddr(), x.srvPort, x.proto, x.vlanId, x.cli2srvPackets, x.cli2srvBytes, x.srv2cliPackets, x.srv2cliBytes, x.firstSec, x.firstNsec, x.lastSec, x.lastNsec]),
      ),
    );
  }
  assert.ok(dumps[0].length > 100);
  for (let i = 1; i < forms.length; i++) assert.equal(dumps[i], dumps[0], forms[i]);
});
