/**
 * Kept alerts (lib/report/kept-alerts.ts) must read and write as the report's alert objects
 * they stand for (alertJson with its flowRefJson): the same JSON bytes compact (NDJSON), as
 * the JSON report's trailer indents them, the same object for formats that read fields, and
 * the same order by time. Over every alert of the corpus and the samples, and crafted ones.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { DEFAULT_NAMES } from '../../lib/classify/custom-protocols.js';
import { Flow, type Alert } from '../../lib/flow/flow.js';
import { byScore, byTime, sortByTime } from '../../lib/report/alerts.js';
import type { AlertDoc, ReportTrailer } from '../../lib/report/doc.js';
import { JsonBytes } from '../../lib/report/json-bytes.js';
import { alertJson, jsonTail, stringifyReport, writeJsonTail } from '../../lib/report/json.js';
import { keepAlerts, KeptAlert, writeAlertJson } from '../../lib/report/kept-alerts.js';
import { writeAlertLines } from '../../lib/report/ndjson.js';
import type { ReportSink } from '../../lib/report/writer.js';
import { NO_CORPUS, SAMPLES_DIR, corpusCaptures } from '../helpers/corpus.js';

function written(a: KeptAlert, indent = 0, depth = 0, open = '{'): string {
  const b = new JsonBytes(64);
  writeAlertJson(b, a, indent, depth, open);
  return b.toString();
}

/** A sink collecting what a format writes, as text or as bytes. */
function sink(): ReportSink & { text(): string } {
  const bytes = new JsonBytes(64);
  return { bytes, write: (s) => bytes.text(s), wrote: () => {}, text: () => bytes.toString() };
}

/** The trailer as today's objects and as kept alerts: the same bytes. */
function sameTrailer(docs: AlertDoc[], kept: KeptAlert[], label: string): void {
  const trailer = (alerts: AlertDoc[]) => ({ alerts, warnings: ['w'] }) as unknown as ReportTrailer;
  const out = sink();
  writeJsonTail((s) => out.write(s), trailer(kept), out);
  assert.equal(out.text(), jsonTail(trailer(docs)), `${label}: JSON trailer`);
  const nd = sink();
  writeAlertLines(nd, kept);
  assert.equal(nd.text(), docs.map((d) => stringifyReport({ type: 'alert', ...d }) + '\n').join(''), `${label}: NDJSON lines`);
}

/** Each alert of each flow: its kept form against alertJson(a, f). */
function check(flows: Flow[], label: string): { docs: AlertDoc[]; kept: KeptAlert[] } {
  const docs: AlertDoc[] = [];
  const kept: KeptAlert[] = [];
  for (const f of flows) {
    if (f.alerts.length === 0) continue;
    const start = kept.length;
    keepAlerts(f, DEFAULT_NAMES, kept);
    for (let i = 0; i < f.alerts.length; i++) {
      const want = alertJson(f.alerts[i], f, DEFAULT_NAMES);
      const k = kept[start + i];
      const what = `${label} flow ${f.id} alert ${i}`;
      assert.deepEqual(JSON.parse(JSON.stringify(k)), JSON.parse(JSON.stringify(want)), what);
      assert.equal(written(k), stringifyReport(want), what);
      assert.equal(stringifyReport(k), stringifyReport(want), `${what}: toJSON`);
      for (const key of ['flow_id', 'score', 'severity', 'message', 'check', 'time', 'time_iso'] as const) assert.equal(k[key], want[key], `${what}: ${key}`);
      assert.deepEqual(k.flow, want.flow, `${what}: flow`);
      docs.push(want);
    }
  }
  sameTrailer(docs, kept, label);
  return { docs, kept };
}

/** Both sorts give one order. */
function sameOrder(docs: AlertDoc[], kept: KeptAlert[], label: string): void {
  const key = (a: AlertDoc) => stringifyReport(a);
  const d = [...docs];
  const k = [...kept];
  sortByTime(d);
  sortByTime(k);
  assert.deepEqual(k.map(key), d.map(key), `${label}: sortByTime`);
  assert.deepEqual([...kept].sort(byTime).map(key), [...docs].sort(byTime).map(key), `${label}: byTime`);
  assert.deepEqual([...kept].sort(byScore).map(key), [...docs].sort(byScore).map(key), `${label}: byScore`);
}

