import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { Classifier } from '../../lib/classify/classifier.js';
import { Verdict, type DissectInput, type Dissector, type PreTest } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { DISSECTORS } from '../../lib/classify/protocols/index.js';
import { PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';
import { NO_CORPUS, corpusCaptures } from '../helpers/corpus.js';

// Dissector.pre: the classifier answers a dissector's declared first-look No from a table
// instead of calling it. These tests hold the mechanism to that and every declaration in the
// registry to its dissector's own code, on the whole corpus.

function udpFlow(cliPort: number, srvPort: number): Flow {
  const f = new Flow(1);
  f.proto = 17;
  f.cli[0] = 0xc0a80001;
  f.srv[0] = 0x0a000002;
  f.cliPort = cliPort;
  f.srvPort = srvPort;
  return f;
}

/** A dissector that records the first byte of every payload it is called with; Yes on 0x01 0x02. */
function recording(pre: Dissector['pre']) {
  const seen: number[] = [];
  const d: Dissector = {
    name: 'NTP',
    transports: [17],
    pre,
    dissect(inp: DissectInput) {
      seen.push(inp.data[inp.off]);
      if (inp.len >= 2 && inp.data[inp.off] === 1 && inp.data[inp.off + 1] === 2) {
        inp.flow.l7Master = 0;
        inp.flow.l7App = protocolId('NTP');
        return Verdict.Yes;
      }
      return inp.data[inp.off] === 1 ? Verdict.More : Verdict.No;
    },
  };
  return { d, seen };
}

function run(d: Dissector, flow: Flow, payloads: number[][]): Flow {
  const c = new Classifier({}, () => {}, [d]);
  const pkt = new PacketInfo();
  pkt.sport = flow.cliPort;
  pkt.dport = flow.srvPort;
  for (const p of payloads) {
    const b = Uint8Array.from(p);
    c.inspect(flow, 0, pkt, b, 0, b.length);
  }
  c.end(flow);
  return flow;
}

test('a dissector is not called on a payload its pre-test rejects, and that counts as its No', () => {
  const pre = { udp: { minLen: 2, bytes: [1] } };
  // first byte 0x07: rejected; the dissector is out for the flow, the later 01 02 finds nothing
  const a = recording(pre);
  const fa = run(a.d, udpFlow(40000, 40001), [[7, 2, 3], [1, 2]]);
  assert.deepEqual(a.seen, []);
  assert.notEqual(fa.confidence, 'dpi');
  // too short (one byte 0x01): rejected as well
  const b = recording(pre);
  run(b.d, udpFlow(40000, 40001), [[1], [1, 2]]);
  assert.deepEqual(b.seen, []);
  // passes: called, More, then Yes
  const c = recording(pre);
  const fc = run(c.d, udpFlow(40000, 40001), [[1, 9], [1, 2]]);
  assert.deepEqual(c.seen, [1, 1]);
  assert.deepEqual([fc.l7App, fc.confidence], [protocolId('NTP'), 'dpi']);
  // the same dissector without a pre-test is called on the first payload and answers No itself
  const d = recording(undefined);
  run(d.d, udpFlow(40000, 40001), [[7, 2, 3], [1, 2]]);
  assert.deepEqual(d.seen, [7]);
  // a byte test at offset 1
  const e = recording({ udp: { minLen: 2, at: 1, bytes: [2, 9] } });
  run(e.d, udpFlow(40000, 40001), [[1, 9], [1, 3], [1, 2]]);
  assert.deepEqual(e.seen, [1]);
});

test('a firstLook pre-test tests the first payload only', () => {
  const fl = recording({ udp: { minLen: 2, bytes: [1], firstLook: true } });
  run(fl.d, udpFlow(40000, 40001), [[1, 9], [7], [1, 2]]);
  assert.deepEqual(fl.seen, [1, 7]);
  const every = recording({ udp: { minLen: 2, bytes: [1] } });
  run(every.d, udpFlow(40000, 40001), [[1, 9], [7], [1, 2]]);
  assert.deepEqual(every.seen, [1]);
});

test('a port pre-test keeps the dissector off flows with neither port, whichever side has it', () => {
  const pre = { udp: { ports: [123] } };
  const off = recording(pre);
  run(off.d, udpFlow(40000, 40001), [[1, 2]]);
  assert.deepEqual(off.seen, []);
  const srv = recording(pre);
  assert.equal(run(srv.d, udpFlow(40000, 123), [[1, 2]]).confidence, 'dpi');
  assert.deepEqual(srv.seen, [1]);
  const cli = recording(pre);
  assert.equal(run(cli.d, udpFlow(123, 40001), [[1, 2]]).confidence, 'dpi');
  assert.deepEqual(cli.seen, [1]);
  // the TCP pre-test does not apply to UDP
  const tcpOnly = recording({ tcp: { ports: [123] } });
  run(tcpOnly.d, udpFlow(40000, 40001), [[1, 2]]);
  assert.deepEqual(tcpOnly.seen, [1]);
});

test('a byte test applies from bytesFrom bytes (default: the byte is there); shorter payloads pass it', () => {
  const waits = recording({ udp: { bytes: [1], bytesFrom: 2 } });
  // one byte: called (and answers No itself); two bytes, the wrong first one: not called
  run(waits.d, udpFlow(40000, 40001), [[9], [1, 2]]);
  assert.deepEqual(waits.seen, [9]);
  const waits2 = recording({ udp: { bytes: [1], bytesFrom: 2 } });
  run(waits2.d, udpFlow(40000, 40001), [[8, 8], [1, 2]]);
  assert.deepEqual(waits2.seen, []);
  const at1 = recording({ udp: { bytes: [2], at: 1 } });
  run(at1.d, udpFlow(40000, 40001), [[1], [1, 3]]);
  assert.deepEqual(at1.seen, [1]);
  const bad = recording({ udp: { bytes: [2], at: 1, bytesFrom: 1 } });
  assert.throws(() => new Classifier({}, () => {}, [bad.d]), /NTP: a pre-test's bytesFrom must be beyond its offset/);
});

/** The look a pre-test rejects (the classifier's rule restated), given the flow's ports. */
function rejects(p: PreTest | undefined, inp: DissectInput): boolean {
  if (p === undefined) return false;
  const f = inp.flow;
  if (p.ports !== undefined && !p.ports.includes(f.cliPort) && !p.ports.includes(f.srvPort)) return true;
  if (p.firstLook === true && inp.packetIndex !== 0) return false;
  if (inp.len < (p.minLen ?? 0)) return true;
  const at = p.at ?? 0;
  return p.bytes !== undefined && inp.len >= (p.bytesFrom ?? at + 1) && !p.bytes.includes(inp.data[inp.off + at]);
}

/** A flow's verdict and everything the dissectors set on it. */
function outcome(f: Flow): string {
  return JSON.stringify([f.id, f.l7Master, f.l7App, f.confidence, f.host, f.meta]);
}

test('on every corpus capture: each pre-test rejects only looks its dissector answers No to, and verdicts are unchanged', { skip: NO_CORPUS }, async () => {
  const declared = DISSECTORS.filter((d) => d.pre !== undefined);
  assert.ok(declared.length > 0, 'no dissector declares a pre-test');
  // without pre-tests: every dissector called as before; each call checked against its pre-test
  const wrong = new Map<string, number>();
  const found = new WeakMap<Flow, Set<string>>();
  const checked = DISSECTORS.map(
    (d): Dissector => ({
      name: d.name,
      transports: d.transports,
      ports: d.ports,
      portsOnly: d.portsOnly,
      dissect(inp) {
        // a pre-test speaks for the looks before the dissector found its protocol
        const before = !(found.get(inp.flow)?.has(d.name) ?? false);
        const p = inp.transport === 6 ? d.pre?.tcp : d.pre?.udp;
        const rejected = before && rejects(p, inp);
        const v = d.dissect(inp);
        if (rejected && v !== Verdict.No) wrong.set(d.name, (wrong.get(d.name) ?? 0) + 1);
        if (v === Verdict.Yes || v === Verdict.YesMore) {
          let s = found.get(inp.flow);
          if (s === undefined) found.set(inp.flow, (s = new Set()));
          s.add(d.name);
        }
        return v;
      },
    }),
  );
  let flows = 0;
  const differ: string[] = [];
  for (const file of corpusCaptures()) {
    const plain = await analyze({ inputs: [file], dissectors: checked });
    const fast = await analyze({ inputs: [file] });
    flows += fast.flows.length;
    const a = plain.flows.map(outcome);
    const b = fast.flows.map(outcome);
    if (a.join('\n') !== b.join('\n') || JSON.stringify(plain.limits) !== JSON.stringify(fast.limits)) differ.push(file);
  }
  assert.ok(flows > 5000, `${flows} flows`);
  assert.deepEqual([...wrong], [], 'pre-tests rejecting looks their dissector does not answer No to');
  assert.deepEqual(differ, [], 'captures whose verdicts differ with pre-tests');
});
