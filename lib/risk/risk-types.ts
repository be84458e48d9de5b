/** One of nDPI's flow risks (lib/risk/risk-table.ts, generated from ndpi-risks.tsv). */
export interface RiskInfo {
  id: number;
  /** nDPI's enum name: NDPI_TLS_SELFSIGNED_CERTIFICATE. */
  macro: string;
  /** The name ndpiReader prints: "Self-signed Cert". */
  name: string;
  /** nDPI's severity: low, medium, high, severe, critical, emergency. */
  severity: string;
  /** nDPI's score for that severity (10 … 250). */
  score: number;
  /** The client's share of the score, in percent (the server has the rest). */
  clientPct: number;
  /** Who is accountable: client, server or both. */
  accountable: string;
}

/** A risk found on a flow, with what was seen when nDPI gives it ("No ALPN"). */
export interface FlowRisk {
  id: number;
  info?: string;
}
