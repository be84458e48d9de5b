import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { afp, dsiHeader } from '../../lib/classify/protocols/afp.js';
import { AFP_DSI } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('AFP: a DSI command header, midstream', () => {
  const r = drive(afp, 6, AFP_DSI);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('AFP'));
});

test('AFP: a length beyond the segment, an unknown command or flags 2 are not DSI', () => {
  const h = AFP_DSI[0].hex;
  const bytes = (x: string) => Buffer.from(x, 'hex');
  assert.equal(dsiHeader(bytes(h), 0, h.length / 2), true);
  assert.equal(dsiHeader(bytes(h.slice(0, 16) + '000000ff' + h.slice(24)), 0, h.length / 2), false);
  assert.equal(dsiHeader(bytes('0009' + h.slice(4)), 0, h.length / 2), false);
  assert.equal(dsiHeader(bytes('02' + h.slice(2)), 0, h.length / 2), false);
});

test('AFP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(afp, 6, AFP_DSI) > 0);
});
