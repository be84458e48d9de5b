/**
 * One name per fact: how the reports (JSON, NDJSON, CSV) name a flow's protocol metadata —
 * the short alias of ntopng's Lua tables (docs/LUA-API.md) where one exists, else the field's
 * snake_case name — and the names written beside numbers (TLS version and cipher).
 * The mapping table of every output is in docs/LUA-API.md ("One vocabulary").
 */
import { cipherName } from '../classify/tls/cipher-names.js';
import { tlsVersionName } from '../classify/tls/hello.js';

export type MetaSection = 'dns' | 'http' | 'tls' | 'quic' | 'ssh' | 'other';

export const META_SECTIONS: readonly MetaSection[] = ['dns', 'http', 'tls', 'quic', 'ssh', 'other'];

/** Metadata fields whose report name is not their snake_case name: the Lua alias of the fact. */
const RENAMES: Record<MetaSection, ReadonlyMap<string, string>> = {
  dns: new Map([
    ['qtype', 'query_type'],
    ['rcode', 'return_code'],
  ]),
  http: new Map([['status', 'return_code']]),
  tls: new Map([['sans', 'server_names']]),
  ssh: new Map([
    ['clientBanner', 'client_signature'],
    ['serverBanner', 'server_signature'],
  ]),
  quic: new Map([
    ['version', 'quic_version'],
    ['alpn', 'alpn_offered'],
  ]),
  other: new Map(),
};

/** A field name in snake case: userAgent → user_agent. */
export function snakeCase(k: string): string {
  return k.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/** The report's name of a metadata field of `section`. */
export function metaKeyName(section: MetaSection, k: string): string {
  return RENAMES[section].get(k) ?? snakeCase(k);
}

/**
 * The name written after a metadata field's value, when it has one: TLS `version` →
 * `version_name` ("TLSv1.3"), `cipher` → `cipher_name` (IANA's name; left out when the id
 * has none).
 */
export function metaDerived(section: MetaSection, k: string, v: unknown): [string, string | undefined] | undefined {
  if (section !== 'tls' || typeof v !== 'number') return undefined;
  if (k === 'version') return ['version_name', tlsVersionName(v)];
  if (k === 'cipher') return ['cipher_name', cipherName(v)];
  return undefined;
}

/** A metadata object with the report's names (undefined values left out, derived names added). */
export function metaObject(section: MetaSection, v: object): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    o[metaKeyName(section, k)] = val;
    const d = metaDerived(section, k, val);
    if (d !== undefined && d[1] !== undefined) o[d[0]] = d[1];
  }
  return o;
}
