/**
 * The formats table (lib/report/formats.ts) and the streamed JSON writer every document
 * format goes through: writeJson must give the very bytes of stringifyReport, in pieces.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import type { ReportDoc } from '../../lib/report/doc.js';
import { FORMAT_NAMES, FORMATS } from '../../lib/report/formats.js';
import { JsonBytes } from '../../lib/report/json-bytes.js';
import { alertJson, flowJson, jsonHead, jsonTail, LazyItems, SCHEMA_VERSION, stringifyReport, trailerJson, writeJson } from '../../lib/report/json.js';
import { sarifReport } from '../../lib/report/sarif.js';
import { docFlow, type ReportSink } from '../../lib/report/writer.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';

async function mixedDoc(): Promise<ReportDoc> {
  const r = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')], checks: [{ file: path.join(SAMPLES_DIR, 'checks/example.lua'), hook: 'detected' }] });
  const flows = r.flows.map((f) => flowJson(f, r.names));
  const alerts = r.alertedFlows.flatMap((f) => f.alerts.map((a) => alertJson(a, f, r.names)));
  const head = { schema_version: SCHEMA_VERSION, tool: { name: 'flowcheck', version: 'test' }, options: { checks: [{ file: 'example.lua', hook: 'detected' }] } };
  return { ...head, flows, ...trailerJson(r, { summary: r.summary, alerts }) };
}

/** A sink that keeps the pieces, to see that no one piece is the whole report. */
function sink(): ReportSink & { pieces: string[]; text(): string } {
  const pieces: string[] = [];
  const bytes = new JsonBytes();
  return {
    pieces,
    bytes,
    write: (s) => void pieces.push(s),
    wrote: () => {
      pieces.push(bytes.toString());
      bytes.pos = 0;
    },
    text: () => pieces.join(''),
  };
}

test('writeJson: the bytes of stringifyReport at every indent, over a real report, its SARIF and odd values', async () => {
  const doc = await mixedDoc();
  const odd = { a: undefined, b: [undefined, () => 1, null, []], c: {}, d: { e: { f: { g: { h: [1, { i: '\u0000ts:1.5' }] } } } }, t: '\u0000ts:-3.25', u: 'x"\n' };
  // runs of small items written by one stringify each (up to 256): across chunk ends, broken by
  // items that are not small (nested deeper, toJSON), at several depths, with markers and escapes
  const item = (i: number): unknown =>
    i % 97 === 5 ? { deep: { a: { b: 1 } } } : i % 89 === 7 ? new Date(i * 1e9) : i % 83 === 3 ? undefined : i % 79 === 1 ? 'é' + i : { n: i, t: '\u0000ts:' + i + '.25', f: { s: 'x\n"' + i, v: null } };
  const runs = { a: Array.from({ length: 700 }, (_, i) => item(i)), b: [[Array.from({ length: 300 }, (_, i) => item(i + 1))]], c: [1, 2], d: [{}] };
  for (const value of [doc, sarifReport(doc), odd, runs, runs.a, [], {}, 'text', 7, null]) {
    for (const indent of [0, 1, 2]) {
      let out = '';
      writeJson((s) => (out += s), value, indent);
      assert.equal(out, stringifyReport(value, indent), `indent ${indent}`);
    }
  }
});

test('writeJson: a LazyItems is written as the array of its items, at every indent and depth, across batches', () => {
  const item = (i: number): unknown => (i % 7 === 3 ? undefined : i % 5 === 1 ? [i, { t: '\u0000ts:' + i + '.5' }] : { n: i, s: 'x"\n' + i, o: { a: [1, { b: null }] } });
  for (const count of [0, 1, 31, 32, 33, 100]) {
    const items = Array.from({ length: count }, (_, i) => item(i));
    const lazy = (): unknown => new LazyItems(count, item);
    for (const [value, same] of [
      [lazy(), items],
      [{ a: 1, runs: [{ tool: 'x', results: lazy(), after: [] }] }, { a: 1, runs: [{ tool: 'x', results: items, after: [] }] }],
    ]) {
      for (const indent of [0, 1, 2]) {
        let out = '';
        writeJson((s) => (out += s), value, indent);
        assert.equal(out, stringifyReport(same, indent), `${count} items, indent ${indent}`);
      }
    }
  }
});

test('jsonTail: the trailer as stringifyReport(trailer, 1) indents it, after the flows', async () => {
  const { schema_version: _v, tool: _t, options: _o, flows: _f, ...trailer } = await mixedDoc();
  assert.equal(jsonTail(trailer), '\n],' + stringifyReport(trailer, 1).slice(1, -1).trim() + '\n}\n');
});

test('every format: a stream format has a flow writer; the json format read back is the report; SARIF comes in pieces', async () => {
  const doc = await mixedDoc();
  assert.deepEqual(FORMAT_NAMES, ['table', 'json', 'ndjson', 'csv', 'sarif', 'github', 'html']);
  for (const name of FORMAT_NAMES) {
    const f = FORMATS[name];
    assert.equal(f.kind === 'stream', f.flow !== undefined, name);
    const out = sink();
    const o = { flowsGiven: false, color: false, top: 10, sort: 'score' as const, wide: false, width: 100 };
    f.begin?.(out, doc, o);
    if (f.flow) doc.flows.forEach((fl, i) => f.flow!(out, docFlow(fl), i, o));
    f.end(out, { doc, topFlows: doc.flows.slice(0, 10), checks: true, fullReport: 'r.json' }, o);
    const text = out.text();
    assert.ok(text.length > 0, name);
    if (name === 'json') {
      assert.equal(text.startsWith(jsonHead(doc)), true);
      assert.equal(stringifyReport(JSON.parse(text)), stringifyReport(JSON.parse(stringifyReport(doc))));
    }
    if (name === 'sarif') {
      assert.deepEqual(JSON.parse(text), JSON.parse(stringifyReport(sarifReport(doc))));
      // its results made and written as they come (LazyItems): the very bytes of the whole log's
      assert.equal(text, stringifyReport(sarifReport(doc), 2) + '\n');
      // results, rules and notifications in pieces of ~64 KB at most (runs of small items are
      // stringified together): no string of the whole log
      assert.ok(out.pieces.length > 10, 'written in pieces, not one string');
      assert.ok(Math.max(...out.pieces.map((p) => p.length)) < 80 * 1024, 'pieces of ~64 KB at most');
    }
  }
});
