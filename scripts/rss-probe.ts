/**
 * Preload for the benchmark (`node --import ./dist/scripts/rss-probe.js …`): on exit, writes
 * the process's peak resident set size in KiB (getrusage maxrss) and its CPU time (user +
 * system, µs) as JSON to the file named by FLOWCHECK_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.FLOWCHECK_RSS_FILE;
if (target) {
  process.on('exit', () => {
    try {
      const u = process.resourceUsage();
      writeFileSync(target, JSON.stringify({ maxRSS: u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime }));
    } catch {
      // The benchmark reports a missing figure; the measured program must not fail for it.
    }
  });
}
