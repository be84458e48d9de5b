/**
 * What an analysis gives (lib/analyze.ts makes it): the captures read, the decode counters,
 * the flows and alerts, check errors and warnings. Beside the pipeline so that the report
 * writers (lib/report/) read it without importing the pipeline itself.
 */
import type { CaptureFacts } from './capture/types.js';
import type { CheckRunError } from './check/runner.js';
import type { ProtocolNames } from './classify/custom-protocols.js';
import type { Alert, Flow } from './flow/flow.js';
import type { Summary } from './report/summary.js';

export interface DecodeStats {
  packets: number;
  /** Sum of original frame lengths. */
  bytes: number;
  /** Packets handed to the flow stage (after fragment reassembly). */
  ipPackets: number;
  nonIp: number;
  malformed: number;
  /** Malformed packets by reason. */
  problems: Record<string, number>;
  /** Packets of unsupported link types, by link type. */
  skippedLinktypes: Record<string, number>;
  fragments: { reassembled: number; timedOut: number; overLimit: number };
}

export interface AnalysisResult {
  /** Protocol names of this run (nDPI's, and custom protocols when given). */
  names: ProtocolNames;
  captures: CaptureFacts[];
  /** Ended flows in the order they ended (when keepFlows). */
  flows: Flow[];
  stats: DecodeStats;
  flowsSeen: number;
  evictions: number;
  summary: Summary;
  /** Flows that raised alerts (kept even when keepFlows is off, for the alert tables). */
  alertedFlows: Flow[];
  alerts: Alert[];
  /** The first check errors (up to MAX_RECORDED_ERRORS). */
  checkErrors: CheckRunError[];
  /** Every check error, counted (also beyond those kept in checkErrors). */
  checkErrorCount: number;
  /** Flows with at least one check error. */
  checkErrorFlows: number;
  warnings: string[];
  /** Times each limit was hit, by limit name (lib/limits.ts LimitName); only limits hit. */
  limits: Record<string, number>;
  /** Set when the run stopped early because the memory budget was exhausted (the warning's text). */
  memoryStop?: string;
}

