/**
 * Hash flooding: flows crafted to share one hash under the flow table's unseeded hash
 * (scripts/fuzz-lib/collide.ts) must still spread over the table, or every lookup walks one
 * probe chain and run time turns quadratic (20,000 such flows took 9.2 s of CPU instead of
 * 0.7 s before the table took a per-process seed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';
import { FlowTable } from '../../lib/flow/table.js';
import { COLLIDE_DST, collidingFlows, unseededHash } from '../../scripts/fuzz-lib/collide.js';

test('crafted flows really collide under the unseeded hash', () => {
  const k = new Uint32Array(10);
  const hashes = new Set<number>();
  for (const f of collidingFlows(500)) {
    k[0] = (1 << 20) | (17 << 12);
    k.set(f.src, 1);
    k.set(COLLIDE_DST, 5);
    k[9] = ((f.sport << 16) | f.dport) >>> 0;
    hashes.add(unseededHash(k));
  }
  assert.equal(hashes.size, 1);
});

test('the flow table spreads them: its hash is seeded', () => {
  const table = new FlowTable();
  const pkt = new PacketInfo();
  pkt.ipVersion = 6;
  pkt.proto = 17;
  const flows = collidingFlows(4000);
  const hashes = new Set<number>();
  flows.forEach((f, i) => {
    pkt.src.set(f.src);
    pkt.dst.set(COLLIDE_DST);
    pkt.sport = f.sport;
    pkt.dport = f.dport;
    assert.equal(table.lookup(pkt), undefined);
    const flow = new Flow(i + 1);
    table.insert(flow);
    hashes.add(flow.keyHash);
  });
  assert.equal(table.size, 4000);
  // distinct keys, distinct hashes (up to the odd chance collision)
  assert.ok(hashes.size > 3990, `${hashes.size} distinct hashes of 4000`);
  // and every one is found again
  for (const f of flows) {
    pkt.src.set(f.src);
    pkt.sport = f.sport;
    pkt.dport = f.dport;
    assert.notEqual(table.lookup(pkt), undefined);
  }
});
