import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { kismet } from '../../lib/classify/protocols/kismet.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// kismet.pcap: the server's banner
const BANNER = '2a4b49534d45543a20302e302e30203131343430303433383120014b69736d657401203230303530383135323131393532203020323030352e30382e5231200a2a50524f544f434f4c533a204b49534d45542c4552524f522c41434b2c50524f544f434f4c532c4341504142494c4954592c5445524d494e4154452c54494d452c414c4552542c4e4554574f524b2c434c49454e542c4750532c494e464f2c52454d4f56452c5354415455532c5041434b45542c535452494e472c5745504b45592c434152440a';

test('the *KISMET: banner from the server', () => {
  const r = feed(kismet, makeFlow(6, 34065, 2501), [{ dir: 1, hex: BANNER }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Kismet'));
});

test('other first payloads are refused', () => {
  assert.equal(feed(kismet, makeFlow(6, 34065, 2501), [{ dir: 0, hex: Buffer.from('!0 ENABLE GPS\n').toString('hex') }]).verdict, Verdict.No);
  assert.equal(feed(kismet, makeFlow(6, 34065, 2501), [{ dir: 1, hex: Buffer.from('*KISMET:').toString('hex') }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(kismet, [bytes(BANNER)]) > 0);
});
