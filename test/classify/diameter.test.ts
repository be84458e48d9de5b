import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { diameter, diameterHeader } from '../../lib/classify/protocols/diameter.js';
import { drive, hammer } from './dissector-harness.js';

/** A Device-Watchdog-Request (RFC 6733 header: version 1, length 20, flags R, code 280). */
const DWR = '01000014' + '80000118' + '00000000' + '00000001' + '00000002';
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:3868', hex: DWR };

test('Diameter: a Device-Watchdog request', () => {
  const r = drive(diameter, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Diameter'));
});

test('Diameter: combined flags, an unknown command or version 2 are not what nDPI takes', () => {
  const b = (x: string) => Buffer.from(x, 'hex');
  assert.equal(diameterHeader(b('01000014c0000118' + DWR.slice(16)), 0, 20), false);
  assert.equal(diameterHeader(b('0100001480000119' + DWR.slice(16)), 0, 20), false);
  assert.equal(diameterHeader(b('02' + DWR.slice(2)), 0, 20), false);
});

test('Diameter: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(diameter, 6, [PKT]) > 0);
});
