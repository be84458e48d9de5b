/**
 * Output snapshots: runs a flowcheck CLI build over every sample and corpus capture in every report
 * format and writes what it printed (stdout, stderr, exit code) into a directory, so that two builds
 * can be compared byte for byte (refactors must not change output).
 *
 *   node dist/scripts/output-snapshot.js --out /tmp/snap-before [--cli other/dist/cli/flowcheck.js]
 *   node dist/scripts/output-snapshot.js --compare /tmp/snap-before /tmp/snap-after
 *
 * Options: --only SUBSTRING (captures whose name contains it), --every N (every Nth corpus capture),
 * --jobs N (parallel runs, default 2). The corpus comes from FLOWCHECK_CORPUS or ../shared/corpus.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { argValue } from './support/args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One run per format; every run loads all sample checks so alerts, SARIF rules and the gate take part. */
const RUNS: ReadonlyArray<{ name: string; args: string[] }> = [
  { name: 'table', args: ['--format', 'table', '--width', '120'] },
  { name: 'table80', args: ['--format', 'table', '--width', '80'] },
  { name: 'json', args: ['--format', 'json'] },
  { name: 'ndjson', args: ['--format', 'ndjson'] },
  { name: 'csv', args: ['--format', 'csv', '--flows', 'all'] },
  { name: 'sarif', args: ['--format', 'sarif'] },
  { name: 'github', args: ['--format', 'github'] },
];

function captures(only: string | undefined, every: number): string[] {
  const out: string[] = [];
  for (const f of fs.readdirSync(path.join(ROOT, 'samples')).sort()) {
    if (/\.(pcap|pcapng|gz)$/.test(f)) out.push(path.join(ROOT, 'samples', f));
  }
  const corpus = path.resolve(ROOT, process.env.FLOWCHECK_CORPUS ?? '../shared/corpus');
  if (fs.existsSync(corpus)) {
    const files = fs.readdirSync(corpus).filter((f) => /\.(pcap|pcapng|cap)(\.gz)?$/.test(f)).sort();
    files.forEach((f, i) => { if (i % every === 0) out.push(path.join(corpus, f)); });
  } else {
    process.stderr.write(`output-snapshot: no corpus at ${corpus}; samples only\n`);
  }
  return only ? out.filter((f) => path.basename(f).includes(only)) : out;
}

function run(cli: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, env: { ...process.env, COLUMNS: '120', NO_COLOR: '1' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve(`exit ${code}\n--- stdout\n${Buffer.concat(out).toString('utf8')}\n--- stderr\n${Buffer.concat(err).toString('utf8')}`);
    });
  });
}

async function snapshot(outDir: string, cli: string, files: string[], jobs: number): Promise<void> {
  fs.mkdirSync(outDir, { recursive: true });
  const tasks: Array<() => Promise<void>> = [];
  for (const file of files) {
    for (const r of RUNS) {
      tasks.push(async () => {
        const text = await run(cli, [file, '-c', 'samples/checks/', '--fail-on', 'error', ...r.args]);
        fs.writeFileSync(path.join(outDir, `${path.basename(file)}.${r.name}.txt`), text.split(ROOT).join('<ROOT>'));
      });
    }
  }
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      await tasks[next++]!();
      if (++done % 100 === 0) process.stderr.write(`  ${done}/${tasks.length}\n`);
    }
  };
  await Promise.all(Array.from({ length: jobs }, worker));
  process.stdout.write(`output-snapshot: ${tasks.length} runs (${files.length} captures × ${RUNS.length} formats) in ${outDir}\n`);
}

function compare(a: string, b: string): number {
  const names = new Set([...fs.readdirSync(a), ...fs.readdirSync(b)]);
  let differ = 0;
  for (const n of [...names].sort()) {
    const pa = path.join(a, n);
    const pb = path.join(b, n);
    if (!fs.existsSync(pa) || !fs.existsSync(pb)) { process.stdout.write(`only in one: ${n}\n`); differ++; continue; }
    if (!fs.readFileSync(pa).equals(fs.readFileSync(pb))) { process.stdout.write(`differs: ${n}\n`); differ++; }
  }
  process.stdout.write(`output-snapshot: ${names.size} outputs compared, ${differ} differ\n`);
  return differ === 0 ? 0 : 1;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const cmp = args.indexOf('--compare');
  if (cmp >= 0) {
    process.exitCode = compare(args[cmp + 1]!, args[cmp + 2]!);
    return;
  }
  const out = argValue(args, '--out');
  if (!out) { process.stderr.write('usage: output-snapshot --out DIR [--cli PATH] [--only S] [--every N] | --compare A B\n'); process.exitCode = 2; return; }
  const cli = path.resolve(argValue(args, '--cli') ?? path.join(ROOT, 'dist/cli/flowcheck.js'));
  const every = Number(argValue(args, '--every') ?? 1);
  const jobs = Number(argValue(args, '--jobs') ?? 2);
  await snapshot(path.resolve(out), cli, captures(argValue(args, '--only'), every), jobs);
}

await main();
