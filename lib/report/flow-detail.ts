/**
 * The one-flow view (`--view flow --flow ID`): everything the report knows about one flow — its
 * JSON record (counters, TCP state, classification, protocol metadata, risks) with its alerts and
 * check errors — as a list of dotted keys and values for the terminal. The JSON form of the view
 * is the record itself.
 */

/** Leaves of a JSON value as [dotted key, text] pairs, in the record's own key order. */
export function flattenRecord(value: unknown, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  walk(value, prefix, out);
  return out;
}

function walk(v: unknown, key: string, out: [string, string][]): void {
  if (v === null || v === undefined) {
    out.push([key, v === null ? 'null' : '']);
  } else if (Array.isArray(v)) {
    if (v.length === 0) out.push([key, '[]']);
    else if (v.every((x) => x === null || typeof x !== 'object')) out.push([key, v.map(scalar).join(', ')]);
    else v.forEach((x, i) => walk(x, `${key}[${i}]`, out));
  } else if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) out.push([key, '{}']);
    for (const [k, x] of entries) walk(x, key === '' ? k : `${key}.${k}`, out);
  } else {
    out.push([key, scalar(v)]);
  }
}

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

/**
 * The view as text lines: a title, then one line per key (keys padded to one column; values
 * longer than the width are wrapped onto continuation lines, never cut: this is the place to
 * read a whole URL or certificate name).
 */
export function flowDetailText(title: string, pairs: [string, string][], width = 80): string {
  const keyWidth = Math.min(40, pairs.reduce((m, [k]) => Math.max(m, k.length), 0));
  const valueWidth = Math.max(20, width - keyWidth - 2);
  const lines = [title, '─'.repeat(Math.min(width, Math.max(title.length, 20)))];
  for (const [k, v] of pairs) {
    const key = k.length > keyWidth ? k : k.padEnd(keyWidth);
    const chunks = v.length <= valueWidth ? [v] : chunk(v, valueWidth);
    lines.push(`${key}  ${chunks[0]}`);
    for (const c of chunks.slice(1)) lines.push(`${' '.repeat(keyWidth)}  ${c}`);
  }
  return lines.join('\n') + '\n';
}

function chunk(s: string, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += n) out.push(s.slice(i, i + n));
  return out;
}
