/**
 * Error Code of SNMP (lib/risk/snmp.ts): the GetResponse error-status the SNMP dissector
 * records, on a crafted flow and on snmp.pcap, where nDPI's .out has "SNMP Error N".
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { Flow } from '../../lib/flow/flow.js';
import { computeRisks } from '../../lib/risk/compute.js';
import { RISK } from '../../lib/risk/risks.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

const errorCode = (f: Flow) => f.risks?.find((r) => r.id === RISK.ERROR_CODE_DETECTED)?.info;

test('SNMP Error Code: a recorded non-zero error-status, nothing otherwise', () => {
  const f = new Flow(1);
  f.proto = 17;
  f.l7App = 14;
  f.cli2srvPackets = f.srv2cliPackets = 1;
  f.meta.other = { 'snmp.version': '2c', 'snmp.error_status': 2 };
  computeRisks(f);
  assert.equal(errorCode(f), 'SNMP Error 2');
  const ok = new Flow(2);
  ok.proto = 17;
  ok.l7App = 14;
  ok.cli2srvPackets = ok.srv2cliPackets = 1;
  ok.meta.other = { 'snmp.version': '2c' };
  computeRisks(ok);
  assert.equal(errorCode(ok), undefined);
});

test('corpus snmp.pcap: the two error statuses nDPI reports', { skip: NO_CORPUS }, async () => {
  const r = await analyze({ inputs: [corpusFile('snmp.pcap')], keepFlows: true });
  const by = (port: number) => r.flows.find((f) => f.cliPort === port || f.srvPort === port);
  // nDPI: UDP 10.99.8.88:43242 <-> 10.100.253.146:161 … [Risk Info: SNMP Error 1]
  assert.equal(errorCode(by(43242)!), 'SNMP Error 1');
  // nDPI: UDP 10.231.2.134:161 -> 10.72.247.4:61088 … [Risk Info: No client to server traffic / SNMP Error 19]
  assert.equal(errorCode(by(61088)!), 'SNMP Error 19');
  assert.equal(r.flows.filter((f) => errorCode(f) !== undefined).length, 2);
});
