/**
 * The JSON report as data (docs/report.schema.json). Every output format is rendered from
 * this shape, whether it was just built from an analysis or read back from files (merge).
 * Times and durations are "exact numbers": marker strings until stringified (see json.ts);
 * read them with num() / numText(). A time is seconds to the microsecond (a double holds it
 * exactly) with, beside it as `<name>_iso`, the RFC 3339 string of every fraction digit.
 */
import type { RiskTally } from './summary.js';

export type ExactNumber = number | string;

export interface FlowRef {
  protocol: number;
  l4: string;
  cli: string;
  cli_port: number;
  srv: string;
  srv_port: number;
  vlan_id: number;
  first_seen: ExactNumber;
  first_seen_iso: string;
  last_seen: ExactNumber;
  last_seen_iso: string;
  community_id: string;
  l7_proto_name: string;
  host: string | null;
  packets: number;
  bytes: number;
  capture: string;
}

export interface AlertDoc {
  flow_id: number;
  score: number;
  severity: string;
  message: string;
  check: string;
  time: ExactNumber;
  time_iso: string;
  flow?: FlowRef;
}

export interface Tally {
  name: string;
  flows: number;
  packets: number;
  bytes: number;
}

export interface CaptureDoc {
  file: string;
  format: string;
  big_endian: boolean;
  gzip: boolean;
  linktypes: { id: number; name: string }[];
  packets: number;
  bytes: number;
  /** The file's size (null: unknown, compressed standard input; absent in older reports). */
  file_bytes?: number | null;
  first_seen: ExactNumber | null;
  first_seen_iso: string | null;
  last_seen: ExactNumber | null;
  last_seen_iso: string | null;
  duration: ExactNumber;
  warnings: string[];
}

export interface SummaryDoc {
  packets: number;
  bytes: number;
  ip_packets: number;
  non_ip_packets: number;
  malformed_packets: number;
  flows: number;
  evicted_flows: number;
  alerts: number;
  alerted_flows: number;
  /** Every check error (check_errors keeps the first 1000); absent in older reports. */
  check_errors?: number;
  /** Flows with a check error; absent in older reports. */
  check_error_flows?: number;
  l4: Tally[];
  protocols: Tally[];
  /** Flows per nDPI risk (reports of flowcheck before risks have none). */
  risks?: RiskTally[];
  fragments: { reassembled: number; timed_out: number; over_limit: number };
  [k: string]: unknown;
}

export interface CheckErrorDoc {
  check: string;
  flow_id: number;
  flow: string;
  kind: string;
  line: number | null;
  message: string;
}

/** A flow as flowJson() writes it (only the fields the renderers read are typed). */
export interface FlowDoc extends Omit<FlowRef, 'packets' | 'bytes'> {
  id: number;
  duration: ExactNumber;
  cli2srv_packets: number;
  cli2srv_bytes: number;
  srv2cli_packets: number;
  srv2cli_bytes: number;
  score: number;
  alerts: unknown[];
  [k: string]: unknown;
}

/** The report's members before `flows`. */
export type ReportHead = Pick<ReportDoc, 'schema_version' | 'tool' | 'options'>;

/** The report's members after `flows` (trailerJson), in the order they are written. */
export type ReportTrailer = Omit<ReportDoc, keyof ReportHead | 'flows'>;

export interface ReportDoc {
  schema_version: number;
  tool: { name: string; version: string };
  options: Record<string, unknown>;
  flows: FlowDoc[];
  captures: CaptureDoc[];
  summary: SummaryDoc;
  decode_problems: Record<string, number>;
  skipped_linktypes: { linktype: number; name: string; packets: number }[];
  alerts: AlertDoc[];
  check_errors: CheckErrorDoc[];
  warnings: string[];
}
