import { AddressTrie, parseNetworkText } from './address-trie.js';
import { PROTOCOLS, protocolCategory, protocolInfo } from './protocol-table.js';

/**
 * Custom protocols in nDPI's `protos.txt` format (ndpiReader -p): one rule line per
 * protocol, `RULE[,RULE…]@Name[=id]`, where a rule is
 *   tcp:PORT  udp:PORT  tcp:LO-HI        a port (range) of that transport
 *   host:"name"                          a host name (SNI, HTTP Host, DNS query) and its sub-domains
 *   ip:1.2.3.4[/BITS][:PORT]             an IPv4 network, optionally tied to a port
 *   ipv6:[2001:db8::1][/BITS][:PORT]     an IPv6 network, likewise
 * A name that nDPI knows (HTTP, ntop …) extends that protocol: its port rules become
 * default ports ("Match by port"), its host and address rules name flows after it. A new
 * name is a custom protocol, numbered after nDPI's own ids in order of appearance, as
 * ndpiReader numbers them (or `=id`); its rules decide a flow before any payload
 * inspection ("Match by custom rule").
 * Rules flowcheck cannot apply (nbpf filters, `ip:` with a host name to resolve, risk
 * masks and trusted issuers, which belong to flow risks) are skipped with a warning naming
 * file and line.
 */
export class CustomProtocols {
  /** Custom protocol id → name (ids beyond nDPI's table). */
  readonly names = new Map<number, string>();
  /** Port rules: transport (6, 17) → port → protocol id. */
  readonly ports = new Map<number, Map<number, number>>([
    [6, new Map()],
    [17, new Map()],
  ]);
  /** Host rules, lower case, in file order: [pattern, id]; `*.x` and `x` both match x's sub-domains. */
  readonly hosts: [string, number][] = [];
  /** Address rules. */
  readonly ip = { v4: new AddressTrie(32, 64), v6: new AddressTrie(128, 64) };
  readonly warnings: string[] = [];
  /** Rules read. */
  rules = 0;

  /** True for a custom protocol (not one of nDPI's). */
  isCustom(id: number): boolean {
    return this.names.has(id);
  }

  /** The protocol of a port rule for this transport and port (0 when none). */
  portRule(transport: number, port: number): number {
    return this.ports.get(transport)?.get(port) ?? 0;
  }

  /** The protocol of the best (longest) host rule matching `host` (0 when none). */
  hostRule(host: string): number {
    if (host === '' || this.hosts.length === 0) return 0;
    let h = host.toLowerCase();
    if (h.endsWith('.')) h = h.slice(0, -1);
    let best = 0;
    let bestLen = -1;
    for (const [p, id] of this.hosts) {
      if ((h === p || h.endsWith('.' + p)) && p.length > bestLen) {
        best = id;
        bestLen = p.length;
      }
    }
    return best;
  }
}

/** The first id after nDPI's table (ndpiReader's first custom protocol id). */
export const FIRST_CUSTOM_ID = PROTOCOLS.reduce((m, p) => Math.max(m, p.id), 0) + 1;

/** Reads a protos.txt text; `file` names it in warnings and errors. Throws on a malformed line. */
export function parseCustomProtocols(text: string, file: string): CustomProtocols {
  const cp = new CustomProtocols();
  const byName = new Map<string, number>();
  for (const p of PROTOCOLS) byName.set(p.name.toLowerCase(), p.id);
  let nextId = FIRST_CUSTOM_ID;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = `${file}: line ${i + 1}`;
    if (line === '' || line.startsWith('#')) return;
    const at = line.lastIndexOf('@');
    if (at < 0) {
      if (/^(ip_risk_mask|ipv6_risk_mask|host_risk_mask|trusted_issuer_dn):/.test(line)) {
        cp.warnings.push(`${where}: '${line.split(':')[0]}' is a flow-risk setting; not applied`);
        return;
      }
      throw new Error(`${where}: expected RULES@PROTOCOL, got '${line}'`);
    }
    const nameSpec = line.slice(at + 1).trim();
    const m = /^([^=\s]+)(?:=(\d+))?$/.exec(nameSpec);
    if (m === null) throw new Error(`${where}: bad protocol name '${nameSpec}'`);
    const name = m[1];
    let id = byName.get(name.toLowerCase());
    if (id === undefined) {
      id = m[2] !== undefined ? Number(m[2]) : nextId;
      if (id > 65535) throw new Error(`${where}: protocol id ${id} is beyond 65535`);
      if (protocolInfo(id) !== undefined) throw new Error(`${where}: id ${id} is nDPI's ${protocolInfo(id)!.name}`);
      if (m[2] === undefined) nextId++;
      byName.set(name.toLowerCase(), id);
      cp.names.set(id, name);
    }
    for (const rule of splitRules(line.slice(0, at))) addRule(cp, rule, id, where);
  });
  return cp;
}

