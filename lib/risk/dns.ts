/** DNS risks from meta.dns: invalid characters in the name, error response codes. */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

export function dnsRisks(flow: Flow): void {
  const m = flow.meta.dns;
  if (m === undefined) return;
  if (m.invalidChars) setRisk(flow, RISK.INVALID_CHARACTERS, 'Invalid chars detected in domain name');
  if (m.rcode !== undefined && m.rcode !== 0) {
    setRisk(flow, RISK.ERROR_CODE_DETECTED, `DNS Error Code ${RCODES[m.rcode] ?? String(m.rcode)}`);
  }
}
