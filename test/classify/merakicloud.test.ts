import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { merakiCloud } from '../../lib/classify/protocols/merakicloud.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// merakicloud.pcapng: a reply from port 7351
const MSG = 'fef728910d01002e060000020000000000000000000000010014020863bebe34299a7a9307080000000238056aa7';

test('the magic on port 7351, either direction', () => {
  const r = feed(merakiCloud, makeFlow(17, 47301, 7351), [{ dir: 1, hex: MSG }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('MerakiCloud'));
});

test('another port or magic: refused', () => {
  assert.equal(feed(merakiCloud, makeFlow(17, 47301, 7352), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
  assert.equal(feed(merakiCloud, makeFlow(17, 47301, 7351), [{ dir: 0, hex: 'fef72892' + MSG.slice(8) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(merakiCloud, [bytes(MSG)], [47301, 7351]) > 0);
});
