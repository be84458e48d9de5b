import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Classifier } from '../../lib/classify/classifier.js';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { lcg31 } from '../helpers/random.js';
import { DISSECTORS } from '../../lib/classify/protocols/index.js';
import { PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';

const next = lcg31(2024);
const rnd = (n: number) => (next() >> 8) % n;

function randomPayload(): Uint8Array {
  const b = new Uint8Array(rnd(600));
  const text = rnd(3) === 0;
  for (let i = 0; i < b.length; i++) b[i] = text ? 32 + rnd(95) : rnd(256);
  return b;
}

test('every registered dissector names a known protocol and wants TCP or UDP', () => {
  assert.ok(DISSECTORS.length > 0);
  for (const d of DISSECTORS) {
    assert.ok(protocolId(d.name) >= 0, d.name);
    assert.ok(d.transports.length > 0 && d.transports.every((t) => t === 6 || t === 17), d.name);
  }
});

test('no registered dissector throws on random or truncated payloads', () => {
  const failures: string[] = [];
  for (let k = 0; k < 300; k++) {
    const payload = randomPayload();
    for (const d of DISSECTORS) {
      for (const transport of d.transports) {
        const f = new Flow(k);
        f.proto = transport;
        f.cliPort = 1024 + rnd(60000);
        f.srvPort = d.ports && d.ports.length > 0 && rnd(2) === 0 ? d.ports[rnd(d.ports.length)] : rnd(65536);
        // a growing stream (TCP) or successive datagrams, both directions
        for (let step = 0; step < 4; step++) {
          const len = transport === 6 ? Math.min(payload.length, ((step + 1) * payload.length) >> 2) : payload.length;
          const dir = (step & 1) as 0 | 1;
          const inp: DissectInput = {
            flow: f,
            dir,
            data: payload,
            off: 0,
            len,
            packetIndex: step,
            transport,
            sport: dir === 0 ? f.cliPort : f.srvPort,
            dport: dir === 0 ? f.srvPort : f.cliPort,
          };
          try {
            const v = d.dissect(inp);
            if (v < Verdict.No || v > Verdict.YesMore) failures.push(`${d.name}: verdict ${v}`);
            if (v === Verdict.No || v === Verdict.Yes) break;
          } catch (e) {
            failures.push(`${d.name}: ${(e as Error).message}`);
            break;
          }
        }
      }
    }
  }
  assert.deepEqual([...new Set(failures)], []);
});

test('the classifier settles every random flow exactly once', () => {
  let finals = 0;
  const c = new Classifier({ maxPackets: 8 }, () => finals++);
  const pkt = new PacketInfo();
  const n = 500;
  for (let k = 0; k < n; k++) {
    const f = new Flow(k);
    f.proto = rnd(2) === 0 ? 6 : 17;
    f.cliPort = 1024 + rnd(60000);
    f.srvPort = [53, 80, 443, 22, 5353, 123, 161, rnd(65536)][rnd(8)];
    for (let i = 0; i < 12 && !f.classified; i++) {
      const p = randomPayload();
      pkt.sport = f.cliPort;
      pkt.dport = f.srvPort;
      c.inspect(f, (i & 1) as 0 | 1, pkt, p, 0, p.length);
    }
    c.end(f);
    assert.equal(f.classified, true);
  }
  assert.equal(finals, n);
  assert.deepEqual(c.dissectorErrors, []);
});
