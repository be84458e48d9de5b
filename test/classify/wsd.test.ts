import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { wsd } from '../../lib/classify/protocols/wsd.js';
import { feed, makeFlow, robustness } from './longtail-feed.js';

// upnp.pcap: a WS-Discovery Probe (the start of its SOAP envelope)
const PROBE = Buffer.from('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope">').toString('hex');

test('a Probe to the IPv4 multicast group on port 3702', () => {
  const r = feed(wsd, makeFlow(17, 58931, 3702, '192.168.61.66', '239.255.255.250'), [{ dir: 0, hex: PROBE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('WSD'));
});

test('unicast destinations or other payloads are refused', () => {
  assert.equal(feed(wsd, makeFlow(17, 58931, 3702, '192.168.61.66', '192.168.61.1'), [{ dir: 0, hex: PROBE }]).verdict, Verdict.No);
  assert.equal(feed(wsd, makeFlow(17, 58931, 3702, '192.168.61.66', '239.255.255.250'), [{ dir: 0, hex: '00' + PROBE }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(wsd, [Buffer.from(PROBE, 'hex')], [58931, 3702]) > 0);
});
