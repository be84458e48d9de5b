import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ndpiField, parseNdpiFlowLine, parseNdpiOut } from '../../scripts/support/ndpi-out.js';
import { CORPUS_DIR, NO_CORPUS, corpusCaptures } from '../helpers/corpus.js';

test('a flow line: VLAN, ids, confidence, counters, host name', () => {
  const f = parseNdpiFlowLine(
    '\t1\tUDP 82.178.113.245:47255 <-> 82.178.158.181:53 [VLAN: 785][proto: 5.142/DNS.WhatsApp][IP: 0/Unknown]' +
      '[ClearText][Confidence: DPI][FPC: 5.142/DNS.WhatsApp, Confidence: DPI][DPI packets: 2][cat: Network/14]' +
      '[1 pkts/91 bytes <-> 1 pkts/219 bytes][Goodput ratio: 36/73][0.00 sec][Hostname/SNI: e7.whatsapp.net]',
  );
  assert.ok(f);
  const { raw, ...rest } = f;
  assert.ok(raw.startsWith('\t1\tUDP 82.178.113.245:47255'));
  assert.deepEqual(rest, {
    index: 1,
    undetected: false,
    l4: 'UDP',
    ipProto: 17,
    a: { addr: '82.178.113.245', port: 47255 },
    b: { addr: '82.178.158.181', port: 53 },
    oneWay: false,
    vlan: 785,
    tunnel: '',
    master: 5,
    app: 142,
    protoName: 'DNS.WhatsApp',
    confidence: 'DPI',
    aPkts: 1,
    aBytes: 91,
    bPkts: 1,
    bBytes: 219,
    hostname: 'e7.whatsapp.net',
    ipMatch: { id: 0, name: 'Unknown' },
    risks: [],
    riskScore: 0,
  });
});

test('a flow line with risks: names, score, info', () => {
  const f = parseNdpiFlowLine(
    '\t1\tTCP 192.168.1.212:50694 <-> 90.130.70.73:21 [proto: 1/FTP_CONTROL][IP: 0/Unknown][ClearText][Confidence: DPI]' +
      '[41 pkts/2892 bytes <-> 27 pkts/2679 bytes][User: anonymous][Risk: ** Unsafe Protocol **** Clear-Text Credentials **]' +
      '[Risk Score: 110][Risk Info: Found FTP username (anonymous)][PLAIN TEXT (vsFTPd 3.0.3)]',
  );
  assert.ok(f);
  assert.deepEqual(f.risks, ['Unsafe Protocol', 'Clear-Text Credentials']);
  assert.equal(f.riskScore, 110);
  assert.equal(f.riskInfo, 'Found FTP username (anonymous)');
});

test('IPv6 in brackets, one-way arrow, tunnel prefix', () => {
  const f = parseNdpiFlowLine(
    '\t1\tESP [2a01:4c8:c014:144e:1:2:945b:6761]:0 -> [2a01:4c8:f000:f49::4]:0 [VLAN: 2][proto: GTP:79/IPSec]' +
      '[IP: 0/Unknown][Encrypted][Confidence: DPI][FPC: 79/IPSec, Confidence: DPI][1 pkts/166 bytes -> 0 pkts/0 bytes]',
  );
  assert.ok(f);
  assert.equal(f.a.addr, '2a01:4c8:c014:144e:1:2:945b:6761');
  assert.equal(f.b.addr, '2a01:4c8:f000:f49::4');
  assert.equal(f.oneWay, true);
  assert.equal(f.tunnel, 'GTP');
  assert.equal(f.ipProto, 50);
  assert.equal(f.master, 0);
  assert.equal(f.app, 79);
  assert.equal(f.protoName, 'IPSec');
  assert.equal(f.hostname, undefined);
  assert.equal(parseNdpiFlowLine('\t1\t 10.10.20.4               \t 1      '), undefined);
  assert.equal(ndpiField(f.raw, 'Confidence'), 'DPI');
  assert.equal(ndpiField(f.raw, 'FPC'), '79/IPSec, Confidence: DPI');
  assert.equal(ndpiField(f.raw, 'Hostname/SNI'), undefined);
});

