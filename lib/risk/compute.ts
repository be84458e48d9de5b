/**
 * The risk pass: once per flow, at its end (after classification), every family of risks
 * that flowcheck can compute from what the flow recorded. Cheap by design: no payload is
 * kept for it, each family reads counters, flags and the dissectors' metadata. (ICMP and
 * UDP DNS risks are read from the packets as they pass: packet.ts, dns-packet.ts.)
 */
import type { CustomCategories } from '../classify/categories.js';
import type { Flow } from '../flow/flow.js';
import { clearTextCredentials } from './credentials.js';
import { dgaRisks, type DgaMemo } from './dga.js';
import { dnsRisks } from './dns.js';
import { httpRisks } from './http.js';
import { NO_LISTS, riskyDomainMatch, type RiskLists } from './lists.js';
import { malwareHost } from './malware-host.js';
import { desktopSharing, insecureSmb, nonStandardPort, unsafeProtocol } from './protocol.js';
import { RISK, setRisk } from './risks.js';
import { snmpRisks } from './snmp.js';
import { sshRisks } from './ssh.js';
import { tlsRisks } from './tls.js';
import { tcpIssues, unidirectional } from './traffic.js';

/**
 * `categories`: the custom categories loaded (ndpiReader -c), for Client Contacted A Malware Host;
 * `dga`: the run's memo of DGA verdicts by name (many flows share a name).
 */
export function computeRisks(flow: Flow, lists: RiskLists = NO_LISTS, categories?: CustomCategories, dga?: DgaMemo): void {
  unidirectional(flow);
  tcpIssues(flow);
  if (flow.l7Master !== 0 || flow.l7App !== 0) {
    unsafeProtocol(flow);
    desktopSharing(flow);
    insecureSmb(flow);
    nonStandardPort(flow);
  }
  const m = flow.meta;
  if (m.tls !== undefined || m.quic !== undefined) tlsRisks(flow, lists);
  if (m.http !== undefined) httpRisks(flow);
  if (m.ssh !== undefined) sshRisks(flow);
  // UDP DNS is read message by message as the packets pass (dns-packet.ts)
  if (m.dns !== undefined && flow.proto !== 17) dnsRisks(flow);
  if (m.other !== undefined) {
    clearTextCredentials(flow);
    snmpRisks(flow);
  }
  dgaRisks(flow, dga);
  if (categories !== undefined) malwareHost(flow, categories);
  // an internationalized name in its ASCII form (look-alike domains use them)
  if (flow.host !== '' && (flow.host.startsWith('xn--') || flow.host.includes('.xn--'))) setRisk(flow, RISK.PUNYCODE_IDN, flow.host);
  if (flow.host !== '' && lists.riskyDomains.size > 0) {
    const hit = riskyDomainMatch(lists, flow.host);
    if (hit !== undefined) setRisk(flow, RISK.RISKY_DOMAIN, flow.host);
  }
}
