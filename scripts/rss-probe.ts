/**
 * Preload for the benchmark (`node --import ./dist/scripts/rss-probe.js …`): on exit, writes
 * the process's peak resident set size in KiB and its CPU time (user + system, µs) as JSON to
 * the file named by FLOWCHECK_RSS_FILE.
 *
 * The peak is VmHWM of /proc/self/status: the high-water mark of this program's own memory.
 * getrusage's maxrss is not: Linux carries it over from before execve, so a child spawned
 * (forked) by a large process — the benchmark, after its in-process stage runs — reports at
 * least its parent's size at the fork (measured: 119 MiB reported for a run whose own peak
 * was 87 MiB). maxrss is the fallback where /proc is absent.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function peakKiB(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no /proc: getrusage below
  }
  return process.resourceUsage().maxRSS;
}

const target = process.env.FLOWCHECK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      writeFileSync(target, JSON.stringify({ maxRSS: peakKiB(), cpuUs: u.userCPUTime + u.systemCPUTime }));
    } catch {
      // The benchmark reports a missing figure; the measured program must not fail for it.
    }
  });
}
