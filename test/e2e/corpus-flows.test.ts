import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { readCapture } from '../../lib/capture/reader.js';
import type { Flow } from '../../lib/flow/flow.js';
import { type NdpiFlow, readNdpiOut } from '../../scripts/support/ndpi-out.js';
import { CORPUS_DIR, DAMAGED_ON_PURPOSE, NO_CORPUS, SAMPLES_DIR, corpusCaptures, readWarningProblems } from '../helpers/corpus.js';
import { CutRecords } from '../helpers/ndpi-cut.js';
import { reassembledFlowKeys } from '../helpers/reassembled.js';
import { canonicalAddr, countsAsNdpi, findFlow, ndpiKey, ndpiPort, ndpiStyleKey } from '../helpers/ndpi-match.js';

/** Captures whose flows differ from nDPI's for a reason we keep, each explained (docs/ACCURACY.md). */
const KNOWN_DIFFERENCES: Record<string, string> = {
  'capwap.pcap':
    'nDPI decapsulates a few CAPWAP data frames (802.11 with the RID high bit set, broadcast data frames) that flowcheck leaves on the outer UDP flow',
};

/*
 * General rules by which flowcheck's flows are laid against nDPI's, each a deliberate
 * difference:
 *
 * ONE FLOW PER KEY: ndpiReader reading a file keeps one flow per L4 protocol, VLAN and
 *   endpoint pair for the whole capture (it purges idle flows only on live captures), while
 *   flowcheck ends a flow after its idle timeout (UDP and others 300 s, TCP 3600 s) or after
 *   FIN/RST and starts a new one. And ndpiReader reads ports of TCP and UDP only (SCTP
 *   flows of different ports are one flow with ports 0 to it). flowcheck's flows of one
 *   such key (ndpiStyleKey) are summed.
 * CUT RECORDS: for records the capture cut short, ndpiReader counts the captured bytes and
 *   drops packets whose IP datagram was cut; flowcheck counts the bytes on the wire and keeps
 *   the packet (test/helpers/ndpi-cut.ts). That surplus is added to nDPI's numbers; a
 *   flowcheck flow made only of packets nDPI dropped has no nDPI line.
 * FRAGMENTS: ndpiReader drops all but the first fragment of an IPv4 datagram, flowcheck
 *   reassembles it and counts every fragment: a flow that got a reassembled datagram counts
 *   at least nDPI's packets and bytes in each direction (test/helpers/reassembled.ts).
 *   Captures damaged on purpose (DAMAGED_ON_PURPOSE) are read whole but not compared: their
 *   random fragment fields are judged differently (test/decode/corpus.test.ts says how).
 * AH SEEN THROUGH: flowcheck decodes through an IPsec AH header to the transport it
 *   authenticates (the payload is in clear), nDPI keys the packet as L4 protocol AH (51)
 *   with ports 0. nDPI's AH line is matched with the flowcheck flow between the same
 *   addresses and VLAN that no other nDPI line claims.
 */

function manifestPackets(): Map<string, number> {
  const rows = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(rows.map((r) => r.split('\t')).map((c) => [c[0], Number(c[4])]));
}

const IPPROTO_AH = 51;

/** Our flows of one key (ONE FLOW PER KEY). */
function groupByKey(flows: Flow[]): Map<string, Flow[]> {
  const g = new Map<string, Flow[]>();
  for (const f of flows) {
    const k = ndpiStyleKey(f);
    const list = g.get(k);
    if (list) list.push(f);
    else g.set(k, [f]);
  }
  return g;
}

/** AH SEEN THROUGH: the one unclaimed flow between nDPI's two addresses on its VLAN. */
function ahFlow(n: NdpiFlow, flows: Flow[], claimed: Set<string>): Flow | undefined {
  const ends = new Set([canonicalAddr(n.a.addr), canonicalAddr(n.b.addr)]);
  const c = flows.filter(
    (f) => f.vlanId === n.vlan && !claimed.has(ndpiStyleKey(f)) && ends.has(canonicalAddr(f.cliAddr())) && ends.has(canonicalAddr(f.srvAddr())),
  );
  return c.length === 1 ? c[0] : undefined;
}

