/**
 * SARIF 2.1.0 (OASIS), so code-scanning dashboards show flowcheck's alerts. One result per
 * alert; one rule per check (`flowcheck/<check file name>`); the capture file is the
 * artifact and the flow the logical location; partialFingerprints hash check, Community ID
 * and message, so the same finding is recognised across runs and captures.
 */
import { riskHelp } from '../risk/help.js';
import { allRisks, riskCheckName, type RiskInfo } from '../risk/risks.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { checkFiles, flowSentence, isoTime, pairText, sortByTime } from './alerts.js';
import type { AlertDoc, ReportDoc } from './doc.js';
import { numText } from './values.js';
import { LazyItems, writeJson } from './json.js';
import type { ReportFormat } from './writer.js';
import { checkErrorsText, checkErrorTally, severityRank } from './gate.js';
import { PACKAGE_NAME } from '../version.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'flowcheck/v1';
/** The package's page: its README is the documentation. */
export const INFORMATION_URI = `https://www.npmjs.com/package/${PACKAGE_NAME}`;

/** The README's section on Lua flow checks (the npm page shows the README). */
export const HELP_URI = `${INFORMATION_URI}#lua-flow-checks`;

/** A rule's help: what raises its results, how their level is set, where the check is. */
function ruleHelp(name: string, file: string | undefined): { text: string; markdown: string } {
  const where = file ? ` Its source: ${file}.` : '';
  const levels =
    'The level follows the alert score given to flow.triggerAlert(score, message): 1-49 note (info, notice), ' +
    '50-99 warning, 100 and above error (error, critical, emergency).';
  const what = `flowcheck ran the Lua flow check ${name} on every flow of the capture; each flow.triggerAlert() call is one result, located at the capture file and the flow (5-tuple, VLAN, first packet, Community ID).`;
  return {
    text: `${what} ${levels}${where}`,
    markdown: `flowcheck ran the Lua flow check \`${name}\` on every flow of the capture; each \`flow.triggerAlert()\` call is one result, located at the capture file and the flow (5-tuple, VLAN, first packet, Community ID).\n\n${levels.replace('flow.triggerAlert(score, message)', '`flow.triggerAlert(score, message)`')}${file ? `\n\nIts source: \`${file}\`.` : ''}\n\nSee [Lua flow checks](${HELP_URI}).`,
  };
}

/** SARIF has four levels; flowcheck's seven severities fold into them. */
export function sarifLevel(severity: string): 'none' | 'note' | 'warning' | 'error' {
  const r = severityRank(severity);
  if (r <= 0) return 'none';
  if (r <= 2) return 'note';
  if (r === 3) return 'warning';
  return 'error';
}

export function ruleId(check: string): string {
  return `flowcheck/${check}`;
}

export function fingerprint(a: AlertDoc): string {
  return createHash('sha256')
    .update(`${a.check}\u0000${a.flow?.community_id ?? ''}\u0000${a.message}`)
    .digest('hex');
}

/** A relative path as a URI reference (forward slashes, escaped); absolute ones outside the working directory as file: URIs. */
export function artifactUri(file: string): string {
  if (file === '-' || file === '') return 'stdin';
  const p = file.split(path.sep).join('/');
  if (path.isAbsolute(file)) {
    // inside the working directory (a repository checkout): relative, as code scanning wants
    const rel = path.relative(process.cwd(), file);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return encodeURI(rel.split(path.sep).join('/'));
    return 'file://' + encodeURI(p.startsWith('/') ? p : '/' + p);
  }
  return encodeURI(p);
}

function mimeType(format: string, gzip: boolean): string {
  if (gzip) return 'application/gzip';
  return format === 'pcapng' ? 'application/x-pcapng' : 'application/vnd.tcpdump.pcap';
}

export function sarifReport(doc: ReportDoc): Record<string, unknown> {
  const { log, run, alerts, result } = sarifParts(doc);
  run.results = alerts.map(result);
  return log;
}

/**
 * The SARIF log of `doc` with its results left out (`run.results` is null, in its place), the
 * alerts in results order and what makes each one's result: the format writes them as they
 * are made (LazyItems) rather than holding ~2 KB of objects per alert.
 */
function sarifParts(doc: ReportDoc): { log: Record<string, unknown>; run: Record<string, unknown>; alerts: AlertDoc[]; result: (a: AlertDoc) => Record<string, unknown> } {
  const alerts = [...doc.alerts];
  sortByTime(alerts);

  // artifacts: the captures, in report order; alerts point at them by index
  const artifacts: Record<string, unknown>[] = [];
  const artIndex = new Map<string, number>();
  for (const c of doc.captures) {
    const uri = artifactUri(c.file);
    if (artIndex.has(uri)) continue;
    artIndex.set(uri, artifacts.length);
    // length: the file's size (unknown: left out, SARIF's -1)
    const length = typeof c.file_bytes === 'number' ? { length: c.file_bytes } : {};
    artifacts.push({ location: { uri }, ...length, mimeType: mimeType(c.format, c.gzip), roles: ['analysisTarget'] });
  }

  // rules: one per check, sorted by id; default level from the check's highest severity
  const checks = new Map<string, string>();
  for (const a of alerts) {
    const prev = checks.get(a.check);
    if (prev === undefined || severityRank(a.severity) > severityRank(prev)) checks.set(a.check, a.severity);
  }
  for (const c of (doc.options.checks as { file: string }[] | undefined) ?? []) {
    const name = path.basename(c.file);
    if (!checks.has(name)) checks.set(name, 'warning');
  }
  const ruleNames = [...checks.keys()].sort();
  const ruleIndex = new Map(ruleNames.map((n, i) => [n, i]));
  const files = checkFiles(doc.options);
  const rules = ruleNames.map((name) => {
    const risk = riskOfCheck(name);
    if (risk !== undefined) {
      const help = riskHelp(risk.id) ?? risk.name;
      return {
        id: ruleId(name),
        name,
        shortDescription: { text: `nDPI flow risk: ${risk.name}` },
        fullDescription: { text: `${help} (nDPI risk ${risk.id}, ${risk.macro}, severity ${risk.severity}, score ${risk.score}.)` },
        defaultConfiguration: { level: sarifLevel(checks.get(name)!) },
        helpUri: HELP_URI,
        help: { text: `${help} Left out with --risks=-${name.slice(5)}; all risk alerts with --no-risk-alerts.` },
        properties: { tags: ['network', 'flowcheck', 'ndpi-risk'] },
      };
    }
    return {
      id: ruleId(name),
      name,
      shortDescription: { text: `Lua flow check ${name}` },
      fullDescription: { text: `Alerts raised by the Lua flow check ${name} (flow.triggerAlert).` },
      defaultConfiguration: { level: sarifLevel(checks.get(name)!) },
      helpUri: HELP_URI,
      help: ruleHelp(name, files.get(name)),
      properties: { tags: ['network', 'flowcheck'] },
    };
  });

  // a capture's URI, made once (every alert of a capture names it)
  const uris = new Map<string, string>();
  const result = (a: AlertDoc): Record<string, unknown> => {
    const f = a.flow;
    const file = f?.capture ?? doc.captures[0]?.file ?? '';
    let uri = uris.get(file);
    if (uri === undefined) uris.set(file, (uri = artifactUri(file)));
    const loc: Record<string, unknown> = {
      physicalLocation: { artifactLocation: artIndex.has(uri) ? { uri, index: artIndex.get(uri) } : { uri } },
    };
    if (f) {
      loc.logicalLocations = [
        {
          name: `${pairText(f)} ${f.l4}`,
          fullyQualifiedName: `${f.capture}/vlan${f.vlan_id}/${f.l4}/${pairText(f)}@${isoTime(f.first_seen_iso ?? f.first_seen)}`,
          kind: 'flow',
          properties: {
            protocol: f.protocol,
            cli: f.cli,
            cli_port: f.cli_port,
            srv: f.srv,
            srv_port: f.srv_port,
            vlan_id: f.vlan_id,
            first_seen: isoTime(f.first_seen_iso ?? f.first_seen),
            community_id: f.community_id,
          },
        },
      ];
    }
    return {
      ruleId: ruleId(a.check),
      ruleIndex: ruleIndex.get(a.check),
      level: sarifLevel(a.severity),
      message: { text: f ? `${a.message} [flow ${flowSentence(f, a.time_iso ?? a.time)}]` : a.message },
      locations: [loc],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(a) },
      properties: {
        score: a.score,
        severity: a.severity,
        flow_id: a.flow_id,
        time: isoTime(a.time_iso ?? a.time),
        epoch: numText(a.time),
        ...(f ? { community_id: f.community_id, l7_proto_name: f.l7_proto_name, host: f.host } : {}),
      },
    };
  };

  // check errors: where in the check (its file as given, the line when known), on which flow
  const errors = checkErrorTally(doc);
  const notifications = [
    ...doc.check_errors.map((e) => {
      const region = e.line !== null ? { region: { startLine: e.line } } : {};
      return {
        level: 'error',
        message: { text: `${e.message}${e.message.includes(`flow ${e.flow_id} (`) ? '' : ` [flow ${e.flow_id}: ${e.flow}]`}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(files.get(e.check) ?? e.check) }, ...region } }],
        associatedRule: ruleIndex.has(e.check) ? { id: ruleId(e.check), index: ruleIndex.get(e.check) } : { id: ruleId(e.check) },
        properties: { kind: e.kind, flow_id: e.flow_id, flow: e.flow },
      };
    }),
    ...(errors.count > doc.check_errors.length
      ? [{ level: 'error', message: { text: `${errors.count - doc.check_errors.length} more check errors, counted, not recorded (${checkErrorsText(errors)})` } }]
      : []),
    ...doc.warnings.map((w) => ({ level: 'warning', message: { text: w } })),
  ];

  const run: Record<string, unknown> = {
    tool: {
      driver: {
        // the npm package (the command is flowcheck; the rules are flowcheck/<check>)
        name: PACKAGE_NAME,
        fullName: `${PACKAGE_NAME} ${doc.tool.version} (command flowcheck)`,
        version: doc.tool.version,
        semanticVersion: doc.tool.version,
        informationUri: INFORMATION_URI,
        rules,
      },
    },
    invocations: [{ executionSuccessful: errors.count === 0, toolExecutionNotifications: notifications }],
    artifacts,
    results: null,
    properties: {
      packets: doc.summary.packets,
      bytes: doc.summary.bytes,
      flows: doc.summary.flows,
      alerts: doc.alerts.length,
      check_errors: errors.count,
      check_error_flows: errors.flows,
    },
  };
  const log = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] };
  return { log, run, alerts, result };
}

/** The risk a built-in alert's check name (`ndpi/<risk>`) stands for. */
function riskOfCheck(name: string): RiskInfo | undefined {
  if (!name.startsWith('ndpi/')) return undefined;
  return allRisks().find((r) => riskCheckName(r) === name);
}

/** --format sarif: the SARIF log of the finished report, written in pieces. */
export const sarifFormat: ReportFormat = {
  kind: 'document',
  defaultFlows: 'none',
  end(out, e) {
    const { log, run, alerts, result } = sarifParts(e.doc);
    run.results = new LazyItems(alerts.length, (i) => result(alerts[i]));
    writeJson((s) => out.write(s), log, 2);
    out.write('\n');
  },
};
