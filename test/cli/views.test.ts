/**
 * The analyst's views through the CLI (--view hosts|timeline|flow), on the sample capture with
 * every sample check: each view's JSON agrees with the JSON report of the same run, the tables
 * fit the width, and what cannot be done is one line and exit 2.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import type { ReportDoc } from '../../lib/report/doc.js';
import type { HostRow } from '../../lib/report/hosts.js';
import { parseReport } from '../../lib/report/json.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');
const CHECKS = path.join(PROJECT_ROOT, 'samples/checks/');

function run(args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, MIXED, '-c', CHECKS, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const report = parseReport(run(['--format', 'json']).out) as ReportDoc;

test('--view hosts: per-host totals agree with the flows of the JSON report', () => {
  const r = run(['--view', 'hosts', '--format', 'json']);
  const v = JSON.parse(r.out) as { view: string; hosts: HostRow[] };
  assert.equal(v.view, 'hosts');
  const addrs = new Set(report.flows.flatMap((f) => [f.cli, f.srv]));
  assert.equal(v.hosts.length, addrs.size);
  for (const h of v.hosts) {
    const asCli = report.flows.filter((f) => f.cli === h.host);
    const asSrv = report.flows.filter((f) => f.srv === h.host && f.cli !== h.host);
    assert.equal(h.flows_as_client, asCli.length, h.host);
    assert.equal(h.flows_as_server, asSrv.length, h.host);
    assert.equal(h.bytes_sent, asCli.reduce((m, f) => m + f.cli2srv_bytes, 0) + asSrv.reduce((m, f) => m + f.srv2cli_bytes, 0), h.host);
    assert.equal(h.alerts, [...asCli, ...asSrv].reduce((m, f) => m + f.alerts.length, 0), h.host);
  }
  // most traffic first
  const total = (h: HostRow) => h.bytes_sent + h.bytes_received;
  for (let i = 1; i < v.hosts.length; i++) assert.ok(total(v.hosts[i - 1]!) >= total(v.hosts[i]!));
});

test('--view timeline: rows add up to the capture, on the interval asked, aligned on it', () => {
  const r = run(['--view', 'timeline', '--format', 'json', '--interval', '60']);
  const v = JSON.parse(r.out) as { interval: number; rows: { start: number; packets: number; bytes: number; flows: number; alerts: number; start_iso: string }[] };
  assert.equal(v.interval, 60);
  assert.equal(v.rows.reduce((m, x) => m + x.packets, 0), report.summary.packets);
  assert.equal(v.rows.reduce((m, x) => m + x.bytes, 0), report.summary.bytes);
  assert.equal(v.rows.reduce((m, x) => m + x.flows, 0), report.summary.flows);
  assert.equal(v.rows.reduce((m, x) => m + x.alerts, 0), report.alerts.length);
  for (const x of v.rows) assert.equal(x.start % 60, 0);
  assert.match(v.rows[0]!.start_iso, /^2024-01-01T00:00:00Z$/);
});

test('--view flow --flow ID: the flow as the JSON report has it, with its alerts', () => {
  const alerted = report.flows.find((f) => f.alerts.length > 0)!;
  const r = run(['--flow', String(alerted.id), '--format', 'json']);
  const v = parseReport(r.out) as { view: string; flow: { id: number; community_id: string; history?: string }; alerts: { flow_id: number }[] };
  assert.equal(v.view, 'flow');
  assert.equal(v.flow.id, alerted.id);
  assert.equal(v.flow.community_id, alerted.community_id);
  assert.equal(v.alerts.length, report.alerts.filter((a) => a.flow_id === alerted.id).length);
  const table = run(['--view', 'flow', '--flow', String(alerted.id), '--width', '80']);
  assert.match(table.out, new RegExp(`^Flow ${alerted.id}\\n`));
  assert.match(table.out, /^community_id +1:/m);
  assert.match(table.out, /^alert: /m);
  assert.doesNotMatch(table.out, /\\x00ts:/);
});

test('view tables fit 80 columns', () => {
  for (const view of ['hosts', 'timeline']) {
    const r = run(['--view', view, '--width', '80']);
    for (const line of r.out.split('\n')) if (/^[┌│├└]/.test(line)) assert.ok([...line].length <= 80, `${view}: ${line}`);
  }
});

test('views: a flow id not in the run, a view in another format, --interval without a timeline: exit 2, one line', () => {
  const missing = run(['--flow', '99999', '--format', 'json']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /no flow with id 99999 \(this run has \d+ flows\)/);
  const csv = run(['--view', 'hosts', '--format', 'csv']);
  assert.equal(csv.code, 2);
  assert.equal(csv.err.trim(), 'flowcheck: --view hosts is written as a table or as json, not --format csv');
  const interval = run(['--interval', '10']);
  assert.equal(interval.code, 2);
  assert.match(interval.err, /--interval is for --view timeline/);
  const noId = run(['--view', 'flow']);
  assert.equal(noId.code, 2);
  assert.match(noId.err, /--view flow needs --flow ID/);
});
