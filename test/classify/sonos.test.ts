import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { isPublicIpv4, sonos } from '../../lib/classify/protocols/sonos.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';
import { ip4 } from './longtail-feed.js';

// sonos.pcapng: a short datagram to port 7080 on the LAN
const MSG = '0013598400000000fc';

test('to port 7080 on a private address', () => {
  const r = feed(sonos, makeFlow(17, 44467, 7080, '192.168.15.37', '192.168.15.36'), [{ dir: 0, hex: MSG }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Sonos'));
  const s = feed(sonos, makeFlow(17, 40000, 12301, '10.0.0.1', '10.0.0.2'), [{ dir: 0, hex: '00'.repeat(48) }]);
  assert.equal(s.verdict, Verdict.Yes);
});

test('public or multicast destinations, other sizes or ports: refused', () => {
  assert.equal(feed(sonos, makeFlow(17, 44467, 7080, '192.168.15.37', '8.8.8.8'), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
  assert.equal(feed(sonos, makeFlow(17, 44467, 7080, '192.168.15.37', '239.255.255.250'), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
  assert.equal(feed(sonos, makeFlow(17, 44467, 7080, '192.168.15.37', '192.168.15.36'), [{ dir: 0, hex: '00'.repeat(500) }]).verdict, Verdict.No);
  assert.equal(feed(sonos, makeFlow(17, 7080, 44467, '192.168.15.37', '192.168.15.36'), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
  assert.equal(isPublicIpv4(ip4('172.20.1.1')), false);
  assert.equal(isPublicIpv4(ip4('172.32.1.1')), true);
});

test('robustness', () => {
  assert.ok(robustness(sonos, [bytes(MSG)], [44467, 7080]) > 0);
});
