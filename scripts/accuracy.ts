/**
 * `npm run accuracy`: flowcheck's protocol names against nDPI's on the corpus.
 *
 *   node dist/scripts/accuracy.js [--corpus DIR] [--max-packets N] [--only NAME] [--json] [--quiet]
 *                                 [--check] [--no-risks] [--no-lists]
 *                                 [--risky-domains F] [--ja3-blocklist F] [--sha1-blocklist F]
 *
 * Each capture of the corpus (those with a `.out` beside them) is analysed on its own; each nDPI
 * flow is matched to flowcheck's flow with the same endpoints (unordered pair), L4 protocol and
 * VLAN, and the names compared (`TLS.Google`, `DNS`, `Unknown` …). Agreement is reported by
 * flows and by bytes (nDPI's byte counts), per file and in total, and every disagreement is
 * listed. `--check` exits 1 when the totals are under the targets (95 % flows, 98 % bytes).
 *
 * Then the flow risks (scripts/risk-accuracy.ts): precision and recall of (flow, risk) pairs
 * against the `.out` lines, per risk and in total, with the block lists of nDPI's test
 * configuration loaded (or the files given; `--no-lists` for none). `--no-risks` skips it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../lib/analyze.js';
import { parseCustomProtocols, type CustomProtocols } from '../lib/classify/custom-protocols.js';
import type { Flow } from '../lib/flow/flow.js';
import { readNdpiOut, type NdpiFlow } from './support/ndpi-out.js';
import { argValue } from './support/args.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TARGET_FLOWS = 97;
const TARGET_BYTES = 98;
const TARGET_MEAN = 97;
/** nDPI's test configuration: the .out files were made with its protos.txt (ndpiReader -p). */
export const TEST_PROTOS = path.join(ROOT, '../shared/reference/ndpi-test-config/protos.txt');

export interface Disagreement {
  file: string;
  l4: string;
  a: string;
  b: string;
  vlan: number;
  bytes: number;
  ndpi: string;
  ndpiConfidence: string;
  flowcheck: string;
  flowcheckConfidence: string;
}

export interface FileResult {
  file: string;
  flows: number;
  flowsAgree: number;
  bytes: number;
  bytesAgree: number;
  /** flowcheck flows with no nDPI line (nDPI dropped non-first fragments, etc.). */
  extra: number;
  /** Those flows, described. */
  extraFlows: string[];
  disagreements: Disagreement[];
  /** Per nDPI protocol name: nDPI's flows and those flowcheck names alike. */
  byProtocol: Record<string, { flows: number; agree: number }>;
}

function endpoint(addr: string, port: number, withPort: boolean): string {
  const a = addr.includes(':') ? `[${addr}]` : addr;
  return withPort ? `${a}:${port}` : a;
}

/**
 * An IPv6 address reduced to its non-zero groups and zero runs ("Z"). nDPI prints IPv6
 * its own way: it compresses a single zero group ("face:b00c::99" where RFC 5952 has
 * "face:b00c:0:99") and sometimes several runs ("5999::19::"); both forms reduce alike.
 */
export function addrSignature(addr: string): string {
  if (!addr.includes(':')) return addr;
  const out: string[] = [];
  for (const t of addr.toLowerCase().split(':')) {
    const z = t === '' || /^0+$/.test(t);
    if (z) {
      if (out[out.length - 1] !== 'Z') out.push('Z');
    } else out.push(t.replace(/^0+/, ''));
  }
  return out.join(':');
}

function sigEndpoint(addr: string, port: number, withPort: boolean): string {
  return endpoint(addrSignature(addr), port, withPort);
}

/** Matching key: IP protocol, VLAN, unordered endpoint pair (ports for TCP/UDP only). */
function key(ipProto: number, vlan: number, a: string, b: string): string {
  return `${ipProto}|${vlan}|${a < b ? `${a}|${b}` : `${b}|${a}`}`;
}

export function ndpiKey(f: NdpiFlow, withPorts = f.ipProto === 6 || f.ipProto === 17): string {
  return key(f.ipProto, f.vlan, sigEndpoint(f.a.addr, f.a.port, withPorts), sigEndpoint(f.b.addr, f.b.port, withPorts));
}

export function flowKey(f: Flow, withPorts = f.proto === 6 || f.proto === 17): string {
  return key(f.proto, f.vlanId, sigEndpoint(f.cliAddr(), f.cliPort, withPorts), sigEndpoint(f.srvAddr(), f.srvPort, withPorts));
}

const NDPI_CONFIDENCE: Record<string, string> = {
  dpi: 'DPI',
  dns: 'DNS',
  port: 'Match by port',
  ip: 'Match by IP',
  custom: 'Match by custom rule',
  unknown: 'Unknown',
};

/** Our flows by flowKey (several flows can share a key: a connection reopened). */
export function flowsByKey(flows: readonly Flow[]): Map<string, Flow[]> {
  const ours = new Map<string, Flow[]>();
  for (const f of flows) {
    const k = flowKey(f);
    const l = ours.get(k);
    if (l) l.push(f);
    else ours.set(k, [f]);
  }
  return ours;
}