test('an empty .out (nDPI wrote nothing) and the Undetected flows list', () => {
  assert.deepEqual(parseNdpiOut(''), { flows: [], totals: [] });
  const text = [
    'Unknown\t1\t197\t1',
    '',
    'Undetected flows:',
    '\t1\tTCP [3400:3a30:3035:2f75:706c:6f32:643f:6c3d]:44288 -> [302e::3d00::8001]:0 [proto: 0/Unknown][IP: 0/Unknown][ClearText][Confidence: Unknown][1 pkts/197 bytes -> 0 pkts/0 bytes]',
  ].join('\n');
  const { flows, totals } = parseNdpiOut(text);
  assert.deepEqual(totals, [{ name: 'Unknown', packets: 1, bytes: 197, flows: 1 }]);
  assert.equal(flows.length, 1);
  assert.deepEqual([flows[0].undetected, flows[0].b.addr, flows[0].b.port, flows[0].aBytes, flows[0].oneWay], [true, '302e::3d00::8001', 0, 197, true]);
});

test('every corpus .out parses; flows add up to the per-protocol totals', { skip: NO_CORPUS }, () => {
  const caps = corpusCaptures();
  assert.ok(caps.length > 0);
  // flows_in_out of MANIFEST.tsv: how many flows each .out lists
  const rows = readFileSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
  const col = rows[0].indexOf('flows_in_out');
  assert.ok(col >= 0, 'MANIFEST.tsv has flows_in_out');
  const listed = new Map(rows.slice(1).map((c) => [c[0], Number(c[col])]));
  for (const cap of caps) {
    const text = readFileSync(`${cap}.out`, 'utf8');
    const { flows, totals } = parseNdpiOut(text);
    const lines = text.split('\n').filter((l) => /^\t\d+\t\S+ \S+ (<->|->) \S+ \[/.test(l));
    assert.equal(flows.length, lines.length, cap);
    assert.equal(flows.length, listed.get(path.basename(cap)), `${cap}: flows_in_out of MANIFEST.tsv`);
    // An empty .out: nDPI's run wrote nothing, as for fuzz-2021-06-07-c6c72a0a56.pcap, whose one
    // record is an IP datagram cut short that ndpiReader drops. Nothing to add up then.
    if (text === '') {
      assert.deepEqual([flows.length, totals.length], [0, 0], cap);
      continue;
    }
    assert.ok(flows.length > 0, cap);
    const detected = flows.filter((f) => !f.undetected).length;
    flows.forEach((f, i) => {
      assert.equal(f.index, f.undetected ? i + 1 - detected : i + 1, `${cap} #${i + 1}`);
      assert.equal(f.undetected, f.protoName === 'Unknown', `${cap} #${i + 1}`);
      assert.ok(f.ipProto > 0, `${cap} #${i + 1} L4 ${f.l4}`);
      assert.ok(f.aPkts + f.bPkts > 0, `${cap} #${i + 1}`);
      assert.equal(f.oneWay, f.bPkts === 0, `${cap} #${i + 1}`);
    });
    // the totals near the top count flows by application name (the part after the dot)
    const byApp = new Map<string, { packets: number; bytes: number; flows: number }>();
    for (const f of flows) {
      const app = f.protoName.includes('.') ? f.protoName.slice(f.protoName.indexOf('.') + 1) : f.protoName;
      const t = byApp.get(app) ?? { packets: 0, bytes: 0, flows: 0 };
      t.packets += f.aPkts + f.bPkts;
      t.bytes += f.aBytes + f.bBytes;
      t.flows++;
      byApp.set(app, t);
    }
    assert.ok(totals.length > 0, cap);
    for (const t of totals) {
      assert.deepEqual(byApp.get(t.name), { packets: t.packets, bytes: t.bytes, flows: t.flows }, `${cap}: ${t.name}`);
    }
    assert.equal(totals.reduce((s, t) => s + t.flows, 0), flows.length, cap);
  }
});
