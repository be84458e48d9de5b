/**
 * The config file: `--config FILE`, else `flowcheck.config.json` in the working directory (a
 * name no report takes: a report written to `flowcheck.json` must not become the next run's
 * options). A JSON
 * object whose keys are the long option names (`"check"`, `"fail-on"`, `"local-networks"`,
 * `"format"` …); options on the command line override it. Paths in it are relative to the
 * file. `--no-config` ignores the default file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LIMIT_CLI_OPTIONS } from '../lib/limits.js';

export const DEFAULT_CONFIG = 'flowcheck.config.json';

export class ConfigError extends Error {}

type Kind = 'string' | 'number' | 'boolean' | 'paths' | 'path' | 'list';

/** Options a config file may set. `unsafe-lua` is deliberately absent: it must be typed. */
export const CONFIG_KEYS: Record<string, Kind> = {
  check: 'paths',
  'check-end': 'paths',
  'check-periodic': 'paths',
  'fail-on': 'string',
  'allow-check-errors': 'boolean',
  'local-networks': 'list',
  protos: 'path',
  categories: 'path',
  'domain-lists': 'path',
  risks: 'string',
  'risk-alerts': 'boolean',
  'risky-domains': 'path',
  'ja3-blocklist': 'path',
  'sha1-blocklist': 'path',
  where: 'string',
  format: 'string',
  output: 'path',
  flows: 'string',
  quiet: 'boolean',
  top: 'number',
  sort: 'string',
  wide: 'boolean',
  width: 'number',
  'strict-checks': 'boolean',
  'lua-budget': 'number',
  'lua-memory': 'number',
  'lua-time': 'number',
  'max-packets': 'number',
  'max-flows': 'number',
  'max-memory': 'string',
  'tcp-timeout': 'number',
  'udp-timeout': 'number',
  'other-timeout': 'number',
  // the resource limits (--max-frame …)
  ...Object.fromEntries(Object.keys(LIMIT_CLI_OPTIONS).map((k) => [k, 'number' as const])),
};

/** Which config file the arguments ask for: explicit, the default one if present, or none. */
export function configPath(args: string[], cwd = process.cwd()): { file?: string; explicit: boolean } {
  let file: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') break;
    if (a === '--no-config') return { explicit: false };
    if (a === '--config') file = args[i + 1];
    else if (a.startsWith('--config=')) file = a.slice('--config='.length);
  }
  if (file !== undefined) return { file, explicit: true };
  const def = path.join(cwd, DEFAULT_CONFIG);
  if (existsSync(def)) return { file: def, explicit: false };
  checkLegacyConfig(cwd);
  return { explicit: false };
}

/** The default config file's old name: reports took it too. */
export const LEGACY_CONFIG = 'flowcheck.json';

/**
 * A config under the old name is no longer read — and a gate it set must not vanish
 * unannounced (fail closed): a `flowcheck.json` of option names only (not a report) stops the
 * run with a message saying what to rename. A report under that name changes nothing.
 */
function checkLegacyConfig(cwd: string): void {
  const old = path.join(cwd, LEGACY_CONFIG);
  if (!existsSync(old)) return;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(old, 'utf8'));
  } catch {
    return; // not JSON: not ours to judge
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return;
  const keys = Object.keys(doc).filter((k) => k !== '$schema' && !k.startsWith('//'));
  if (keys.length === 0 || !keys.every((k) => k in CONFIG_KEYS || k === 'unsafe-lua')) return;
  throw new ConfigError(
    `${LEGACY_CONFIG}: a config file under its old name, no longer read (reports took that name too): rename it to ${DEFAULT_CONFIG}, or give --no-config to run without it`,
  );
}

/** Reads and checks a config file; paths come back relative to the working directory. */
export function loadConfig(file: string, cwd = process.cwd()): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: expected a JSON object of options`);
  const what = reportKind(raw as Record<string, unknown>);
  if (what) {
    throw new ConfigError(
      `${file}: this is a ${what}, not a config file (a config is a JSON object of option names; write reports to report.json, flowcheck.sarif …)`,
    );
  }
  const dir = path.dirname(path.resolve(cwd, file));
  const rel = (p: string) => {
    const abs = path.resolve(dir, p);
    const r = path.relative(cwd, abs);
    return r === '' ? '.' : r.startsWith('..') && path.isAbsolute(p) ? abs : r;
  };
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '$schema' || key.startsWith('//')) continue; // comments
    const kind = CONFIG_KEYS[key];
    if (!kind) {
      const hint = key === 'unsafe-lua' ? ' (--unsafe-lua must be given on the command line)' : '';
      throw new ConfigError(`${file}: unknown option "${key}"${hint}; known: ${Object.keys(CONFIG_KEYS).join(', ')}`);
    }
    const bad = (want: string) => new ConfigError(`${file}: "${key}" must be ${want}`);
    switch (kind) {
      case 'string':
        if (typeof value !== 'string' && typeof value !== 'number') throw bad('a string');
        out[key] = value;
        break;
      case 'number':
        if (typeof value !== 'number') throw bad('a number');
        out[key] = value;
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw bad('true or false');
        out[key] = value;
        break;
      case 'path':
        if (typeof value !== 'string') throw bad('a path');
        out[key] = value === '-' ? value : rel(value);
        break;
      case 'paths': {
        const list = Array.isArray(value) ? value : [value];
        if (!list.every((v) => typeof v === 'string')) throw bad('a path or a list of paths');
        out[key] = (list as string[]).map(rel);
        break;
      }
      case 'list': {
        const list = Array.isArray(value) ? value : String(value).split(',');
        if (!list.every((v) => typeof v === 'string')) throw bad('a list of strings');
        out[key] = (list as string[]).map((s) => s.trim()).filter(Boolean).join(',');
        break;
      }
    }
  }
  return out;
}

/** "flowcheck JSON report" / "SARIF log" when the document is a report rather than options. */
function reportKind(doc: Record<string, unknown>): string | undefined {
  if ('schema_version' in doc) return 'flowcheck JSON report ("schema_version")';
  if ('runs' in doc && 'version' in doc) return 'SARIF log ("runs")';
  return undefined;
}
