#!/usr/bin/env node
/**
 * The command line's entry: reads the config file, wires the commands (cli/commands/, one
 * module each) into yargs, runs the one asked for and turns what went wrong into one line
 * and an exit code (cli/options.ts: EXIT_CODES).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import type { Argv } from 'yargs';
import { CaptureError } from '../lib/capture/types.js';
import { FlowFilterError } from '../lib/check/filter.js';
import { NetworkSpecError } from '../lib/check/networks.js';
import { CheckScriptError } from '../lib/check/runner.js';
import { GateError } from '../lib/report/gate.js';
import { MergeError } from '../lib/report/merge.js';
import { ReportWriteError } from '../lib/report/output.js';
import { VERSION } from '../lib/version.js';
import * as analyzeCommand from './commands/analyze.js';
import * as mergeCommand from './commands/merge.js';
import * as protocolsCommand from './commands/protocols.js';
import * as risksCommand from './commands/risks.js';
import { ConfigError, configPath, loadConfig } from './config.js';
import { EXIT_USAGE, STDIN_ARG, UsageError, type Config } from './options.js';
import { say } from './report.js';

// yargs's CommonJS build: its ES-module build wraps help text with a naive splitter that cuts
// words in two ("config fil|e") and breaks lines well short of the width asked for.
const yargs = createRequire(import.meta.url)('yargs') as typeof import('yargs').default;

/** A command module: its yargs definition and what it runs. */
interface Command {
  command: string | string[];
  describe: string;
  builder: (y: Argv) => Argv<unknown>;
  run: (argv: Record<string, unknown>, config: Config) => Promise<number> | number;
}

const COMMANDS: Command[] = [analyzeCommand, mergeCommand, protocolsCommand, risksCommand];

/** Exit 2 with one line (its text escaped by say()), and a hint line when given. */
function fail(msg: string, hint?: string): never {
  say(`flowcheck: ${msg}`);
  if (hint !== undefined) say(hint);
  process.exit(EXIT_USAGE);
}

/** Help text width: $COLUMNS, else the terminal's, at most 110; 100 when neither is known. */
function helpWidth(): number {
  const env = Number(process.env.COLUMNS);
  const cols = Number.isInteger(env) && env > 0 ? env : process.stdout.columns || 100;
  return Math.min(110, cols);
}

async function main(): Promise<void> {
  let action: (() => Promise<number> | number) | undefined;
  // yargs drops a lone '-' (stdin) from positionals: carry it through under another name
  const raw = process.argv.slice(2);
  const args = raw.map((a) => (a === '-' ? STDIN_ARG : a));
  const config: Config = { options: {} };
  try {
    const c = configPath(raw);
    if (c.file) {
      config.options = loadConfig(c.file);
      config.file = c.explicit ? c.file : path.relative(process.cwd(), c.file) || c.file;
    }
  } catch (e) {
    fail((e as Error).message);
  }
  let parser = yargs(args)
    .scriptName('flowcheck')
    .usage(
      '$0 [captures..] [options]\n\nStreams capture files (pcap, pcapng, gzip; directories; - for stdin), builds flows, classifies them as nDPI does and runs ntopng-style Lua flow checks.',
    );
  for (const c of COMMANDS) {
    parser = parser.command(c.command, c.describe, c.builder, (argv) => {
      action = () => c.run(argv as Record<string, unknown>, config);
    });
  }
  parser = parser
    .version(VERSION)
    .strict()
    .wrap(helpWidth())
    .fail((msg, err) => {
      if (err) throw err;
      fail(msg, "Try 'flowcheck --help'.");
    });
  await parser.parseAsync(args);
  if (!action) return;
  let code = 0;
  try {
    code = await action();
  } catch (e) {
    if (
      e instanceof CaptureError ||
      e instanceof CheckScriptError ||
      e instanceof UsageError ||
      e instanceof FlowFilterError ||
      e instanceof MergeError ||
      e instanceof ConfigError ||
      e instanceof GateError
    )
      fail(e.message);
    if (e instanceof NetworkSpecError) fail(`--local-networks: ${e.message}`);
    if (e instanceof ReportWriteError) fail(`${e.path}: ${e.message}`);
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) fail(`${err.path}: ${err.message}`);
    if (process.env.FLOWCHECK_DEBUG) console.error(e);
    fail(`internal error: ${err?.message ?? String(e)}`);
  }
  process.exitCode = code;
}

/** The flags node itself was given (its command line and NODE_OPTIONS): those win over ours. */
const nodeFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];

/** Set a V8 flag unless node was given it. */
function defaultV8Flag(flag: string, value: number): void {
  if (nodeFlags.some((a) => a.startsWith(flag))) return;
  v8.setFlagsFromString(`${flag}=${value}`);
}

/**
 * A run's live set is bounded (its active flows) while it makes much short-lived garbage; V8
 * then lets the heap grow to ~4x the live set before a full collection. A growth factor of
 * 2.5 keeps peak RSS ~25 % lower for a few % of CPU (docs/PERFORMANCE.md).
 */
defaultV8Flag('--heap-growing-percent', 150);

/**
 * TurboFan compiles ~465 functions of a run on a background thread: on a short run that is
 * a third of the CPU time. Inlining less into each (V8's default cumulative budget is 920
 * bytecodes) makes those compilations smaller at no cost to the packet loop: CPU time on
 * the corpus few-flows capture 2.6 -> 2.3 s, many flows unchanged (docs/PERFORMANCE.md).
 * Set before any hot code is compiled.
 */
defaultV8Flag('--max-inlined-bytecode-size-cumulative', 200);

/**
 * The young generation stops growing at 8 MiB (two 4 MiB semi-spaces) instead of V8's 32:
 * on the corpus few-flows capture peak RSS 97 -> ~89 MiB, on many flows ~350 -> ~325 MiB,
 * CPU within the noise (docs/PERFORMANCE.md). V8 reads --max-semi-space-size only when the
 * heap is set up (setting it now changes nothing, measured), but the growth factor at each
 * growth: once the new space has reached the cap, a factor of 1 keeps it there. Checked
 * every 20 ms of the event loop (the reading yields between chunks). A flag given to node
 * itself about the young generation wins.
 */
const YOUNG_CAP = 8 * 2 ** 20;
if (!nodeFlags.some((a) => /^--(max-semi-space-size|semi-space-growth-factor|max-young-generation-size)/.test(a.replace(/_/g, '-')))) {
  const capped = (): boolean => {
    const young = v8.getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space');
    if (young === undefined || young.space_size < YOUNG_CAP) return false;
    v8.setFlagsFromString('--semi-space-growth-factor=1');
    return true;
  };
  if (!capped()) {
    const timer = setInterval(() => capped() && clearInterval(timer), 20);
    timer.unref();
  }
}

// A closed stdout or stderr (`| head -1`, `>&-`) never ends the run: the report's writer
// keeps stdout's error (lib/report/output.ts) and the exit code stays the gate's.
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

main().catch((e) => fail(`internal error: ${(e as Error).message}`));
