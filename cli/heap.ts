/**
 * V8's heap limit to match `--max-memory`. The limit is fixed when the process starts, so a
 * budget the current heap cannot hold (more than 3/4 of it: lib/flow/memory.ts
 * heapForBudget) runs the same command again in a child node with `--max-old-space-size`
 * (stdio inherited: stdin, stdout and stderr are the same; signals passed on; its exit code
 * is ours). The default budget always fits the default heap: no child.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import v8 from 'node:v8';
import { heapForBudget } from '../lib/flow/memory.js';

/** Set in the child so that it never starts another. */
const MARK = 'FLOWCHECK_HEAP_SET';

/** True when this process's heap cannot hold `budget` bytes and a child may be started. */
export function needsBiggerHeap(budget: number): boolean {
  return process.env[MARK] === undefined && v8.getHeapStatistics().heap_size_limit < heapForBudget(budget);
}

/** Runs this command again with a heap for `budget`; resolves with the child's exit code. */
export function rerunWithHeap(budget: number): Promise<number> {
  const mib = Math.ceil(heapForBudget(budget) / 2 ** 20);
  const args = [...process.execArgv.filter((a) => !a.startsWith('--max-old-space-size')), `--max-old-space-size=${mib}`, ...process.argv.slice(1)];
  const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, [MARK]: String(mib) } });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const pass = (s: NodeJS.Signals) => child.kill(s);
  for (const s of signals) process.on(s, pass);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`flowcheck: cannot start node with a ${mib} MiB heap for --max-memory: ${e.message}\n`);
      resolve(2);
    });
    child.on('exit', (code, signal) => {
      for (const s of signals) process.off(s, pass);
      resolve(code ?? 128 + (signal !== null ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}

