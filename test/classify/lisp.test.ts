import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { lisp } from '../../lib/classify/protocols/lisp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// a LISP Map-Register header (type 3), the payload is not inspected
const MSG = '3000000100000000000000000000000000000000';

test('LISP control and data ports on both sides', () => {
  for (const p of [4341, 4342]) {
    const r = feed(lisp, makeFlow(17, p, p), [{ dir: 0, hex: MSG }]);
    assert.equal(r.verdict, Verdict.Yes);
    assert.equal(r.flow.l7App, protocolId('LISP'));
  }
});

test('one side only, or mixed LISP ports: refused', () => {
  assert.equal(feed(lisp, makeFlow(17, 40000, 4342), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
  assert.equal(feed(lisp, makeFlow(17, 4341, 4342), [{ dir: 0, hex: MSG }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(lisp, [bytes(MSG)], [4342, 4342]) > 0);
});

test('TCP 4342: reliable-transport messages that fill the first payload', () => {
  const msg = '00110010000000010a0000019facade9'; // Registration: length 16, id 1, 4 body bytes, end marker
  const r = feed(lisp, makeFlow(6, 52995, 4342), [{ dir: 0, hex: msg + msg }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(feed(lisp, makeFlow(6, 52995, 4342), [{ dir: 0, hex: msg + '00' }]).verdict, Verdict.No);
  assert.equal(feed(lisp, makeFlow(6, 52995, 4342), [{ dir: 0, hex: msg.replace('9facade9', '9facade8') }]).verdict, Verdict.No);
  assert.equal(feed(lisp, makeFlow(6, 52995, 4343), [{ dir: 0, hex: msg }]).verdict, Verdict.No);
  assert.ok(robustness(lisp, [bytes(msg)], [52995, 4342]) > 0);
});
