import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostsBuilder, type HostFlow } from '../../lib/report/hosts.js';
import { analyze } from '../../lib/analyze.js';
import path from 'node:path';
import { SAMPLES_DIR } from '../helpers/corpus.js';

const SAMPLE_MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');

function flow(cli: string, srv: string, up: number, down: number, protocol = 'DNS', alerts = 0): HostFlow {
  return { cli, srv, cli2srvPackets: 1, cli2srvBytes: up, srv2cliPackets: 2, srv2cliBytes: down, protocol, alerts };
}

test('hosts: each flow counts for its client (sent = client to server) and its server (the other way)', () => {
  const h = new HostsBuilder();
  h.add(flow('10.0.0.1', '8.8.8.8', 100, 300, 'DNS', 1));
  h.add(flow('10.0.0.1', '1.1.1.1', 50, 20, 'TLS'));
  h.add(flow('10.0.0.2', '8.8.8.8', 10, 10, 'DNS'));
  const rows = h.rows();
  assert.deepEqual(rows.map((r) => r.host), ['10.0.0.1', '8.8.8.8', '1.1.1.1', '10.0.0.2']);
  const c = rows[0]!;
  assert.equal(c.flows, 2);
  assert.equal(c.flows_as_client, 2);
  assert.equal(c.flows_as_server, 0);
  assert.equal(c.bytes_sent, 150);
  assert.equal(c.bytes_received, 320);
  assert.equal(c.packets_sent, 2);
  assert.equal(c.packets_received, 4);
  assert.equal(c.alerts, 1);
  assert.deepEqual(c.protocols, [{ name: 'DNS', flows: 1 }, { name: 'TLS', flows: 1 }]);
  const s = rows[1]!;
  assert.equal(s.flows_as_server, 2);
  assert.equal(s.bytes_sent, 310);
  assert.equal(s.bytes_received, 110);
  assert.deepEqual(s.protocols, [{ name: 'DNS', flows: 2 }]);
});

test('hosts: a flow from a host to itself counts once', () => {
  const h = new HostsBuilder();
  h.add(flow('127.0.0.1', '127.0.0.1', 5, 7));
  const [r] = h.rows();
  assert.equal(h.size, 1);
  assert.equal(r!.flows, 1);
  assert.equal(r!.bytes_sent, 5);
});

test('hosts: totals over a real capture add up to the flows', async () => {
  const h = new HostsBuilder();
  const res = await analyze({ inputs: [SAMPLE_MIXED] });
  let bytes = 0;
  for (const f of res.flows) {
    bytes += f.cli2srvBytes + f.srv2cliBytes;
    h.add({ cli: f.cliAddr(), srv: f.srvAddr(), cli2srvPackets: f.cli2srvPackets, cli2srvBytes: f.cli2srvBytes, srv2cliPackets: f.srv2cliPackets, srv2cliBytes: f.srv2cliBytes, protocol: res.names.l7Name(f.l7Master, f.l7App), alerts: f.alerts.length });
  }
  const rows = h.rows();
  assert.ok(rows.length > 2);
  const sent = rows.reduce((m, r) => m + r.bytes_sent, 0);
  const selfFlows = res.flows.filter((f) => f.cliAddr() === f.srvAddr());
  const selfBytes = selfFlows.reduce((m, f) => m + f.srv2cliBytes, 0);
  assert.equal(sent + selfBytes, bytes);
  const flows = rows.reduce((m, r) => m + r.flows_as_client, 0);
  assert.equal(flows, res.flows.length);
});
