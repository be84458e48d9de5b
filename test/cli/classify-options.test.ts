import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface FlowLine {
  srv_port: number;
  l7_proto_name: string;
  confidence: string;
  category: string;
  host: string | null;
}

function flows(args: string[]): FlowLine[] {
  const r = run([MIXED, '--format', 'ndjson', '--no-config', ...args]);
  assert.equal(r.code, 0, r.err);
  return r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as FlowLine & { type?: string })
    .filter((f) => f.type !== 'alert');
}

test('--protos: a custom protocol on a port decides the flow before DPI; its name is in the report', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-protos-'));
  const file = path.join(dir, 'protos.txt');
  writeFileSync(file, '# the sample\'s SSH server port\ntcp:2222@AltShell\n');
  const before = flows([]).find((f) => f.srv_port === 2222)!;
  assert.equal(before.l7_proto_name, 'SSH');
  const after = flows(['--protos', file]).find((f) => f.srv_port === 2222)!;
  assert.equal(after.l7_proto_name, 'AltShell');
  assert.equal(after.confidence, 'custom');
});

test('--protos: checks and --where see the custom protocol in flow.l7_proto_name()', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-protos-'));
  const protos = path.join(dir, 'protos.txt');
  writeFileSync(protos, 'tcp:2222@AltShell\n');
  const check = path.join(dir, 'name.lua');
  writeFileSync(check, 'flow.triggerAlert(10, "proto " .. flow.l7_proto_name())\n');
  const r = run([MIXED, '--format', 'ndjson', '--no-config', '--protos', protos, '--check', check, '--where', 'flow.l7_proto_name() == "AltShell"']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { type?: string; message?: string; l7_proto_name?: string });
  const flowLines = lines.filter((l) => l.type !== 'alert');
  assert.ok(flowLines.length >= 1);
  assert.ok(flowLines.every((f) => f.l7_proto_name === 'AltShell'));
  assert.deepEqual([...new Set(lines.filter((l) => l.type === 'alert').map((a) => a.message))], ['proto AltShell']);
});

test('--categories / --domain-lists: the category of matching flows; bad paths are usage errors naming them', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flowcheck-cats-'));
  const base = flows([]);
  const named = base.find((f) => f.host !== null && /\./.test(f.host))!;
  const domain = named.host!.split('.').slice(-2).join('.');
  writeFileSync(path.join(dir, 'cats.txt'), `${domain}\t100\n`);
  const withCats = flows(['--categories', path.join(dir, 'cats.txt')]);
  assert.ok(withCats.some((f) => f.host === named.host && f.category === 'Malware'));
  assert.ok(withCats.every((f) => f.host === null || !f.host.endsWith(domain) || f.category === 'Malware'));
  const lists = path.join(dir, 'lists');
  mkdirSync(lists);
  writeFileSync(path.join(lists, '107_gambling.list'), `${domain}\n`);
  assert.ok(flows(['--domain-lists', lists]).some((f) => f.host === named.host && f.category === 'Gambling'));
  for (const [opt, val, msg] of [
    ['--protos', dir, /--protos: .*: cannot read \(EISDIR\)/],
    ['--categories', path.join(dir, 'none.txt'), /--categories: .*none\.txt: cannot read \(ENOENT\)/],
    ['--domain-lists', dir, /--domain-lists: .*: no <CATEGORY_ID>_<name>\.list file/],
  ] as const) {
    const r = run([MIXED, '--no-config', opt, val, '-q']);
    assert.equal(r.code, 2, `${opt}: ${r.err}`);
    assert.match(r.err, msg);
  }
});
