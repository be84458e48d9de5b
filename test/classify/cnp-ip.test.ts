import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { cnpIp, isCnpIp } from '../../lib/classify/protocols/cnp-ip.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// CNP/IP data packets: length 0x18, version 1 / packet type 1, message type 0, session 0x0000abcd
const P1 = '0018010100000000' + '0000abcd' + '00000001' + '0000000000000000';
const P2 = '0018010100000000' + '0000abcd' + '00000002' + '0000000000000000';
const OTHER_SESSION = '0018010100000000' + '0000abce' + '00000003' + '0000000000000000';

test('two data packets of the same session', () => {
  for (const t of [17, 6] as const) {
    const r = feed(cnpIp, makeFlow(t, 1628, 1629), [{ dir: 0, hex: P1 }, { dir: 1, hex: P2 }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, protocolId('CNP-IP'));
  }
});

test('one packet waits; another session or shape excludes', () => {
  assert.equal(feed(cnpIp, makeFlow(17, 1628, 1629), [{ dir: 0, hex: P1 }]).verdict, Verdict.More);
  assert.equal(feed(cnpIp, makeFlow(17, 1628, 1629), [{ dir: 0, hex: P1 }, { dir: 0, hex: OTHER_SESSION }]).verdict, Verdict.No);
  assert.equal(isCnpIp(bytes('0019' + P1.slice(4)), 0, 24), false);
  assert.equal(isCnpIp(bytes(P1.slice(0, 6) + '02' + P1.slice(8)), 0, 24), false);
});

test('robustness', () => {
  assert.ok(robustness(cnpIp, [bytes(P1), bytes(P2)]) > 0);
});
