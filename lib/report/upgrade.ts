/**
 * A JSON report of schema_version 1 read as version 2 (flowcheck merge): times become seconds
 * to the microsecond with an `_iso` string of every fraction digit beside them, protocol
 * metadata keys take the Lua aliases' names (vocabulary.ts) with the TLS version and cipher
 * names added. Everything else of version 1 is version 2 already.
 */
import type { ReportDoc } from './doc.js';
import { isoTime, numText, TS_MARK } from './values.js';
import { META_SECTIONS, metaObject } from './vocabulary.js';

type Obj = Record<string, unknown>;

/** A version-1 exact time cut to the microsecond: "1795864079.437141273" → "1795864079.437141". */
function microText(v: unknown): unknown {
  if (typeof v !== 'string' || !v.startsWith(TS_MARK)) return v;
  const t = numText(v).replace(/(\.\d{6})\d+$/, '$1').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return TS_MARK + t;
}

/** `o` with each time key's value cut to the microsecond and `<key>_iso` after it (null stays null). */
function splitTimes(o: Obj, keys: readonly string[]): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(o)) {
    if (!keys.includes(k) || k + '_iso' in o) {
      out[k] = v;
      continue;
    }
    out[k] = microText(v);
    out[k + '_iso'] = v === null || v === undefined ? null : isoTime(v);
  }
  return out;
}

/** "client_banner" → "clientBanner": a version-1 metadata key back to the field it was written from. */
function fieldName(k: string): string {
  return k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function upgradeFlow(f: Obj): Obj {
  const o = splitTimes(f, ['first_seen', 'last_seen']);
  for (const section of META_SECTIONS) {
    const m = o[section];
    if (m === null || typeof m !== 'object' || Array.isArray(m)) continue;
    if (section === 'other') continue; // its keys are written as the dissectors name them
    const fields: Obj = {};
    for (const [k, v] of Object.entries(m)) fields[fieldName(k)] = v;
    o[section] = metaObject(section, fields);
  }
  return o;
}

function upgradeAlert(a: Obj): Obj {
  const o = splitTimes(a, ['time']);
  if (o.flow !== null && typeof o.flow === 'object') o.flow = splitTimes(o.flow as Obj, ['first_seen', 'last_seen']);
  return o;
}

/** A version-1 report as version 2 (a new object; the input is not changed). */
export function upgradeV1(doc: ReportDoc): ReportDoc {
  const d = doc as unknown as Obj;
  const out: Obj = { ...d, schema_version: 2 };
  if (Array.isArray(d.flows)) out.flows = (d.flows as Obj[]).map((f) => (f && typeof f === 'object' ? upgradeFlow(f) : f));
  if (Array.isArray(d.alerts)) out.alerts = (d.alerts as Obj[]).map((a) => (a && typeof a === 'object' ? upgradeAlert(a) : a));
  if (Array.isArray(d.captures)) {
    out.captures = (d.captures as Obj[]).map((c) => (c && typeof c === 'object' ? splitTimes(c, ['first_seen', 'last_seen']) : c));
  }
  return out as unknown as ReportDoc;
}
