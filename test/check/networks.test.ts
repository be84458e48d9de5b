import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clampScore, SEVERITIES, SEVERITY_MIN_SCORE, severityOf } from '../../lib/check/alerts.js';
import { parseGate } from '../../lib/report/gate.js';
import { isMulticast, LocalNetworks, NetworkSpecError, parseIPv6 } from '../../lib/check/networks.js';

const v4 = (s: string) => Uint32Array.of(s.split('.').reduce((a, o) => a * 256 + Number(o), 0) >>> 0, 0, 0, 0);

test('severity follows the contract table at every boundary', () => {
  const cases: [number, string][] = [
    [0, 'none'], [1, 'info'], [9, 'info'], [10, 'notice'], [49, 'notice'], [50, 'warning'], [99, 'warning'],
    [100, 'error'], [199, 'error'], [200, 'critical'], [249, 'critical'], [250, 'emergency'], [255, 'emergency'],
  ];
  for (const [s, sev] of cases) assert.equal(severityOf(s), sev, String(s));
  // One table both ways: each severity's lowest score maps to it, one less to the one below,
  // and a --fail-on severity gate starts at that score.
  SEVERITIES.forEach((sev, i) => {
    assert.equal(severityOf(SEVERITY_MIN_SCORE[sev]), sev);
    if (i > 0) assert.equal(severityOf(SEVERITY_MIN_SCORE[sev] - 1), SEVERITIES[i - 1]);
    assert.equal(parseGate(sev).minScore, SEVERITY_MIN_SCORE[sev]);
  });
});

test('scores are truncated and clamped to 0-255', () => {
  assert.deepEqual([-1, 0, 12.9, 255, 256, 1e9].map(clampScore), [0, 0, 12, 255, 255, 255]);
});

test('IPv6 parsing', () => {
  assert.deepEqual([...parseIPv6('2001:db8::1')!], [0x20010db8, 0, 0, 1]);
  assert.deepEqual([...parseIPv6('::ffff:192.0.2.1')!], [0, 0, 0xffff, 0xc0000201]);
  assert.deepEqual([...parseIPv6('::')!], [0, 0, 0, 0]);
  assert.equal(parseIPv6('1::2::3'), undefined);
  assert.equal(parseIPv6('12345::'), undefined);
  assert.equal(parseIPv6('1:2:3:4:5:6:7'), undefined);
});

test('local networks: membership, broadcast, multicast', () => {
  const n = new LocalNetworks();
  assert.equal(n.isLocal(4, v4('10.9.8.7')), true);
  assert.equal(n.isLocal(4, v4('172.31.0.1')), true);
  assert.equal(n.isLocal(4, v4('172.32.0.1')), false);
  assert.equal(n.isLocal(6, parseIPv6('fd12::1')!), true);
  assert.equal(n.isLocal(6, parseIPv6('febf::1')!), true);
  assert.equal(n.isLocal(6, parseIPv6('fec0::1')!), false);
  assert.equal(n.isLocal(6, parseIPv6('::1')!), true);
  assert.equal(n.isLocal(6, parseIPv6('::2')!), false);
  assert.equal(n.isBroadcast(4, v4('255.255.255.255')), true);
  assert.equal(n.isBroadcast(4, v4('0.0.0.0')), true);
  assert.equal(n.isBroadcast(4, v4('192.168.255.255')), true);
  assert.equal(n.isBroadcast(4, v4('192.168.3.255')), true);
  assert.equal(n.isBroadcast(4, v4('192.168.3.254')), false);
  assert.equal(n.isBroadcast(4, v4('8.8.8.255')), false);
  assert.equal(n.isBroadcast(6, parseIPv6('::')!), true);
  assert.equal(n.isBroadcast(6, parseIPv6('fe80::ff')!), false);
  assert.equal(isMulticast(4, v4('224.0.0.1')), true);
  assert.equal(isMulticast(4, v4('239.255.255.250')), true);
  assert.equal(isMulticast(4, v4('240.0.0.1')), false);
  assert.equal(isMulticast(6, parseIPv6('ff02::1')!), true);
  assert.equal(isMulticast(6, parseIPv6('fe80::1')!), false);
  const custom = new LocalNetworks(['198.51.100.0/25', '2001:db8:1::/48', '203.0.113.7']);
  assert.equal(custom.isLocal(4, v4('198.51.100.127')), true);
  assert.equal(custom.isLocal(4, v4('198.51.100.128')), false);
  assert.equal(custom.isBroadcast(4, v4('198.51.100.127')), true);
  assert.equal(custom.isLocal(4, v4('203.0.113.7')), true);
  assert.equal(custom.isLocal(6, parseIPv6('2001:db8:1:ffff::1')!), true);
  assert.equal(custom.isLocal(6, parseIPv6('2001:db8:2::1')!), false);
  assert.equal(custom.isLocal(4, v4('10.0.0.1')), false);
});

test('malformed networks are rejected', () => {
  for (const bad of ['10.0.0.0/33', '300.1.1.1/8', 'fe80::/129', 'nonsense', '10.0.0.0/x']) {
    assert.throws(() => new LocalNetworks([bad]), NetworkSpecError, bad);
  }
});
