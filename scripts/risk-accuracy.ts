/**
 * flowcheck's flow risks against nDPI's on the corpus: each nDPI flow line is paired with
 * flowcheck's flow of the same endpoints, L4 protocol and VLAN (as scripts/accuracy.ts pairs
 * them), and the two sets of risk names compared. Precision and recall of (flow, risk)
 * pairs, per risk and in total.
 *
 *   node dist/scripts/risk-accuracy.js [--corpus DIR] [--only NAME] [--risk NAME] [--list N] [--json]
 *                                      [--no-lists] [--risky-domains F] [--ja3-blocklist F] [--sha1-blocklist F]
 *
 * By default the lists of nDPI's test configuration are loaded (../shared/reference/ndpi-test-config),
 * as the `.out` files were made with them. `--risk NAME --list N` prints up to N flows where
 * the two disagree on that risk.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../lib/analyze.js';
import { parseCustomProtocols, type CustomProtocols } from '../lib/classify/custom-protocols.js';
import { parseCategoriesFile, type CustomCategories } from '../lib/classify/categories.js';
import type { Flow } from '../lib/flow/flow.js';
import { NO_LISTS, parseJa3List, parseRiskyDomains, parseSha1List, type RiskLists } from '../lib/risk/lists.js';
import { riskInfo } from '../lib/risk/risks.js';
import { flowsByKey, ndpiKey, TEST_PROTOS } from './accuracy.js';
import { readNdpiOut } from './support/ndpi-out.js';
import { argValue } from './support/args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TEST_CONFIG = path.join(ROOT, '../shared/reference/ndpi-test-config');

export interface RiskCount {
  name: string;
  /** (flow, risk) pairs both have. */
  both: number;
  /** nDPI only (missed). */
  ndpiOnly: number;
  /** flowcheck only (extra). */
  oursOnly: number;
}

export interface RiskDiff {
  file: string;
  flow: string;
  risk: string;
  side: 'ndpi' | 'flowcheck';
  ndpiInfo: string;
  oursInfo: string;
}

export interface RiskResult {
  flows: number;
  byRisk: Map<string, RiskCount>;
  diffs: RiskDiff[];
}

/** The lists of nDPI's test configuration, when that folder is there. */
export function testConfigLists(dir = TEST_CONFIG): RiskLists {
  const read = (f: string) => (existsSync(path.join(dir, f)) ? readFileSync(path.join(dir, f), 'utf8') : '');
  return {
    riskyDomains: parseRiskyDomains(read('risky_domains.txt')),
    ja3: parseJa3List(read('ja3_fingerprints.csv')),
    sha1: parseSha1List(read('sha1_fingerprints.csv')),
  };
}

export function flowRiskNames(f: Flow): string[] {
  return (f.risks ?? []).map((r) => riskInfo(r.id)?.name ?? String(r.id));
}

function flowRiskInfo(f: Flow): string {
  return (f.risks ?? [])
    .filter((r) => r.info !== undefined)
    .map((r) => r.info)
    .join(' / ');
}

/** nDPI's test categories (categories.txt: the Malware addresses among them), when present. */
export function testConfigCategories(dir = TEST_CONFIG): CustomCategories | undefined {
  const f = path.join(dir, 'categories.txt');
  return existsSync(f) ? parseCategoriesFile(readFileSync(f, 'utf8'), f) : undefined;
}

export async function compareRisks(
  file: string,
  res: RiskResult,
  lists: RiskLists,
  protocols?: CustomProtocols,
  maxPackets = 32,
  categories: CustomCategories | undefined = testConfigCategories(),
): Promise<void> {
  const out = readNdpiOut(`${file}.out`);
  const { flows } = await analyze({ inputs: [file], maxPackets, protocols, riskLists: lists, categories });
  const ours = flowsByKey(flows);
  const base = path.basename(file);
  const count = (name: string) => {
    let c = res.byRisk.get(name);
    if (!c) res.byRisk.set(name, (c = { name, both: 0, ndpiOnly: 0, oursOnly: 0 }));
    return c;
  };
  for (const nf of out.flows) {
    const l = ours.get(ndpiKey(nf));
    const f = l && l.length > 0 ? l.shift() : undefined;
    res.flows++;
    const mine = new Set(f ? flowRiskNames(f) : []);
    const theirs = new Set(nf.risks);
    const label = `${nf.l4} ${nf.a.addr}:${nf.a.port} ${nf.oneWay ? '->' : '<->'} ${nf.b.addr}:${nf.b.port} ${nf.protoName}`;
    for (const r of theirs) {
      if (mine.has(r)) count(r).both++;
      else {
        count(r).ndpiOnly++;
        res.diffs.push({ file: base, flow: label, risk: r, side: 'ndpi', ndpiInfo: nf.riskInfo ?? '', oursInfo: f ? flowRiskInfo(f) : '(no flow)' });
      }
    }
    for (const r of mine) {
      if (!theirs.has(r)) {
        count(r).oursOnly++;
        res.diffs.push({ file: base, flow: label, risk: r, side: 'flowcheck', ndpiInfo: nf.riskInfo ?? '', oursInfo: f ? flowRiskInfo(f) : '' });
      }
    }
  }
}

