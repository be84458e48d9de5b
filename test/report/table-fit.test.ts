/**
 * Tables that fit: the terminal report of real corpus captures at 80, 120 and 200 columns, held
 * against snapshots (test/report/snapshots; UPDATE_SNAPSHOTS=1 rewrites them after a deliberate
 * change). Beside the snapshots, the rules themselves: no line wider than asked, every client →
 * server cell shows the server's port, --top bounds every table, and the note names what was left out.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fitTable, middleCut, pairCut } from '../../lib/report/fit.js';
import { terminalSafe } from '../../lib/report/text-safe.js';
import { corpusFile, NO_CORPUS, PROJECT_ROOT } from '../helpers/corpus.js';

const SNAPSHOTS = path.join(PROJECT_ROOT, 'test/report/snapshots');
const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');

// Run inside the corpus directory with the capture named relatively, so the snapshot does not
// depend on where the checkout lives.
function run(args: string[]): string {
  try {
    return execFileSync(process.execPath, [CLI, ...args], { cwd: path.dirname(corpusFile(CASES[0]!.args[0]!)), encoding: 'utf8', env: { ...process.env, TZ: 'UTC', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    return (e as { stdout: string }).stdout;
  }
}

function snapshot(name: string, text: string): void {
  const file = path.join(SNAPSHOTS, name);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    return;
  }
  assert.equal(text, readFileSync(file, 'utf8'), `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 after a deliberate change)`);
}

const CASES: { name: string; args: string[] }[] = [
  // IPv6 and IPv4 over a tunnel: long addresses, no checks (captures, L4, protocols, top flows)
  { name: '6in4tunnel', args: ['6in4tunnel.pcap'] },
  // HTTP with risk alerts (the alerts view)
  { name: 'http-manipulated', args: ['http-manipulated.pcap'] },
  // DTLS certificates: long host names
  { name: 'dtls_certificate', args: ['dtls_certificate.pcapng'] },
];

for (const c of CASES) {
  for (const width of [80, 120, 200]) {
    test(`table at ${width} columns: ${c.name}`, { skip: NO_CORPUS }, () => {
      const out = run([c.args[0]!, ...c.args.slice(1), '--width', String(width), '--top', '5']);
      for (const line of out.split('\n')) {
        if (/^[┌│├└]/.test(line)) assert.ok([...line].length <= width, `table line wider than ${width}: ${line}`);
      }
      for (const line of out.split('\n')) {
        if (!/^│.* → /.test(line) || line.includes('client → server')) continue;
        const srv = line.split(' → ')[1]!.split('│')[0]!.trim();
        assert.match(srv, /:\d+$|^\[?[0-9a-f.:…]+\]?$/, `server port visible: ${line}`);
      }
      snapshot(`${c.name}.${width}.txt`, out);
    });
  }
}

test('--top bounds every table with an "… N more" row', { skip: NO_CORPUS }, () => {
  const out = run(['6in4tunnel.pcap', '--top', '1', '--wide']);
  const tables = out.split('\n').filter((l) => l.startsWith('└')).length;
  assert.ok(tables >= 3);
  const rows = out.split('\n').filter((l) => l.startsWith('│')).length;
  // one head row and at most one data row per table
  assert.ok(rows <= tables * 2, `${rows} rows in ${tables} tables`);
  assert.match(out, /… \d+ more \(--top \d+ shows them\)/);
});

test('cells are cut in the middle, pairs on each side, and the note names the columns left out', () => {
  assert.equal(middleCut('2001:db8:0:0:0:0:1:443', 16), '2001:db…:0:1:443');
  assert.equal(middleCut('short', 16), 'short');
  const p = pairCut('[2001:db8:aaaa:bbbb::1]:50000 → [2001:db8:cccc:dddd::2]:443', 40);
  assert.equal([...p].length, 40);
  assert.match(p, /^\[2001.*→ .*\]:443$/);
  const t = fitTable(
    [
      { head: 'a', rank: 3 },
      { head: 'b', rank: 1, drop: true },
      { head: 'c', rank: 2, min: 5 },
    ],
    [['x'.repeat(10), 'y'.repeat(30), 'z'.repeat(30)]],
    { width: 30 },
  );
  assert.deepEqual(t.dropped, ['b']);
  for (const line of t.text.split('\n')) assert.ok([...line].length <= 30);
  const wide = fitTable([{ head: 'a', rank: 1, min: 1, drop: true }], [['x'.repeat(100)]], { width: 30, wide: true });
  assert.deepEqual(wide.dropped, []);
  assert.ok(wide.text.includes('x'.repeat(100)));
});

test('terminal safety: control characters from a capture are shown escaped', () => {
  assert.equal(terminalSafe('a\x1b[31mred\x1b]8;;http://x\x07link'), 'a\\x1b[31mred\\x1b]8;;http://x\\x07link');
  assert.equal(terminalSafe('tab\there\u202eevil'), 'tab\\x09here\\u202eevil');
  assert.equal(terminalSafe('plain — ünïcode'), 'plain — ünïcode');
});
