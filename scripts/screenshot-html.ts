/**
 * The picture of the HTML report in docs/ (docs/html-report.png): renders samples/mixed.pcap's
 * HTML report (all sample checks loaded) in Debian's Chromium through playwright-core.
 *   node dist/scripts/screenshot-html.js [--out docs/html-report.png]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { argValue } from './support/args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.resolve(argValue(process.argv, '--out') ?? path.join(ROOT, 'docs/html-report.png'));
const html = path.join(mkdtempSync(path.join(os.tmpdir(), 'flowcheck-shot-')), 'report.html');
try {
  execFileSync(process.execPath, [path.join(ROOT, 'dist/cli/flowcheck.js'), 'samples/mixed.pcap', '-c', 'samples/checks/', '--format', 'html', '-o', html], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, TZ: 'UTC' } });
} catch {
  // exit 1: a sample check's gate; the report is written
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto('file://' + html);
await page.waitForFunction(() => (window as unknown as { flowcheckCharts?: object }).flowcheckCharts !== undefined);
await page.screenshot({ path: out, fullPage: false });
await browser.close();
process.stdout.write(`screenshot-html: ${out}\n`);
