import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { teamviewer } from '../../lib/classify/protocols/teamviewer.js';
import { TEAMVIEWER_UDP, TEAMVIEWER_TCP } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('TeamViewer: four UDP datagrams with 0x17 0x24 at offset 11', () => {
  const r = drive(teamviewer, 17, TEAMVIEWER_UDP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TeamViewer'));
  assert.equal(r.calls, 4);
});

test('TeamViewer: a 0x17 0x24 segment on port 5938 decides at once', () => {
  assert.equal(drive(teamviewer, 6, TEAMVIEWER_TCP).verdict, Verdict.Yes);
  assert.equal(drive(teamviewer, 6, [{ ...TEAMVIEWER_TCP[0], to: '162.250.2.170:5939' }]).verdict, Verdict.More);
});

test('TeamViewer: another first byte is not TeamViewer', () => {
  assert.equal(drive(teamviewer, 17, [{ ...TEAMVIEWER_UDP[0], hex: '01' + TEAMVIEWER_UDP[0].hex.slice(2) }]).verdict, Verdict.No);
  assert.equal(drive(teamviewer, 6, [{ ...TEAMVIEWER_TCP[0], hex: '1725' + TEAMVIEWER_TCP[0].hex.slice(4) }]).verdict, Verdict.No);
});

test('TeamViewer: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(teamviewer, 17, TEAMVIEWER_UDP) > 0);
  assert.ok(hammer(teamviewer, 6, TEAMVIEWER_TCP) > 0);
});