/** Records cut by the capture: the capture is read once more, only its cut records are decoded. */
async function cutRecords(file: string): Promise<CutRecords> {
  const cut = new CutRecords();
  await readCapture(file, { onRecord: (d, o, c, w, s, ns, lt) => cut.add(d, o, c, w, s, ns, lt) });
  return cut;
}

test('corpus: every capture is read whole, and flows match nDPI endpoint for endpoint, packet for packet', { skip: NO_CORPUS }, async () => {
  const packets = manifestPackets();
  const failures: string[] = [];
  let compared = 0;
  let merged = 0;
  let cutCaptures = 0;
  let fragmentCaptures = 0;
  for (const file of corpusCaptures()) {
    const name = path.basename(file);
    const r = await analyze({ inputs: [file] });
    assert.equal(r.stats.packets, packets.get(name), `${name}: packets read`);
    failures.push(...readWarningProblems(name, r.captures[0].warnings));
    if (DAMAGED_ON_PURPOSE[name] || KNOWN_DIFFERENCES[name]) continue;
    compared++;
    const reassembled = r.stats.fragments.reassembled > 0 ? await reassembledFlowKeys(file) : new Set<string>();
    if (reassembled.size > 0) fragmentCaptures++;
    const out = readNdpiOut(`${file}.out`);
    const groups = groupByKey(r.flows);
    merged += r.flows.length - groups.size;
    const byKey = new Map<string, Flow>([...groups].map(([k, g]) => [k, g[0]]));
    const cut = await cutRecords(file);
    if (cut.cut > 0) cutCaptures++;
    const claimed = new Set(out.flows.map(ndpiKey));
    const matched = new Set<string>();
    for (const n of out.flows) {
      const f = findFlow(byKey, r.flows, n) ?? (n.ipProto === IPPROTO_AH ? ahFlow(n, r.flows, claimed) : undefined);
      if (!f) {
        failures.push(`${name}: nDPI flow #${n.index} ${n.a.addr}:${n.a.port} ${n.b.addr}:${n.b.port} not found`);
        continue;
      }
      const key = ndpiStyleKey(f);
      matched.add(key);
      const ours = [0, 0, 0, 0];
      for (const g of groups.get(key) ?? [f]) countsAsNdpi(g, n).forEach((v, i) => (ours[i] += v));
      const a = cut.of(key, canonicalAddr(n.a.addr), n.a.port);
      const b = cut.of(key, canonicalAddr(n.b.addr), n.b.port);
      const theirs = [n.aPkts + a.packets, n.aBytes + a.bytes, n.bPkts + b.packets, n.bBytes + b.bytes];
      const same = reassembled.has(key) ? ours.every((v, i) => v >= theirs[i]) : ours.join() === theirs.join();
      if (!same) failures.push(`${name}: flow ${f.id}: ours ${ours} nDPI ${theirs} (cut records included${reassembled.has(key) ? ', reassembled: at least' : ''})`);
    }
    // nDPI lists every flow it saw; flowcheck may not have more, but for flows made only of
    // packets nDPI dropped (CUT RECORDS)
    for (const [key, g] of groups) {
      if (matched.has(key)) continue;
      const f = g[0];
      const all = g.reduce((s, x) => [s[0] + x.cli2srvPackets + x.srv2cliPackets, s[1] + x.cli2srvBytes + x.srv2cliBytes], [0, 0]);
      const c = cut.of(key, canonicalAddr(f.cliAddr()), ndpiPort(f.proto, f.cliPort));
      const d = cut.of(key, canonicalAddr(f.srvAddr()), ndpiPort(f.proto, f.srvPort));
      const droppedOnly = all[0] === c.packets + d.packets && all[1] === c.bytes + d.bytes;
      if (!droppedOnly) failures.push(`${name}: extra flow ${f.id} ${f.cliAddr()}:${f.cliPort} ${f.srvAddr()}:${f.srvPort}`);
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(compared >= 400, `compared ${compared} captures`);
  assert.ok(merged > 0 && cutCaptures > 0 && fragmentCaptures > 0, 'the rules above are exercised');
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