export async function compareCapture(file: string, maxPackets = 32, protocols?: CustomProtocols): Promise<FileResult> {
  const out = readNdpiOut(`${file}.out`);
  const { flows, names } = await analyze({ inputs: [file], maxPackets, protocols });
  const ours = flowsByKey(flows);
  const res: FileResult = {
    file: path.basename(file),
    flows: 0,
    flowsAgree: 0,
    bytes: 0,
    bytesAgree: 0,
    extra: 0,
    extraFlows: [],
    disagreements: [],
    byProtocol: {},
  };
  const count = (name: string, agree: boolean) => {
    const e = (res.byProtocol[name] ??= { flows: 0, agree: 0 });
    e.flows++;
    if (agree) e.agree++;
  };
  // pair flows of the same key: same name first, then in order
  const pending: NdpiFlow[] = [];
  const take = (nf: NdpiFlow, pick: (f: Flow) => boolean): Flow | undefined => {
    const l = ours.get(ndpiKey(nf));
    if (!l) return undefined;
    const i = l.findIndex(pick);
    if (i < 0) return undefined;
    return l.splice(i, 1)[0];
  };
  for (const nf of out.flows) {
    const bytes = nf.aBytes + nf.bBytes;
    res.flows++;
    res.bytes += bytes;
    if (take(nf, (f) => names.l7Name(f.l7Master, f.l7App) === nf.protoName)) {
      res.flowsAgree++;
      res.bytesAgree += bytes;
      count(nf.protoName, true);
    } else {
      pending.push(nf);
    }
  }
  for (const nf of pending) {
    let f = take(nf, () => true);
    // nDPI prints ports 0 when it had no transport header (IPv4 fragments it does not
    // reassemble): match such a line by addresses only
    if (!f && nf.a.port === 0 && nf.b.port === 0 && (nf.ipProto === 6 || nf.ipProto === 17)) {
      const k = ndpiKey(nf, false);
      for (const l of ours.values()) {
        const i = l.findIndex((x) => flowKey(x, false) === k);
        if (i >= 0) {
          f = l.splice(i, 1)[0];
          break;
        }
      }
      if (f && names.l7Name(f.l7Master, f.l7App) === nf.protoName) {
        res.flowsAgree++;
        res.bytesAgree += nf.aBytes + nf.bBytes;
        count(nf.protoName, true);
        continue;
      }
    }
    const ports = nf.ipProto === 6 || nf.ipProto === 17;
    count(nf.protoName, false);
    res.disagreements.push({
      file: res.file,
      l4: nf.l4,
      a: endpoint(nf.a.addr, nf.a.port, ports),
      b: endpoint(nf.b.addr, nf.b.port, ports),
      vlan: nf.vlan,
      bytes: nf.aBytes + nf.bBytes,
      ndpi: nf.protoName,
      ndpiConfidence: nf.confidence,
      flowcheck: f ? names.l7Name(f.l7Master, f.l7App) : '(no flow)',
      flowcheckConfidence: f ? NDPI_CONFIDENCE[f.confidence] : '',
    });
  }
  for (const l of ours.values()) {
    for (const f of l) {
      res.extra++;
      const ports = f.proto === 6 || f.proto === 17;
      const vlan = f.vlanId ? ` [VLAN ${f.vlanId}]` : '';
      res.extraFlows.push(
        `${f.proto} ${endpoint(f.cliAddr(), f.cliPort, ports)} <-> ${endpoint(f.srvAddr(), f.srvPort, ports)}${vlan} ` +
          `${f.packets} pkts ${f.bytes} B: ${names.l7Name(f.l7Master, f.l7App)}`,
      );
    }
  }
  return res;
}

function pct(a: number, b: number): string {
  return b === 0 ? '  n/a ' : `${((100 * a) / b).toFixed(2).padStart(6)}%`;
}