/** Rules are comma-separated; a comma inside quotes or brackets belongs to the rule. */
function splitRules(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = false;
  let bracket = 0;
  for (const c of s) {
    if (c === '"') quote = !quote;
    else if (!quote && c === '[') bracket++;
    else if (!quote && c === ']') bracket--;
    if (c === ',' && !quote && bracket === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

function addRule(cp: CustomProtocols, rule: string, id: number, where: string): void {
  const colon = rule.indexOf(':');
  const kind = colon < 0 ? rule : rule.slice(0, colon);
  const value = colon < 0 ? '' : rule.slice(colon + 1).trim();
  switch (kind) {
    case 'tcp':
    case 'udp': {
      const r = /^(\d+)(?:-(\d+))?$/.exec(value);
      const lo = r ? Number(r[1]) : NaN;
      const hi = r && r[2] !== undefined ? Number(r[2]) : lo;
      if (!r || lo > 65535 || hi > 65535 || hi < lo) throw new Error(`${where}: bad port rule '${rule}'`);
      const map = cp.ports.get(kind === 'tcp' ? 6 : 17)!;
      for (let p = lo; p <= hi; p++) map.set(p, id);
      break;
    }
    case 'host': {
      const h = /^"(.*)"$/.exec(value);
      if (!h || h[1] === '') throw new Error(`${where}: bad host rule '${rule}' (expected host:"name")`);
      cp.hosts.push([h[1].toLowerCase().replace(/^\*\./, ''), id]);
      break;
    }
    case 'ip':
    case 'ipv6': {
      const net = parseNetworkText(kind, value);
      if (net === 'hostname') {
        cp.warnings.push(`${where}: '${rule}' names a host, which flowcheck does not resolve (no network at run time); rule skipped`);
        return;
      }
      if (net === undefined) throw new Error(`${where}: bad address rule '${rule}'`);
      (net.v6 ? cp.ip.v6 : cp.ip.v4).insert(net.words, net.bits, id, net.port);
      break;
    }
    case 'nbpf':
      cp.warnings.push(`${where}: nbpf rules (packet filters) are not supported; rule skipped`);
      return;
    default:
      throw new Error(`${where}: unknown rule kind '${kind}' in '${rule}'`);
  }
  cp.rules++;
}

/** Names for ids, nDPI's and a run's custom protocols. */
export class ProtocolNames {
  private readonly l7Cache = new Map<number, string>();
  constructor(private readonly custom?: CustomProtocols) {}

  name(id: number): string {
    return this.custom?.names.get(id) ?? protocolInfo(id)?.name ?? 'Unknown';
  }

  /** nDPI's flow naming: "MASTER.APP" when both are known and differ, else the single name. */
  l7Name(master: number, app: number): string {
    const key = master * 65536 + app;
    let s = this.l7Cache.get(key);
    if (s === undefined) {
      if (master !== 0 && app !== 0 && master !== app) s = `${this.name(master)}.${this.name(app)}`;
      else if (app !== 0) s = this.name(app);
      else if (master !== 0) s = this.name(master);
      else s = 'Unknown';
      this.l7Cache.set(key, s);
    }
    return s;
  }

  /** A custom protocol's category is nDPI's default for them, Unspecified. */
  category(id: number): string {
    return this.custom?.names.has(id) ? 'Unspecified' : protocolCategory(id);
  }
}

/** nDPI's names alone (no custom protocols). */
export const DEFAULT_NAMES = new ProtocolNames();
