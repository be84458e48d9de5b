/**
 * The HTML report in a real browser: Debian's Chromium (/usr/bin/chromium, installed by .ci/run)
 * driven by playwright-core. The page must load with no console error and no request leaving the
 * file, its charts must hold the capture's data, and sorting and search of the flows table must work.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ReportDoc } from '../../lib/report/doc.js';
import { parseReport } from '../../lib/report/json.js';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const NO_BROWSER = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run does)`;

function cli(args: string[]): string {
  try {
    return execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    return (e as { stdout: string }).stdout; // exit 1: a sample check's gate; the report is whole
  }
}

/** The capture's HTML report (the CLI's --format html) and its JSON report, made alike. */
async function htmlOf(capture: string, extra: string[] = []): Promise<{ file: string; doc: ReportDoc }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-html-'));
  const file = path.join(dir, 'report.html');
  const args = [capture, '-c', path.join(PROJECT_ROOT, 'samples/checks/'), ...extra];
  cli([...args, '--format', 'html', '-o', file]);
  const doc = parseReport(cli([...args, '--format', 'json'])) as ReportDoc;
  return { file, doc };
}

test('html report: loads offline without console errors, charts have data, sorting and search work', { skip: NO_BROWSER, timeout: 120_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const { file, doc } = await htmlOf(path.join(SAMPLES_DIR, 'mixed.pcap'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    const requests: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
    await page.goto('file://' + file);
    await page.waitForFunction(() => (window as unknown as { flowcheckCharts?: object }).flowcheckCharts !== undefined);
    assert.deepEqual(problems, []);
    assert.deepEqual(requests, []);

    // the charts hold the report's numbers
    const charts = await page.evaluate(() => {
      const c = (window as unknown as { flowcheckCharts: Record<string, { data: { labels: unknown[]; datasets: { data: number[] }[] } }> }).flowcheckCharts;
      const sum = (a: number[]) => a.reduce((m, x) => m + x, 0);
      return {
        protocolBytes: sum(c.protocols!.data.datasets[0]!.data),
        talkers: c.talkers!.data.labels.length,
        timelineBytes: sum(c.timeline!.data.datasets[0]!.data),
        timelineAlerts: sum(c.timeline!.data.datasets[1]!.data),
      };
    });
    assert.equal(charts.protocolBytes, doc.summary.protocols.reduce((m, p) => m + p.bytes, 0));
    assert.ok(charts.talkers > 0);
    assert.equal(charts.timelineBytes, doc.summary.bytes);
    assert.equal(charts.timelineAlerts, doc.alerts.length);

    // the tables
    const alertRows = await page.locator('#alerts-table tbody tr').count();
    assert.equal(alertRows, doc.alerts.length);
    const flowRows = () => page.locator('#flows-table tbody tr').count();
    assert.equal(await flowRows(), doc.flows.length);
    const firstCell = () => page.locator('#flows-table tbody tr:first-child td:first-child').textContent();
    assert.equal(await firstCell(), String(Math.min(...doc.flows.map((f) => f.id))));
    // sort by bytes (ascending, then descending)
    await page.click('#flows-table th[data-key="bytes"]');
    await page.click('#flows-table th[data-key="bytes"]');
    const biggest = [...doc.flows].sort((a, b) => b.cli2srv_bytes + b.srv2cli_bytes - (a.cli2srv_bytes + a.srv2cli_bytes) || a.id - b.id)[0]!;
    assert.equal(await firstCell(), String(biggest.id));
    assert.equal(await page.getAttribute('#flows-table th[data-key="bytes"]', 'aria-sort'), 'descending');
    // search: only the flows whose application matches
    const app = doc.flows.find((f) => f.l7_proto_name === 'DNS') ? 'DNS' : doc.flows[0]!.l7_proto_name;
    await page.fill('#flow-search', app);
    const expected = doc.flows.filter((f) => [f.l7_proto_name, f.host ?? '', f.cli, f.srv].join(' ').toLowerCase().includes(app.toLowerCase())).length;
    assert.ok(expected > 0);
    assert.ok((await flowRows()) >= expected);
    assert.ok((await flowRows()) < doc.flows.length);
    await page.fill('#flow-search', 'no-such-thing-anywhere');
    assert.equal(await flowRows(), 0);
    await page.fill('#flow-search', '');
    await page.screenshot({ path: path.join(path.dirname(file), 'report.png'), fullPage: true });
    assert.ok(existsSync(path.join(path.dirname(file), 'report.png')));
  } finally {
    await browser.close();
  }
});

test('html report: text from the capture is never markup, and the flows table is bounded by --html-flows', async () => {
  const { file } = await htmlOf(path.join(SAMPLES_DIR, 'mixed.pcap'));
  const html = readFileSync(file, 'utf8');
  // one data island, and no "<" inside it
  const m = /<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(html);
  assert.ok(m);
  assert.ok(!m[1]!.includes('<'));
  // nothing is fetched: no external script, style sheet or image
  assert.doesNotMatch(html, /<(script|link|img|iframe)\b[^>]*\b(src|href)=/i);
  const few = await htmlOf(path.join(SAMPLES_DIR, 'mixed.pcap'), ['--html-flows', '3']);
  const data = JSON.parse(/<script type="application\/json" id="report-data">([^]*?)<\/script>/.exec(readFileSync(few.file, 'utf8'))![1]!) as { flows: { id: number }[]; flows_total: number };
  assert.deepEqual(data.flows.map((f) => f.id), [...few.doc.flows.map((f) => f.id)].sort((a, b) => a - b).slice(0, 3));
  assert.equal(data.flows_total, few.doc.summary.flows);
});