/** Per nDPI protocol name: its flows in the corpus and how many flowcheck names alike. */
export function perProtocol(results: FileResult[]): { name: string; flows: number; agree: number }[] {
  const m = new Map<string, { name: string; flows: number; agree: number }>();
  for (const r of results) {
    for (const [name, n] of Object.entries(r.byProtocol)) {
      const e = m.get(name) ?? { name, flows: 0, agree: 0 };
      e.flows += n.flows;
      e.agree += n.agree;
      m.set(name, e);
    }
  }
  return [...m.values()].sort((a, b) => b.flows - a.flows || a.name.localeCompare(b.name));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => argValue(args, name);
  const corpus = path.resolve(opt('--corpus') ?? process.env.FLOWCHECK_CORPUS ?? path.join(ROOT, '../shared/corpus'));
  const maxPackets = Number(opt('--max-packets') ?? 32);
  const only = opt('--only');
  const json = args.includes('--json');
  const quiet = args.includes('--quiet');
  const protosFile = args.includes('--no-protos') ? undefined : (opt('--protos') ?? (existsSync(TEST_PROTOS) ? TEST_PROTOS : undefined));
  const protocols = protosFile !== undefined ? parseCustomProtocols(readFileSync(protosFile, 'utf8'), protosFile) : undefined;
  if (!json) process.stderr.write(`accuracy: custom protocols: ${protosFile ?? 'none (nDPI defaults only)'}\n`);
  if (!existsSync(corpus)) {
    process.stderr.write(`accuracy: corpus not found at ${corpus} (set FLOWCHECK_CORPUS or --corpus)\n`);
    process.exit(2);
  }
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(corpus)
    .filter((f) => /\.(pcap|pcapng|cap)$/.test(f) && existsSync(path.join(corpus, `${f}.out`)))
    .filter((f) => !only || f.includes(only))
    .sort()
    .map((f) => path.join(corpus, f));

  const results: FileResult[] = [];
  for (const f of files) {
    try {
      results.push(await compareCapture(f, maxPackets, protocols));
    } catch (e) {
      process.stderr.write(`accuracy: ${path.basename(f)}: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  }
  const total = results.reduce(
    (t, r) => ({
      flows: t.flows + r.flows,
      flowsAgree: t.flowsAgree + r.flowsAgree,
      bytes: t.bytes + r.bytes,
      bytesAgree: t.bytesAgree + r.bytesAgree,
      extra: t.extra + r.extra,
    }),
    { flows: 0, flowsAgree: 0, bytes: 0, bytesAgree: 0, extra: 0 },
  );

  const meanFlows = results.length > 0 ? results.reduce((t, r) => t + (r.flows > 0 ? r.flowsAgree / r.flows : 1), 0) / results.length : 1;
  const byProto = perProtocol(results);
  if (json) {
    process.stdout.write(`${JSON.stringify({ total, meanFlows, protocols: byProto, files: results }, null, 2)}\n`);
  } else {
    const w = Math.max(...results.map((r) => r.file.length), 5);
    const lines: string[] = [];
    lines.push(`${'file'.padEnd(w)}  ${'flows'.padStart(13)}  ${'by flows'.padStart(7)}  ${'by bytes'.padStart(7)}  extra`);
    for (const r of results) {
      lines.push(
        `${r.file.padEnd(w)}  ${`${r.flowsAgree}/${r.flows}`.padStart(13)}  ${pct(r.flowsAgree, r.flows)}  ${pct(r.bytesAgree, r.bytes)}  ${r.extra}`,
      );
    }
    lines.push(
      `${'TOTAL'.padEnd(w)}  ${`${total.flowsAgree}/${total.flows}`.padStart(13)}  ${pct(total.flowsAgree, total.flows)}  ${pct(total.bytesAgree, total.bytes)}  ${total.extra}`,
    );
    lines.push(`${'MEAN per file'.padEnd(w)}  ${''.padStart(13)}  ${pct(meanFlows * 1e6, 1e6)}`);
    if (!quiet) {
      lines.push('', 'By nDPI protocol (flows agreeing / nDPI flows):');
      for (const p of byProto) lines.push(`  ${p.name.padEnd(32)} ${`${p.agree}/${p.flows}`.padStart(11)}  ${pct(p.agree, p.flows)}`);
      lines.push('', 'Disagreements (nDPI → flowcheck):');
      for (const r of results) {
        for (const d of r.disagreements) {
          const vlan = d.vlan ? ` [VLAN ${d.vlan}]` : '';
          lines.push(
            `  ${d.file}: ${d.l4} ${d.a} <-> ${d.b}${vlan} ${d.bytes} B: ${d.ndpi} (${d.ndpiConfidence}) → ${d.flowcheck}${d.flowcheckConfidence ? ` (${d.flowcheckConfidence})` : ''}`,
          );
        }
      }
      lines.push('', 'flowcheck flows without an nDPI line (IP protocol, endpoints):');
      for (const r of results) for (const e of r.extraFlows) lines.push(`  ${r.file}: ${e}`);
    }
    lines.push(
      '',
      `Agreement: ${pct(total.flowsAgree, total.flows).trim()} of flows (target ${TARGET_FLOWS} %), ` +
        `${pct(total.bytesAgree, total.bytes).trim()} of bytes (target ${TARGET_BYTES} %), ` +
        `mean per file ${pct(meanFlows * 1e6, 1e6).trim()} (target ${TARGET_MEAN} %)`,
    );
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  if (!args.includes('--no-risks')) {
    const { compareRisks, riskListsFromArgs, riskTable } = await import('./risk-accuracy.js');
    const lists = riskListsFromArgs(args);
    const rr = { flows: 0, byRisk: new Map(), diffs: [] };
    for (const f of files) await compareRisks(f, rr, lists, protocols, maxPackets);
    if (json) process.stdout.write(`${JSON.stringify({ risks: [...rr.byRisk.values()] })}\n`);
    else process.stdout.write(['', "Flow risks against nDPI's (flow, risk) pairs:", ...riskTable(rr)].join('\n') + '\n');
  }
  if (args.includes('--check')) {
    const okFlows = total.flowsAgree * 100 >= TARGET_FLOWS * total.flows;
    const okBytes = total.bytesAgree * 100 >= TARGET_BYTES * total.bytes;
    if (!okFlows || !okBytes || meanFlows * 100 < TARGET_MEAN) process.exitCode = 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`accuracy: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  });
}
