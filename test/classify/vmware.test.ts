import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { vmware } from '../../lib/classify/protocols/vmware.js';
import { drive, hammer } from './dissector-harness.js';

const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:902', hex: 'a4' + '00'.repeat(65) };

test('VMware: a 66-byte datagram to 902 starting with 0xA4', () => {
  const r = drive(vmware, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('VMware'));
});

test('VMware: another length or first byte is not VMware', () => {
  assert.equal(drive(vmware, 17, [{ ...PKT, hex: 'a4' + '00'.repeat(64) }]).verdict, Verdict.No);
  assert.equal(drive(vmware, 17, [{ ...PKT, hex: 'a5' + '00'.repeat(65) }]).verdict, Verdict.No);
});

test('VMware: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(vmware, 17, [PKT]) > 0);
});
