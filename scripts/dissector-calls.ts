/**
 * How often each dissector is called on a capture, and what it answers: the registry's
 * dissectors (with their pre-tests) wrapped to count, run through `analyze()` as the CLI runs
 * it. A dissector whose pre-test rejects a look is not called and not counted, so the total
 * is the calls a run really makes.
 *
 *   node dist/scripts/dissector-calls.js FILE... [--top N]
 *
 * Prints the flows, the total calls and calls per flow, then the N most called dissectors
 * (default 40) with their answers (No, More, Yes, YesMore).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../lib/analyze.js';
import type { Dissector, DissectInput } from '../lib/classify/dissector.js';
import { DISSECTORS } from '../lib/classify/protocols/index.js';

export interface DissectorCalls {
  name: string;
  calls: number;
  /** Answers by verdict: No, More, Yes, YesMore. */
  answers: [number, number, number, number];
}

/** Counts the dissector calls of one analysis of `inputs`. */
export async function countDissectorCalls(inputs: string[]): Promise<{ flows: number; calls: DissectorCalls[] }> {
  const calls: DissectorCalls[] = DISSECTORS.map((d) => ({ name: d.name, calls: 0, answers: [0, 0, 0, 0] }));
  const counted: Dissector[] = DISSECTORS.map((d, i) => ({
    ...d,
    dissect(inp: DissectInput) {
      const c = calls[i];
      const v = d.dissect(inp);
      c.calls++;
      c.answers[v]++;
      return v;
    },
  }));
  const r = await analyze({ inputs, dissectors: counted, keepFlows: false });
  return { flows: r.summary.flows, calls };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const t = args.indexOf('--top');
  const top = t >= 0 ? Number(args[t + 1]) : 40;
  const files = args.filter((a, i) => a !== '--top' && (t < 0 || i !== t + 1));
  if (files.length === 0 || !Number.isInteger(top) || top < 0) {
    process.stderr.write('usage: dissector-calls FILE... [--top N]\n');
    process.exit(2);
  }
  const { flows, calls } = await countDissectorCalls(files);
  const total = calls.reduce((a, c) => a + c.calls, 0);
  process.stdout.write(`${flows} flows, ${total} dissector calls (${(total / Math.max(flows, 1)).toFixed(1)} per flow)\n`);
  for (const c of [...calls].sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name)).slice(0, top)) {
    const [no, more, yes, ym] = c.answers;
    process.stdout.write(`${String(c.calls).padStart(10)}  ${c.name.padEnd(24)} no ${no}  more ${more}  yes ${yes}  yesmore ${ym}\n`);
  }
}
