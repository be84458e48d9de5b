/**
 * The CLI oracle: runs `flowcheck` as a child process on one input (a file, or stdin) in one
 * of its report formats and checks what a user would see: exit 0, 1 or 2; on 0/1 a report
 * that holds in that format (JSON and ndjson lines valid against the schema, SARIF against
 * its schema, CSV records of one width, GitHub commands only, a table without NaN or
 * "[object Object]"); on 2 one error line on stderr, last, naming the file and an offset (the
 * checks' own notes may come before it); never a stack trace or an internal error.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../test/helpers/corpus.js';
import { assertValidSarif } from '../../test/helpers/sarif.js';
import { assertValidNdjsonLine, assertValidReport } from '../../test/helpers/schema.js';
import { knownBug, type Failure } from './oracle.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');

export const CLI_FORMATS = ['json', 'ndjson', 'csv', 'sarif', 'github', 'table'] as const;
export type CliFormat = (typeof CLI_FORMATS)[number];

export async function runCli(file: string, bytes: Uint8Array, viaStdin: boolean, extra: string[], timeoutMs: number, format: CliFormat = 'json'): Promise<Failure | null> {
  const args = [CLI, viaStdin ? '-' : file, '--format', format, '--no-config', ...extra];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  child.stdin.on('error', () => {}); // the CLI may stop reading early (exit 2)
  if (viaStdin) child.stdin.end(bytes);
  else child.stdin.end();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code: number | null = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const stdout = Buffer.concat(out).toString('utf8');
  const stderr = Buffer.concat(err).toString('utf8');
  const name = viaStdin ? '-' : file;
  const stage = (viaStdin ? 'cli-stdin' : 'cli') + (format === 'json' ? '' : `-${format}`);
  const fail = (message: string): Failure => ({ stage, message });
  if (timedOut) return fail(`no exit within ${timeoutMs} ms`);
  if (code !== 0 && code !== 1 && code !== 2) return fail(`exit ${code}: ${stderr.split('\n')[0]}`);
  if (/internal error|\n\s+at .*:\d+:\d+/.test(stderr)) return fail(`stderr: ${stderr.split('\n').slice(0, 3).join(' | ')}`);
  if (code === 2) {
    // one error line, last; before it only what the checks said ("[check.lua] …") and the
    // check errors reported as they happen ("flowcheck: check X exceeded its time limit …")
    // while the flows before the bad record were analysed
    const lines = stderr.trimEnd().split('\n');
    const last = lines[lines.length - 1];
    const other = lines.slice(0, -1).find((l) => !/^\[[^\]]+\] |^flowcheck: check /.test(l));
    if (other !== undefined) return fail(`exit 2 with ${lines.length} stderr lines: ${other} | ${last}`);
    if (!last.includes(name === '-' ? '-' : name) || !/offset \d+/.test(last)) return fail(`exit 2 message lacks file/offset: ${last}`);
    if (stdout.length > 0) return fail(`exit 2 after ${stdout.length} bytes of report on stdout`);
    return null;
  }
  const problem = reportProblem(format, stdout);
  if (problem === null) return null;
  const f = fail(problem.slice(0, 300));
  f.known = knownBug(f);
  return f;
}

/** What is wrong with a report in `format` (exit 0 or 1), or null. */
export function reportProblem(format: CliFormat, stdout: string): string | null {
  const lines = stdout.split('\n');
  if (lines.pop() !== '') return 'output does not end with a newline';
  try {
    switch (format) {
      case 'json':
        assertValidReport(JSON.parse(stdout));
        return null;
      case 'sarif':
        assertValidSarif(JSON.parse(stdout));
        return null;
      case 'ndjson':
        for (const line of lines) assertValidNdjsonLine(JSON.parse(line));
        return null;
      case 'github': {
        const odd = lines.find((l) => !/^::(error|warning|notice) /.test(l));
        return odd === undefined ? null : `not a workflow command: ${odd.slice(0, 120)}`;
      }
      case 'csv': {
        const widths = csvWidths(stdout);
        if (widths === null) return 'CSV with an unclosed quote';
        const odd = widths.findIndex((w) => w !== widths[0]);
        return odd < 0 ? null : `CSV record ${odd + 1} has ${widths[odd]} fields, the header ${widths[0]}`;
      }
      case 'table':
        if (lines.length === 0) return 'no table';
        return /\bNaN\b|\[object Object\]/.test(stdout) ? `table shows NaN or an object: ${stdout.match(/.*(NaN|\[object Object\]).*/)?.[0].slice(0, 120)}` : null;
    }
  } catch (e) {
    return (e as Error).message;
  }
}

/** Fields per record of a CSV text (RFC 4180 quoting), or null when a quote stays open. */
function csvWidths(text: string): number[] | null {
  const widths: number[] = [];
  let fields = 1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') fields++;
    else if (c === '\n') {
      widths.push(fields);
      fields = 1;
    }
  }
  return quoted ? null : widths;
}
