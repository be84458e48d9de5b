/**
 * The report formats, by name (--format). `analyze` and `merge` both write through these
 * entries; a new format is one file in lib/report/ exporting its ReportFormat (writer.ts),
 * one line here, and its test (docs/ARCHITECTURE.md, "How to add a report format").
 */
import { csvFormat } from './csv.js';
import { githubFormat } from './github.js';
import { htmlFormat } from './html.js';
import { jsonFormat } from './json.js';
import { ndjsonFormat } from './ndjson.js';
import { sarifFormat } from './sarif.js';
import { tableFormat } from './table.js';
import type { ReportFormat } from './writer.js';

export const FORMATS = {
  table: tableFormat,
  json: jsonFormat,
  ndjson: ndjsonFormat,
  csv: csvFormat,
  sarif: sarifFormat,
  github: githubFormat,
  html: htmlFormat,
} as const satisfies Record<string, ReportFormat>;

export type FormatName = keyof typeof FORMATS;

/** The names, in the order --help lists them. */
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

export function isFormatName(s: string): s is FormatName {
  return Object.hasOwn(FORMATS, s);
}
