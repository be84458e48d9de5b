import type { Flow } from '../flow/flow.js';
import { AddressTrie, parseNetworkText } from './address-trie.js';

/**
 * nDPI's category ids and the names ndpiReader prints (ndpi_protocol_category_t): 0–34 the
 * built-in ones (20–24 are the five user custom categories), 99–107 the "custom" ones that
 * lists and category files use (Mining, Malware, Advertisement …, Gambling).
 */
export const CATEGORY_NAMES: ReadonlyMap<number, string> = new Map([
  [0, 'Unspecified'], [1, 'Media'], [2, 'VPN'], [3, 'Email'], [4, 'DataTransfer'], [5, 'Web'],
  [6, 'SocialNetwork'], [7, 'Download'], [8, 'Game'], [9, 'Chat'], [10, 'VoIP'], [11, 'Database'],
  [12, 'RemoteAccess'], [13, 'Cloud'], [14, 'Network'], [15, 'Collaborative'], [16, 'RPC'],
  [17, 'Streaming'], [18, 'System'], [19, 'SoftwareUpdate'], [20, 'Custom_1'], [21, 'Custom_2'],
  [22, 'Custom_3'], [23, 'Custom_4'], [24, 'Custom_5'], [25, 'Music'], [26, 'Video'], [27, 'Shopping'],
  [28, 'Productivity'], [29, 'FileSharing'], [30, 'ConnCheck'], [31, 'IoT-Scada'], [32, 'VirtAssistant'],
  [33, 'Cybersecurity'], [34, 'AdultContent'], [99, 'Mining'], [100, 'Malware'], [101, 'Advertisement'],
  [102, 'Banned_Site'], [103, 'Site_Unavailable'], [104, 'Allowed_Site'], [105, 'Antimalware'],
  [106, 'Crypto_Currency'], [107, 'Gambling'],
]);

/**
 * Custom categories, as ndpiReader loads them with `-c FILE` (lines `NAME<TAB>ID`: a host
 * name, an IPv4 address or network, or an [IPv6] address or network) and `-G DIR` (files
 * `<ID>_<anything>.list`, one domain per line). A flow whose host name is such a domain or
 * one of its sub-domains, or whose client or server address is in such a network, is
 * reported in that category instead of its protocol's.
 */
export class CustomCategories {
  /** Domain (lower case, no leading dot) → category id. */
  readonly domains = new Map<string, number>();
  readonly ip = { v4: new AddressTrie(32, 64), v6: new AddressTrie(128, 64) };
  readonly warnings: string[] = [];

  /** The category name for the flow, or '' when no custom category applies. */
  categoryOf(flow: Flow): string {
    let id = 0;
    if (flow.host !== '' && this.domains.size > 0) id = this.domainCategory(flow.host);
    if (id === 0 && this.ip.v4.size + this.ip.v6.size > 0) {
      const t = flow.ipVersion === 4 ? this.ip.v4 : this.ip.v6;
      id = t.lookup(flow.cli) || t.lookup(flow.srv);
    }
    return id === 0 ? '' : (CATEGORY_NAMES.get(id) ?? `Category_${id}`);
  }

  /** The category of the longest listed domain the host belongs to (0 when none). */
  domainCategory(host: string): number {
    let h = host.toLowerCase();
    if (h.endsWith('.')) h = h.slice(0, -1);
    for (let i = -1; ; ) {
      const id = this.domains.get(h.slice(i + 1));
      if (id !== undefined) return id;
      i = h.indexOf('.', i + 1);
      if (i < 0) return 0;
    }
  }

  /** Adds one `NAME ID` entry; false when NAME is neither a host name nor an address. */
  add(name: string, id: number): boolean {
    const v6 = name.startsWith('[');
    const net = parseNetworkText(v6 ? 'ipv6' : 'ip', name);
    if (typeof net === 'object') {
      // a network; a port has no place in a category file
      if (net.port !== 0) return false;
      (net.v6 ? this.ip.v6 : this.ip.v4).insert(net.words, net.bits, id);
      return true;
    }
    if (v6) return false;
    const d = name.toLowerCase().replace(/^\*?\./, '');
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(d)) return false;
    this.domains.set(d, id);
    return true;
  }
}

/** Reads a categories file (ndpiReader -c) into `into`; `file` names it in warnings. */
export function parseCategoriesFile(text: string, file: string, into = new CustomCategories()): CustomCategories {
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+)\s+(\d+)$/.exec(line);
    if (m === null || !into.add(m[1], Number(m[2]))) into.warnings.push(`${file}: line ${i + 1}: not NAME<TAB>CATEGORY_ID: '${line}'; skipped`);
  });
  return into;
}

/** Reads one domain list `<ID>_<name>.list` (ndpiReader -G); false when the name has no id. */
export function parseDomainList(fileName: string, text: string, into: CustomCategories): boolean {
  const m = /^(\d+)_[^/]*\.list$/.exec(fileName);
  if (m === null) return false;
  const id = Number(m[1]);
  let bad = 0;
  let first = '';
  text.split(/\r?\n/).forEach((raw, i) => {
    const d = raw.trim();
    if (d === '' || d.startsWith('#')) return;
    if (!into.add(d, id) && bad++ === 0) first = `line ${i + 1}: '${d}'`;
  });
  if (bad > 0) into.warnings.push(`${fileName}: ${bad} line${bad === 1 ? '' : 's'} not a domain, skipped (first: ${first})`);
  return true;
}
