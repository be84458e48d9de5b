/** `flowcheck risks [filter]`: nDPI's flow risks, with the names --risks takes. */
import type { Argv } from 'yargs';
import { allRisks, riskCheckName, riskKey } from '../../lib/risk/risks.js';
import { examplesEpilogue } from '../options.js';

export const command = 'risks [filter]';
export const describe = "list nDPI's flow risks (id, name for --risks, severity, score, name as ndpiReader prints it)";

export function builder<T>(y: Argv<T>) {
  return y
    .positional('filter', { type: 'string', describe: 'substring of the name, a severity, or an id' })
    .option('format', { choices: ['table', 'json'], default: 'table' })
    .epilogue(
      examplesEpilogue([
        ['$0 risks tls', 'the TLS risks'],
        ['$0 risks high', 'the risks of severity high'],
      ]),
    );
}

export function run(argv: Record<string, unknown>): number {
  const filter = argv.filter ? String(argv.filter).toLowerCase() : '';
  const rows = allRisks()
    .map((r) => ({ id: r.id, key: riskKey(r), check: riskCheckName(r), name: r.name, severity: r.severity, score: r.score, client_share_pct: r.clientPct }))
    .filter((r) => !filter || r.key.includes(filter) || r.name.toLowerCase().includes(filter) || String(r.id) === filter || r.severity === filter);
  if (argv.format === 'json') {
    process.stdout.write(JSON.stringify(rows, null, 1) + '\n');
  } else if (rows.length === 0) {
    process.stderr.write(`flowcheck: no risk matches "${argv.filter}" (by name, key, severity or id)\n`);
  } else {
    for (const r of rows) process.stdout.write(`${String(r.id).padStart(3)}  ${r.key.padEnd(40)} ${r.severity.padEnd(7)} ${String(r.score).padStart(3)}  ${r.name}\n`);
  }
  return 0;
}