async function flowsOf(captures: string[]): Promise<Flow[]> {
  const checks = ['example.lua', 'tls-weak.lua', 'unexpected-protocol-on-port.lua'].map((c) => ({
    file: path.join(SAMPLES_DIR, 'checks', c),
    hook: 'end' as const,
  }));
  const flows: Flow[] = [];
  for (const cap of captures) {
    const r = await analyze({ inputs: [cap], keepFlows: true, checks, checkOptions: { stderr: () => {} } });
    flows.push(...r.flows);
  }
  return flows;
}

test('every corpus alert: kept and written as alertJson with its flow', { skip: NO_CORPUS }, async () => {
  const flows = await flowsOf(corpusCaptures());
  const { docs, kept } = check(flows, 'corpus');
  assert.ok(kept.length > 1000, `${kept.length} alerts`);
  assert.ok(flows.some((f) => f.ipVersion === 6 && f.alerts.length > 0), 'IPv6 flows with alerts');
  sameOrder(docs, kept, 'corpus');
});

test('every samples/*.pcap alert: kept and written as alertJson with its flow', async () => {
  const caps = readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.pcap'))
    .map((f) => path.join(SAMPLES_DIR, f));
  const { docs, kept } = check(await flowsOf(caps), 'samples');
  assert.ok(kept.length > 0);
  sameOrder(docs, kept, 'samples');
});

function flow(id: number, alerts: Omit<Alert, 'flowId'>[], v6 = false): Flow {
  const f = new Flow(id);
  f.proto = 17;
  if (v6) {
    f.ipVersion = 6;
    f.cli.splice(0, 4, 0x20010db8, 0, 0, 1);
    f.srv.splice(0, 4, 0xfe800000, 0, 0, 0x22);
  } else {
    f.cli[0] = 0x0a000001;
    f.srv[0] = 0xc0a80102;
  }
  f.cliPort = 5353;
  f.srvPort = 53;
  f.firstSec = -995;
  f.firstNsec = 7;
  f.lastSec = 1e22;
  f.lastNsec = 1;
  f.capture = 'a "quoted"\u2028 capture\\.pcap';
  f.host = 'h\u0000ts:1.5';
  for (const a of alerts) f.alerts.push({ flowId: id, ...a });
  return f;
}

test('crafted alerts: odd fields, times out of the plain range, IPv6, escapes', () => {
  const flows = [
    flow(3, [
      { score: 100, severity: 'error', message: 'é "x" \n \ud800', check: 'c "1".lua', tsSec: 5, tsNsec: 1500 },
      { score: NaN, severity: undefined as never, message: 'no severity', check: 'x.lua', tsSec: 5, tsNsec: 1500 },
      { score: 1.5, severity: 'info', message: undefined as never, check: undefined as never, tsSec: 0, tsNsec: 0 },
      { score: 3, severity: 'x', message: ['a', 1] as never, check: { n: 1 } as never, tsSec: -1, tsNsec: 999999999 },
    ]),
    flow(1, [
      { score: 10, severity: 'notice', message: 'm', check: 'b.lua', tsSec: 5, tsNsec: 1499 },
      { score: 10, severity: 'notice', message: 'm', check: 'a.lua', tsSec: 5, tsNsec: 1500 },
      { score: 10, severity: 'notice', message: 'late', check: 'a.lua', tsSec: 2 ** 31, tsNsec: 0 },
      { score: 10, severity: 'notice', message: 'frac', check: 'a.lua', tsSec: 5.5, tsNsec: 0.25 },
    ], true),
    flow(2, [{ score: 200, severity: 'critical', message: 'ok', check: 'a.lua', tsSec: 5, tsNsec: 1000 }]),
  ];
  const { docs, kept } = check(flows, 'crafted');
  assert.equal(kept.length, 9);
  sameOrder(docs, kept, 'crafted');
  // the open of an NDJSON line and deeper indents
  for (const [i, k] of kept.entries()) {
    assert.equal(written(k, 0, 0, '{"type":"alert",'), stringifyReport({ type: 'alert', ...docs[i] }));
    assert.equal(written(k, 2, 1), stringifyReport(docs[i], 2).replace(/\n/g, '\n  '));
  }
});

test('no alerts: the trailer writes []', () => {
  sameTrailer([], [], 'none');
});
