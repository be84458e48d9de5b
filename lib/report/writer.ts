/**
 * What a report format is (lib/report/formats.ts lists them): where it writes, what it is
 * given (each flow as it ends, the finished document) and what it may depend on.
 */
import type { ProtocolNames } from '../classify/custom-protocols.js';
import type { Flow } from '../flow/flow.js';
import type { AlertDoc, CheckErrorDoc, FlowDoc, ReportDoc, ReportHead } from './doc.js';
import type { HostRow } from './hosts.js';
import type { TimelineBuilder } from './timeline.js';
import { writeFlowJson } from './flow-json.js';
import type { JsonBytes } from './json-bytes.js';
import { flowJson, stringifyReport } from './json.js';
import type { SortKey } from './table.js';

/**
 * Where a format writes, in pieces (never one string for the whole report): text, or JSON
 * bytes written straight into `bytes` followed by `wrote()` (ReportOutput is one).
 */
export interface ReportSink {
  write(s: string): void;
  readonly bytes: JsonBytes;
  wrote(): void;
}

/** A reported flow as a writer needs it: as the report's data, or its JSON text written straight. */
export interface ReportFlow {
  doc(): FlowDoc;
  /** The same bytes as stringifyReport(doc()); with `open`, that in place of its first `{` (NDJSON's type). */
  writeJson(b: JsonBytes, open?: string): void;
}

/** A flow of this analysis (its JSON without a report object: flow-json.ts); `community`: its communityId if known. */
export function liveFlow(f: Flow, names: ProtocolNames, community?: string): ReportFlow {
  return { doc: () => flowJson(f, names), writeJson: (b, open) => writeFlowJson(b, f, names, open, community) };
}

/** A flow read back from a report (merge). */
export function docFlow(d: FlowDoc): ReportFlow {
  return { doc: () => d, writeJson: (b, open = '{') => b.text(open + stringifyReport(d).slice(1)) };
}

export const FLOWS_MODES = ['all', 'alerted', 'none'] as const;
export type FlowsMode = (typeof FLOWS_MODES)[number];

/** How the report was asked for (the command line's report options). */
export interface RenderOptions {
  /** --flows given (csv: rows are flows instead of alerts). */
  flowsGiven: boolean;
  color: boolean;
  top: number;
  sort: SortKey;
  wide: boolean;
  width?: number;
  /** GitHub Actions' job summary file ($GITHUB_STEP_SUMMARY), if any. */
  stepSummary?: string;
}

/** The finished report and what the document formats read besides it. */
export interface ReportEnd {
  doc: ReportDoc;
  /** The top flows (for formats with `topFlows`), in table order. */
  topFlows: FlowDoc[];
  /** Checks ran (a table of no alerts says so rather than showing nothing). */
  checks: boolean;
  /** Where every alert can be read (github's notice about the annotations left out). */
  fullReport: string;
  /** What the run gathered for the formats and views that draw more than the report (`needs`). */
  views?: ViewData;
}

/** Run-wide data a view or format draws, gathered by the command while the capture streams. */
export interface ViewData {
  /** Per-host totals (HostsBuilder.rows()). */
  hosts?: HostRow[];
  /** Packets, flows and alerts per interval of packet time. */
  timeline?: TimelineBuilder;
  /** Seconds per timeline row asked for (--interval); absent: chosen to fit. */
  interval?: number;
  /** The first flows of the run, by id (--html-flows of them). */
  flows?: FlowDoc[];
  /** The one flow asked for (--flow ID): its record, alerts and check errors; null when absent. */
  flow?: { id: number; doc: FlowDoc | null; alerts: AlertDoc[]; checkErrors: CheckErrorDoc[] };
}

/** What a format needs gathered besides the report (ViewData). */
export interface FormatNeeds {
  hosts?: boolean;
  timeline?: boolean;
  /** The first flows by id. */
  flows?: boolean;
  /** One flow in detail. */
  flow?: boolean;
}

export interface ReportFormat {
  /**
   * 'stream': flows are written as they end (`flow`), the rest at the end; 'document': all
   * of it rendered from the finished report at the end.
   */
  kind: 'stream' | 'document';
  /** The flows reported when --flows is not given. */
  defaultFlows: FlowsMode;
  /** Needs the top flows of the run (ReportEnd.topFlows). */
  topFlows?: boolean;
  /** Needs run-wide data besides the report (ReportEnd.views). */
  needs?: FormatNeeds;
  /**
   * A report for a person at a terminal: it shows the warnings, and the gate's verdict when
   * it goes to stdout, itself (other formats leave both to stderr).
   */
  forTerminal?: boolean;
  /** Before the first flow. */
  begin?(out: ReportSink, head: ReportHead, o: RenderOptions): void;
  /** One reported flow (the `index`th of the report), as it ends. */
  flow?(out: ReportSink, flow: ReportFlow, index: number, o: RenderOptions): void;
  /** After the last flow: the rest, from the finished report. */
  end(out: ReportSink, end: ReportEnd, o: RenderOptions): void;
  /** After the verdict (written or not): what else the format leaves; gives warnings to print. */
  after?(end: ReportEnd, verdictLine: string, o: RenderOptions): string[];
}
