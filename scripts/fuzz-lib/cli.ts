/**
 * The CLI oracle: runs `flowcheck` as a child process on one input (a file, or stdin) and
 * checks what a user would see: exit 0, 1 or 2; on 0/1 a JSON report that matches the
 * schema; on 2 exactly one line on stderr naming the file and an offset; never a stack
 * trace or an internal error.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../test/helpers/corpus.js';
import { assertValidReport } from '../../test/helpers/schema.js';
import { knownBug, type Failure } from './oracle.js';

const CLI = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');

export async function runCli(file: string, bytes: Uint8Array, viaStdin: boolean, extra: string[], timeoutMs: number): Promise<Failure | null> {
  const args = [CLI, viaStdin ? '-' : file, '--format', 'json', '--no-config', ...extra];
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
  const fail = (message: string): Failure => ({ stage: viaStdin ? 'cli-stdin' : 'cli', message });
  if (timedOut) return fail(`no exit within ${timeoutMs} ms`);
  if (code !== 0 && code !== 1 && code !== 2) return fail(`exit ${code}: ${stderr.split('\n')[0]}`);
  if (/internal error|\n\s+at .*:\d+:\d+/.test(stderr)) return fail(`stderr: ${stderr.split('\n').slice(0, 3).join(' | ')}`);
  if (code === 2) {
    const lines = stderr.trimEnd().split('\n');
    if (lines.length !== 1) return fail(`exit 2 with ${lines.length} stderr lines: ${lines.slice(0, 2).join(' | ')}`);
    if (!lines[0].includes(name === '-' ? '-' : name) || !/offset \d+/.test(lines[0])) return fail(`exit 2 message lacks file/offset: ${lines[0]}`);
    if (stdout.length > 0) return fail(`exit 2 after ${stdout.length} bytes of report on stdout`);
    return null;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(stdout);
  } catch (e) {
    return fail(`stdout is not JSON (${(e as Error).message}); ${stdout.length} bytes`);
  }
  try {
    assertValidReport(doc);
  } catch (e) {
    const f = fail((e as Error).message.slice(0, 300));
    f.known = knownBug(f);
    return f;
  }
  return null;
}
