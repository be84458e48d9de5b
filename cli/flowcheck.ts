#!/usr/bin/env node
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { analyze, type AnalyzeOptions, type Progress } from '../lib/analyze.js';
import { CaptureError } from '../lib/capture/types.js';
import { CheckScriptError, type CheckSpec } from '../lib/check/runner.js';
import { PROTOCOLS } from '../lib/classify/protocol-table.js';
import { alertJson, flowJson, SCHEMA_VERSION, stringifyReport, trailerJson } from '../lib/report/json.js';
import { ReportOutput } from '../lib/report/output.js';
import { renderTables } from '../lib/report/table.js';
import { VERSION } from '../lib/version.js';

/** Exit codes: 0 done, 1 an alert reached --fail-on, 2 usage, input or script error. */
const EXIT_USAGE = 2;

class UsageError extends Error {}

function fail(msg: string): never {
  process.stderr.write(`flowcheck: ${msg}\n`);
  process.exit(EXIT_USAGE);
}

const STDIN_ARG = '\u0000stdin';

function toList(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (x === STDIN_ARG ? '-' : String(x)));
}

async function runAnalyze(argv: Record<string, unknown>): Promise<number> {
  const inputs = toList(argv.inputs);
  if (inputs.length === 0) throw new UsageError('no capture given (try: flowcheck samples/mixed.pcap)');
  const format = String(argv.format);
  const checks: CheckSpec[] = [
    ...toList(argv.check).map((file) => ({ file, hook: 'detected' as const })),
    ...toList(argv['check-end']).map((file) => ({ file, hook: 'end' as const })),
    ...toList(argv['check-periodic']).map((file) => ({ file, hook: 'periodic' as const })),
  ];
  const out = new ReportOutput(argv.output as string | undefined);
  const opts: AnalyzeOptions = {
    inputs,
    keepFlows: false,
    maxPackets: argv['max-packets'] as number,
    topFlows: argv.top as number,
    checks,
    checkOptions: {
      budget: argv['lua-budget'] as number,
      memoryMax: (argv['lua-memory'] as number) * 1024 * 1024,
      unsafe: argv['unsafe-lua'] as boolean,
      strict: argv['strict-checks'] as boolean,
      localNetworks: argv['local-networks'] ? String(argv['local-networks']).split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      stderr: (line) => process.stderr.write(line + '\n'),
    },
    tracker: {
      maxFlows: argv['max-flows'] as number | undefined,
      timeouts: {
        tcp: argv['tcp-timeout'] as number,
        udp: argv['udp-timeout'] as number,
        other: argv['other-timeout'] as number,
      },
    },
    onProgress: progressReporter(),
  };

  let first = true;
  if (format === 'json') {
    out.write(
      '{' +
        `"schema_version":${SCHEMA_VERSION},` +
        `"tool":${JSON.stringify({ name: 'flowcheck', version: VERSION })},` +
        `"options":${JSON.stringify(reportOptions(argv, checks))},` +
        '"flows":[',
    );
    opts.onFlow = (f) => {
      out.write((first ? '\n' : ',\n') + stringifyReport(flowJson(f)));
      first = false;
    };
  } else if (format === 'ndjson') {
    opts.onFlow = (f) => out.write(stringifyReport(flowJson(f)) + '\n');
  }

  try {
    const result = await analyze(opts);
    clearProgress();
    if (format === 'json') {
      const trailer = stringifyReport(trailerJson(result), 1);
      out.write('\n],' + trailer.slice(1, -1).trim() + '\n}\n');
    } else if (format === 'ndjson') {
      for (const a of result.alerts) out.write(stringifyReport({ type: 'alert', ...alertJson(a) }) + '\n');
    } else {
      const color = !!process.stdout.isTTY && !process.env.NO_COLOR && argv.output === undefined;
      out.write(renderTables(result, { color, top: argv.top as number }));
    }
    await out.commit();
    if (argv['strict-checks'] && result.checkErrors.length > 0) return EXIT_USAGE;
    return 0;
  } catch (e) {
    clearProgress();
    out.abort();
    throw e;
  }
}

function reportOptions(argv: Record<string, unknown>, checks: CheckSpec[]): Record<string, unknown> {
  return {
    inputs: toList(argv.inputs),
    checks: checks.map((c) => ({ file: c.file, hook: c.hook })),
    max_packets: argv['max-packets'],
    max_flows: argv['max-flows'] ?? null,
    timeouts: { tcp: argv['tcp-timeout'], udp: argv['udp-timeout'], other: argv['other-timeout'] },
  };
}

// --- progress on stderr: only on a TTY, only once the work takes more than a moment ---
let progressShown = false;
function progressReporter(): ((p: Progress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const start = Date.now();
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - start < 1000 || now - last < 200) return;
    last = now;
    const secs = (now - start) / 1000;
    const pps = Math.round(p.packets / secs);
    const frac = p.total > 0 ? p.consumed / p.total : 0;
    const eta = frac > 0 ? Math.max(0, secs / frac - secs) : 0;
    const file = p.files > 1 ? ` [${p.fileIndex + 1}/${p.files}]` : '';
    const line =
      `${(100 * frac).toFixed(1)}%${file} ${(p.consumed / 1e6).toFixed(1)}/${(p.total / 1e6).toFixed(1)} MB, ` +
      `${pps.toLocaleString('en-US')} pkt/s, ETA ${eta.toFixed(0)} s` +
      (p.alerts ? `, ${p.alerts} alerts` : '');
    process.stderr.write(`\r${line}\x1b[K`);
    progressShown = true;
  };
}
function clearProgress(): void {
  if (progressShown) process.stderr.write('\r\x1b[K');
  progressShown = false;
}

