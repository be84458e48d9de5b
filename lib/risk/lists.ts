/**
 * The block lists risks are checked against, as nDPI's test runs load them: risky domain
 * suffixes (risky_domains.txt: `.xyz`, `example.org`), malicious TLS client fingerprints
 * (ja3_fingerprints.csv: JA3 MD5 first on each line) and malicious certificate SHA-1s
 * (sha1_fingerprints.csv: date, SHA-1, reason). Read once per run; immutable afterwards.
 */
export interface RiskLists {
  /** Lower-case names or suffixes (".xyz"): a host matches the name or ends with ".name". */
  riskyDomains: ReadonlySet<string>;
  /** Lower-case JA3 client hashes. */
  ja3: ReadonlySet<string>;
  /** Lower-case certificate SHA-1s without separators. */
  sha1: ReadonlySet<string>;
}

export const NO_LISTS: RiskLists = { riskyDomains: new Set(), ja3: new Set(), sha1: new Set() };

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** risky_domains.txt: one name or suffix a line; a leading dot is dropped. */
export function parseRiskyDomains(text: string): Set<string> {
  const s = new Set<string>();
  for (const l of lines(text)) {
    const name = l.split(/\s/)[0].toLowerCase().replace(/^\*?\./, '');
    if (name) s.add(name);
  }
  return s;
}

/** ja3_fingerprints.csv: the hash is the first field (32 hex digits); other lines are skipped. */
export function parseJa3List(text: string): Set<string> {
  const s = new Set<string>();
  for (const l of lines(text)) {
    const h = l.split(',')[0].trim().toLowerCase();
    if (/^[0-9a-f]{32}$/.test(h)) s.add(h);
  }
  return s;
}

/** sha1_fingerprints.csv: the first field of 40 hex digits on each line (colons allowed). */
export function parseSha1List(text: string): Set<string> {
  const s = new Set<string>();
  for (const l of lines(text)) {
    for (const f of l.split(',')) {
      const h = f.trim().toLowerCase().replace(/:/g, '');
      if (/^[0-9a-f]{40}$/.test(h)) {
        s.add(h);
        break;
      }
    }
  }
  return s;
}

/** True when `host` is a listed name or below one ("a.b.xyz" for "xyz"). */
export function riskyDomainMatch(lists: RiskLists, host: string): string | undefined {
  const set = lists.riskyDomains;
  if (set.size === 0 || host === '') return undefined;
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  for (;;) {
    if (set.has(h)) return h;
    const dot = h.indexOf('.');
    if (dot < 0) return undefined;
    h = h.slice(dot + 1);
  }
}
