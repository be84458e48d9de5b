import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file compiles to dist/test/helpers/corpus.js). */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The real-traffic corpus: one setting, FLOWCHECK_CORPUS, defaulting to ../shared/corpus. */
export const CORPUS_DIR = path.resolve(PROJECT_ROOT, process.env.FLOWCHECK_CORPUS ?? '../shared/corpus');

export const HAVE_CORPUS = existsSync(path.join(CORPUS_DIR, 'MANIFEST.tsv'));

/** Reason to skip corpus tests, or false when the corpus is there (then they must run). */
export const NO_CORPUS: string | false = HAVE_CORPUS ? false : `corpus not found at ${CORPUS_DIR} (set FLOWCHECK_CORPUS)`;

/** Capture files of the corpus (those with a `.out` beside them, whatever their extension: .pcap, .pcapng, .cap), sorted by name. */
export function corpusCaptures(): string[] {
  if (!HAVE_CORPUS) return [];
  const names = new Set(readdirSync(CORPUS_DIR));
  return [...names]
    .filter((f) => !f.endsWith('.out') && names.has(`${f}.out`))
    .sort()
    .map((f) => path.join(CORPUS_DIR, f));
}

export function corpusFile(name: string): string {
  return path.join(CORPUS_DIR, name);
}

export const SAMPLES_DIR = path.join(PROJECT_ROOT, 'samples');

/**
 * Reading warnings some corpus captures must give, each matched in full and explained: the
 * file is damaged in a way libpcap reports too. Any other warning fails the corpus tests.
 */
export const EXPECTED_READ_WARNINGS: Readonly<Record<string, { warnings: RegExp[]; why: string }>> = {
  'fuzz-2021-10-13.pcap': {
    warnings: [/: truncated record header at offset 237: 2 of 16 bytes$/],
    why: 'nDPI fuzzing input: the file ends 2 bytes into a record header (libpcap: "truncated dump file; tried to read 16 header bytes, only got 2")',
  },
};

/** What is wrong with a capture's reading warnings against EXPECTED_READ_WARNINGS (empty when they match). */
export function readWarningProblems(name: string, warnings: readonly string[]): string[] {
  const want = EXPECTED_READ_WARNINGS[name]?.warnings ?? [];
  const bad: string[] = [];
  if (warnings.length !== want.length) bad.push(`${name}: ${warnings.length} reading warnings, expected ${want.length}: ${warnings.join(' / ')}`);
  else warnings.forEach((w, i) => {
    if (!want[i].test(w)) bad.push(`${name}: unexpected reading warning ${w}`);
  });
  return bad;
}

/**
 * Captures damaged on purpose (nDPI's fuzzing inputs), with what was done to them. Their
 * decoding problems are real; the corpus tests say per test what they still ask of them.
 */
export const DAMAGED_ON_PURPOSE: Readonly<Record<string, string>> = {
  'ip_fragmented_garbage.pcap': 'fragments of random bytes',
  'fuzz-2006-06-26-2594.pcap': 'a real capture with random bytes written over some frames (lengths, versions, ethertypes, fragment fields)',
};
