import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { radius } from '../../lib/classify/protocols/radius.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// an Access-Request: code 1, id 7, length 26, authenticator, User-Name "ab"
const REQ = '01070019' + '00112233445566778899aabbccddeeff' + '010461' + '62' + '00';

test('an Access-Request on port 1812', () => {
  const r = feed(radius, makeFlow(17, 40000, 1812), [{ dir: 0, hex: REQ.slice(0, 50) }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Radius'));
});

test('too short on the port: refused; a bad length keeps looking for three packets', () => {
  assert.equal(feed(radius, makeFlow(17, 40000, 1812), [{ dir: 0, hex: '0107000a00112233' }]).verdict, Verdict.No);
  const bad = REQ.slice(0, 50).replace('01070019', '01070020');
  assert.equal(feed(radius, makeFlow(17, 40000, 1813), [{ dir: 0, hex: bad }]).verdict, Verdict.More);
  assert.equal(feed(radius, makeFlow(17, 40000, 1813), [bad, bad, bad, bad].map((h) => ({ dir: 0 as const, hex: h }))).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(radius, [bytes(REQ.slice(0, 50))], [40000, 1812]) > 0);
});
