/** `flowcheck protocols [filter]`: the protocols the classifier knows (id, name, category). */
import type { Argv } from 'yargs';
import { PROTOCOLS } from '../../lib/classify/protocol-table.js';
import { examplesEpilogue } from '../options.js';

export const command = 'protocols [filter]';
export const describe = 'list the known protocols (id, name, category)';

export function builder<T>(y: Argv<T>) {
  return y
    .positional('filter', { type: 'string', describe: 'substring of name or category, or an id' })
    .option('format', { choices: ['table', 'json'], default: 'table' })
    .epilogue(
      examplesEpilogue([
        ['$0 protocols tls', 'protocols whose name or category contains "tls"'],
        ['$0 protocols 91 --format json', 'one protocol by id, as JSON'],
      ]),
    );
}

export function run(argv: Record<string, unknown>): number {
  const filter = argv.filter ? String(argv.filter).toLowerCase() : '';
  const rows = PROTOCOLS.filter(
    (p) => !filter || p.name.toLowerCase().includes(filter) || p.category.toLowerCase().includes(filter) || String(p.id) === filter,
  );
  if (argv.format === 'json') {
    // the reports' vocabulary: snake_case keys (isApp → is_app, tcpPorts → tcp_ports)
    const docs = rows.map((p) => ({
      id: p.id,
      name: p.name,
      category: p.category,
      breed: p.breed,
      is_app: p.isApp,
      cleartext: p.cleartext,
      tcp_ports: p.tcpPorts,
      udp_ports: p.udpPorts,
    }));
    process.stdout.write(JSON.stringify(docs, null, 1) + '\n');
  } else if (rows.length === 0) {
    // a table of nothing would look like a crash; say so, and that it is not an error
    process.stderr.write(`flowcheck: no protocol matches "${argv.filter}" (by name, category or id)\n`);
  } else {
    for (const p of rows) process.stdout.write(`${String(p.id).padStart(4)}  ${p.name.padEnd(24)} ${p.category}\n`);
  }
  return 0;
}
