/**
 * Error Code of SNMP: the first GetResponse of a v1/v2c flow carried a non-zero error-status
 * (nDPI's snmp_proto.c; "SNMP Error N"), as the SNMP dissector records it in meta.other.
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

export function snmpRisks(flow: Flow): void {
  const status = flow.meta.other?.['snmp.error_status'];
  if (typeof status === 'number' && status !== 0) setRisk(flow, RISK.ERROR_CODE_DETECTED, `SNMP Error ${status}`);
}