export function pctText(a: number, b: number): string {
  return b === 0 ? '   n/a' : `${((100 * a) / b).toFixed(1).padStart(5)}%`;
}

/** The per-risk table (nDPI pairs, both, precision, recall) as text lines. */
export function riskTable(res: RiskResult): string[] {
  const rows = [...res.byRisk.values()].sort((a, b) => b.both + b.ndpiOnly - (a.both + a.ndpiOnly) || a.name.localeCompare(b.name));
  const lines = [`${'risk'.padEnd(38)} ${'nDPI'.padStart(5)} ${'ours'.padStart(5)} ${'both'.padStart(5)}  precision  recall`];
  let both = 0;
  let nd = 0;
  let ou = 0;
  for (const r of rows) {
    both += r.both;
    nd += r.both + r.ndpiOnly;
    ou += r.both + r.oursOnly;
    lines.push(
      `${r.name.padEnd(38)} ${String(r.both + r.ndpiOnly).padStart(5)} ${String(r.both + r.oursOnly).padStart(5)} ${String(r.both).padStart(5)}  ${pctText(r.both, r.both + r.oursOnly).padStart(9)}  ${pctText(r.both, r.both + r.ndpiOnly).padStart(6)}`,
    );
  }
  lines.push(`${'TOTAL'.padEnd(38)} ${String(nd).padStart(5)} ${String(ou).padStart(5)} ${String(both).padStart(5)}  ${pctText(both, ou).padStart(9)}  ${pctText(both, nd).padStart(6)}`);
  return lines;
}

/** The lists of the options: nDPI's test configuration unless --no-lists, each replaced by its file when given. */
export function riskListsFromArgs(args: string[]): RiskLists {
  const opt = (name: string): string | undefined => argValue(args, name);
  let lists = args.includes('--no-lists') ? NO_LISTS : testConfigLists();
  const rd = opt('--risky-domains');
  const ja3 = opt('--ja3-blocklist');
  const sha1 = opt('--sha1-blocklist');
  if (rd) lists = { ...lists, riskyDomains: parseRiskyDomains(readFileSync(rd, 'utf8')) };
  if (ja3) lists = { ...lists, ja3: parseJa3List(readFileSync(ja3, 'utf8')) };
  if (sha1) lists = { ...lists, sha1: parseSha1List(readFileSync(sha1, 'utf8')) };
  return lists;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => argValue(args, name);
  const corpus = path.resolve(opt('--corpus') ?? process.env.FLOWCHECK_CORPUS ?? path.join(ROOT, '../shared/corpus'));
  const only = opt('--only');
  const lists = riskListsFromArgs(args);
  const protocols = existsSync(TEST_PROTOS) && !args.includes('--no-protos') ? parseCustomProtocols(readFileSync(TEST_PROTOS, 'utf8'), TEST_PROTOS) : undefined;
  const files = readdirSync(corpus)
    .filter((f) => /\.(pcap|pcapng|cap)$/.test(f) && existsSync(path.join(corpus, `${f}.out`)))
    .filter((f) => !only || f.includes(only))
    .sort()
    .map((f) => path.join(corpus, f));
  const res: RiskResult = { flows: 0, byRisk: new Map(), diffs: [] };
  for (const f of files) {
    try {
      await compareRisks(f, res, lists, protocols);
    } catch (e) {
      process.stderr.write(`risk-accuracy: ${path.basename(f)}: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  }
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify({ flows: res.flows, risks: [...res.byRisk.values()], diffs: res.diffs }, null, 1) + '\n');
    return;
  }
  const lines = [`${files.length} captures, ${res.flows} nDPI flows`, ...riskTable(res)];
  const want = opt('--risk');
  const n = Number(opt('--list') ?? 0);
  if (n > 0) {
    lines.push('', 'Disagreements:');
    let k = 0;
    for (const d of res.diffs) {
      if (want && d.risk !== want) continue;
      if (k++ >= n) break;
      lines.push(`  ${d.side === 'ndpi' ? 'MISSED' : 'EXTRA '} ${d.risk}: ${d.file}: ${d.flow} | nDPI: ${d.ndpiInfo} | ours: ${d.oursInfo}`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`risk-accuracy: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  });
}
