import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { xdmcp } from '../../lib/classify/protocols/xdmcp.js';
import { XDMCP_QUERY } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('XDMCP: a Query datagram to port 177', () => {
  const r = drive(xdmcp, 17, XDMCP_QUERY);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('XDMCP'));
});

test('XDMCP: another opcode or length is not XDMCP; an X11 setup to 6000 is', () => {
  assert.equal(drive(xdmcp, 17, [{ ...XDMCP_QUERY[0], hex: '00010003000100' }]).verdict, Verdict.No);
  assert.equal(drive(xdmcp, 17, [{ ...XDMCP_QUERY[0], hex: '0001000200010000' }]).verdict, Verdict.No);
  const x11 = '6c000b000000' + '1200' + '1000' + '0000' + Buffer.from('MIT-MAGIC-COOKIE-1').toString('hex') + '0000' + '00'.repeat(16);
  assert.equal(drive(xdmcp, 6, [{ frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:6000', hex: x11 }]).verdict, Verdict.Yes);
});

test('XDMCP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(xdmcp, 17, XDMCP_QUERY) > 0);
});
