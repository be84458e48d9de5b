/**
 * What `ntop.*`, `interface.*` and `require` need from outside the Lua states: the per-run
 * cache (ntopng keeps it in Redis; here one in-memory store per CheckRunner, shared by all
 * checks, with expiry in packet time) and module files beside a check.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Keys (plain, hash and set keys together) one run may hold. */
export const MAX_CACHE_KEYS = 1_000_000;

interface Entry {
  value: string;
  /** Packet time (seconds) at which the key expires; undefined: never. */
  expires?: number;
}

/** ntopng's Redis-backed cache, offline: strings, hashes and sets; TTLs count packet time. */
export class RunCache {
  private readonly strings = new Map<string, Entry>();
  private readonly hashes = new Map<string, Map<string, string>>();
  private readonly sets = new Map<string, Set<string>>();

  private size(): number {
    return this.strings.size + this.hashes.size + this.sets.size;
  }

  private room(key: string, map: Map<string, unknown>): string | undefined {
    if (!map.has(key) && this.size() >= MAX_CACHE_KEYS) return `the cache of this run is full (${MAX_CACHE_KEYS} keys)`;
    return undefined;
  }

  /**
   * The value, or "" (as ntopng) when absent or expired at `now`. Expired keys are not
   * deleted on reading: flows reach checks out of packet-time order (a flow ending at the end
   * of the capture carries its last packet's time), so what a key holds at a given time must
   * not depend on which other check looked at it later.
   */
  get(key: string, now: number): string {
    const e = this.strings.get(key);
    if (e === undefined) return '';
    if (e.expires !== undefined && now >= e.expires) return '';
    return e.value;
  }

  /** Sets key; ttl (seconds, > 0) makes it expire that much packet time after `now`. Returns an error message or undefined. */
  set(key: string, value: string, ttl: number | undefined, now: number): string | undefined {
    const full = this.room(key, this.strings);
    if (full) return full;
    const e: Entry = { value };
    if (ttl !== undefined && ttl > 0) e.expires = now + ttl;
    this.strings.set(key, e);
    return undefined;
  }

  del(key: string): void {
    this.strings.delete(key);
    this.hashes.delete(key);
    this.sets.delete(key);
  }

  /** Keys matching a Redis-style pattern (`*`, `?`, `[…]`), sorted; expired ones left out. */
  keys(pattern: string, now: number): string[] {
    const re = globToRegExp(pattern);
    const out: string[] = [];
    for (const k of this.strings.keys()) if (re.test(k) && this.get(k, now) !== '') out.push(k);
    for (const k of this.hashes.keys()) if (re.test(k)) out.push(k);
    for (const k of this.sets.keys()) if (re.test(k)) out.push(k);
    return out.sort();
  }

  hget(key: string, field: string): string {
    return this.hashes.get(key)?.get(field) ?? '';
  }
  hset(key: string, field: string, value: string): string | undefined {
    let h = this.hashes.get(key);
    if (h === undefined) {
      const full = this.room(key, this.hashes);
      if (full) return full;
      this.hashes.set(key, (h = new Map()));
    }
    h.set(field, value);
    return undefined;
  }
  hdel(key: string, field: string | undefined): void {
    if (field === undefined) {
      this.hashes.delete(key);
      return;
    }
    const h = this.hashes.get(key);
    h?.delete(field);
    if (h && h.size === 0) this.hashes.delete(key);
  }
  /** The hash as [field, value, …] (fields sorted), or undefined when absent. */
  hall(key: string): string[] | undefined {
    const h = this.hashes.get(key);
    if (h === undefined) return undefined;
    return [...h.keys()].sort().flatMap((f) => [f, h.get(f)!]);
  }

  sadd(key: string, member: string): string | undefined {
    let s = this.sets.get(key);
    if (s === undefined) {
      const full = this.room(key, this.sets);
      if (full) return full;
      this.sets.set(key, (s = new Set()));
    }
    s.add(member);
    return undefined;
  }
  srem(key: string, member: string): void {
    const s = this.sets.get(key);
    s?.delete(member);
    if (s && s.size === 0) this.sets.delete(key);
  }
  /** Members, sorted. */
  smembers(key: string): string[] {
    return [...(this.sets.get(key) ?? [])].sort();
  }
}

function globToRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i]);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('^')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = end;
      }
    } else re += escapeRe(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** A module name Lua's require accepts here: dotted identifiers (`a.b` → a/b.lua). */
const MODULE_NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

export type ModuleLookup = { source: string; file: string } | { error: string };

/**
 * Finds `name` as a .lua file inside `dir` (the check's directory): `a.b` is `dir/a/b.lua`.
 * The real path must stay inside the real directory (no `..`, no symbolic link out of it).
 */
export function moduleBesideCheck(name: string, dir: string, builtins: readonly string[]): ModuleLookup {
  const known = `flowcheck provides ${builtins.join(', ')}`;
  if (!MODULE_NAME.test(name)) {
    return { error: `module '${name}' not found: a module name is dotted identifiers (a file ${name}.lua beside the check); ${known}` };
  }
  const file = path.join(dir, ...name.split('.')) + '.lua';
  let real: string;
  let realDir: string;
  try {
    realDir = realpathSync(dir);
    real = realpathSync(file);
  } catch {
    return { error: `module '${name}' not found: no file ${file} beside the check; ${known}` };
  }
  if (!real.startsWith(realDir + path.sep)) {
    return { error: `module '${name}': ${file} leads outside the check's directory ${dir}; checks read modules only from there` };
  }
  return readModule(name, real, file);
}

/**
 * --unsafe-lua: the check's directory first, then each template of package.path (`?` is the
 * name with dots as slashes), relative templates from the check's directory.
 */
export function moduleOnHost(name: string, dir: string, packagePath: string, builtins: readonly string[]): ModuleLookup {
  const tried: string[] = [];
  const rel = name.split('.').join(path.sep);
  for (const tpl of [path.join(dir, '?.lua'), ...packagePath.split(';').filter(Boolean)]) {
    const file = path.resolve(dir, tpl.split('?').join(rel));
    tried.push(file);
    try {
      if (!statSync(file).isFile()) continue;
    } catch {
      continue;
    }
    return readModule(name, file, file);
  }
  return { error: `module '${name}' not found: flowcheck provides ${builtins.join(', ')};${tried.map((t) => `\n\tno file '${t}'`).join('')}` };
}

function readModule(name: string, real: string, shown: string): ModuleLookup {
  try {
    if (!statSync(real).isFile()) return { error: `module '${name}': ${shown} is not a file` };
    return { source: stripShebang(readFileSync(real, 'utf8')), file: shown };
  } catch (e) {
    return { error: `module '${name}': cannot read ${shown}: ${(e as Error).message}` };
  }
}

/** --unsafe-lua dofile/loadfile: any Lua file of the host, relative paths from the check's directory. */
export function hostLuaFile(file: string, dir: string): ModuleLookup {
  const full = path.resolve(dir, file);
  try {
    return { source: stripShebang(readFileSync(full, 'utf8')), file };
  } catch (e) {
    return { error: `cannot open ${file}: ${(e as Error).message}` };
  }
}

function stripShebang(s: string): string {
  return s.startsWith('#') ? '--' + s : s;
}
