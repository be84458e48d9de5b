/**
 * flowcheck as a library: `import { analyze } from 'flowcheck'`.
 */
export { analyze } from './analyze.js';
export type { AnalyzeOptions, Progress } from './analyze.js';
export type { AnalysisResult, DecodeStats } from './result.js';
export { readCapture, listCaptureInputs } from './capture/reader.js';
export { CaptureError } from './capture/types.js';
export type { CaptureFacts, RecordSink } from './capture/types.js';
export { Decoder } from './decode/decoder.js';
export { PacketInfo, DecodeStatus, Tunnel } from './decode/packet.js';
export { Flow, formatAddr } from './flow/flow.js';
export type { Alert, Confidence, EndReason, FlowMeta } from './flow/flow.js';
export { FlowTracker, DEFAULT_TIMEOUTS } from './flow/tracker.js';
export { communityId } from './flow/community-id.js';
export { Classifier } from './classify/classifier.js';
export { PROTOCOLS, protocolId, protocolName, l7ProtoName } from './classify/protocol-table.js';
export { RISK, RISK_TABLE, allRisks, riskInfo, riskScore, riskCheckName, hasRisk } from './risk/risks.js';
export type { RiskInfo, FlowRisk, RiskScore } from './risk/risks.js';
export { computeRisks } from './risk/compute.js';
export { parseRiskSelection, RiskSelectionError } from './risk/alerts.js';
export { parseRiskyDomains, parseJa3List, parseSha1List, NO_LISTS } from './risk/lists.js';
export type { RiskLists } from './risk/lists.js';
export { CheckRunner, CheckScriptError } from './check/runner.js';
export type { CheckSpec, CheckOptions, CheckHook } from './check/runner.js';
export { flowJson, stringifyReport, SCHEMA_VERSION } from './report/json.js';
export { flowJsonText } from './report/flow-json.js';
export { VERSION } from './version.js';
export { sarifReport } from './report/sarif.js';
export { mergeReports, readReport } from './report/merge.js';
export { parseGate, verdict } from './report/gate.js';
export { alertsCsv } from './report/csv.js';
export { githubAnnotations } from './report/github.js';
export type { ReportDoc, AlertDoc, FlowDoc } from './report/doc.js';
export { FlowFilter } from './check/filter.js';
