import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { pptp } from '../../lib/classify/protocols/pptp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

/** A Start-Control-Connection-Request as RFC 2637 lays it out (156 bytes). */
function sccrq(): string {
  const b = Buffer.alloc(156);
  b.writeUInt16BE(156, 0); // length
  b.writeUInt16BE(1, 2); // control message
  b.writeUInt32BE(0x1a2b3c4d, 4); // magic cookie
  b.writeUInt16BE(1, 8); // Start-Control-Connection-Request
  b.writeUInt16BE(0x0100, 12); // protocol version 1.0
  b.writeUInt32BE(1, 16); // framing capabilities
  b.writeUInt32BE(1, 20); // bearer capabilities
  b.write('cananian', 28, 'latin1'); // host name
  return b.toString('hex');
}

test('PPTP: Start-Control-Connection-Request on the first packet', () => {
  const r = feed(pptp, makeFlow(6, 41366, 1723), [{ dir: 0, hex: sccrq() }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('PPTP'));
});

test('PPTP near misses: length field, cookie, control type', () => {
  for (const [at, v] of [[1, 0x9d], [7, 0x4e], [9, 2]] as const) {
    const b = bytes(sccrq());
    b[at] = v;
    assert.equal(feed(pptp, makeFlow(6, 1, 1723), [b]).verdict, Verdict.No, `byte ${at}`);
  }
});

test('robustness', () => {
  assert.ok(robustness(pptp, [bytes(sccrq())]) > 0);
});