function listProtocols(argv: Record<string, unknown>): number {
  const filter = argv.filter ? String(argv.filter).toLowerCase() : '';
  const rows = PROTOCOLS.filter(
    (p) => !filter || p.name.toLowerCase().includes(filter) || p.category.toLowerCase().includes(filter) || String(p.id) === filter,
  );
  if (argv.format === 'json') {
    process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
  } else {
    for (const p of rows) process.stdout.write(`${String(p.id).padStart(4)}  ${p.name.padEnd(24)} ${p.category}\n`);
  }
  return 0;
}

async function main(): Promise<void> {
  let code = 0;
  let action: Promise<number> | number | undefined;
  // yargs drops a lone '-' (stdin) from positionals: carry it through under another name
  const args = hideBin(process.argv).map((a) => (a === '-' ? STDIN_ARG : a));
  const parser = yargs(args)
    .scriptName('flowcheck')
    .usage('$0 [captures..] [options]\n\nStreams capture files (pcap, pcapng, gzip; directories; - for stdin), builds flows,\nclassifies them as nDPI does and runs ntopng-style Lua flow checks.')
    .command(
      ['$0 [inputs..]', 'analyze [inputs..]'],
      'analyze captures (the default command)',
      (y) =>
        y
          .positional('inputs', { describe: 'capture files, directories or - (stdin)', type: 'string', array: true })
          .option('format', { alias: 'f', choices: ['table', 'json', 'ndjson'], default: 'table', describe: 'output format' })
          .option('output', { alias: 'o', type: 'string', describe: 'write the report to FILE (atomically)' })
          .option('check', { alias: 'c', type: 'string', array: true, describe: 'Lua flow check, run when classification is final' })
          .option('check-end', { type: 'string', array: true, describe: 'Lua flow check, run at flow end with final counters' })
          .option('check-periodic', { type: 'string', array: true, describe: 'Lua flow check, run every 60 s of packet time' })
          .option('lua-budget', { type: 'number', default: 10_000_000, describe: 'Lua instructions per flow and check' })
          .option('lua-memory', { type: 'number', default: 64, describe: 'memory cap per Lua state, MiB' })
          .option('unsafe-lua', { type: 'boolean', default: false, describe: 'open io and os to checks (trusted scripts only)' })
          .option('strict-checks', { type: 'boolean', default: false, describe: 'a runtime error in a check fails the run (exit 2)' })
          .option('local-networks', { type: 'string', describe: 'CIDR list for flow.direction()' })
          .option('max-packets', { type: 'number', default: 32, describe: 'packets per flow the classifier inspects' })
          .option('max-flows', { type: 'number', describe: 'bound on concurrent flows (longest-idle ended first)' })
          .option('tcp-timeout', { type: 'number', default: 3600, describe: 'idle timeout of TCP flows, s of packet time' })
          .option('udp-timeout', { type: 'number', default: 300, describe: 'idle timeout of UDP flows, s' })
          .option('other-timeout', { type: 'number', default: 300, describe: 'idle timeout of other flows, s' })
          .option('top', { type: 'number', default: 10, describe: 'rows in the top-flows and alerts tables' })
          .example('$0 samples/mixed.pcap', 'summary tables')
          .example('$0 capture.pcapng --format json -o report.json', 'JSON report')
          .example('$0 capture.pcap --check samples/checks/dns-non-standard-port.lua', 'run a Lua flow check'),
      (argv) => {
        action = runAnalyze(argv as Record<string, unknown>);
      },
    )
    .command(
      'protocols [filter]',
      'list the known protocols (id, name, category)',
      (y) =>
        y
          .positional('filter', { type: 'string', describe: 'substring of name or category, or an id' })
          .option('format', { choices: ['table', 'json'], default: 'table' }),
      (argv) => {
        action = listProtocols(argv as Record<string, unknown>);
      },
    )
    .epilogue('Exit codes: 0 done, 1 an alert reached --fail-on, 2 usage, input or script error.')
    .version(VERSION)
    .strict()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err) throw err;
      fail(`${msg}\nTry 'flowcheck --help'.`);
    });
  await parser.parseAsync();
  try {
    code = await action!;
  } catch (e) {
    if (e instanceof CaptureError || e instanceof CheckScriptError || e instanceof UsageError) fail(e.message);
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) fail(`${err.path}: ${err.message}`);
    if (process.env.FLOWCHECK_DEBUG) console.error(e);
    fail(`internal error: ${err?.message ?? String(e)}`);
  }
  process.exitCode = code;
}

main().catch((e) => fail(`internal error: ${(e as Error).message}`));
