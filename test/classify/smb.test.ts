import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { smb } from '../../lib/classify/protocols/smb.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { SMB2_REPLY, SMB_MIDSTREAM } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('SMB: an SMB2 message on TCP 445 is NetBIOS.SMBv23', () => {
  const r = drive(smb, 6, SMB2_REPLY);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7Master, protocolId('NetBIOS'));
  assert.equal(r.flow.l7App, protocolId('SMBv23'));
});

test('SMB: a capture starting mid-stream is ruled out at its first payload (as nDPI)', () => {
  // kerberos.pcap: the client's first bytes are not an SMB header; nDPI falls back to the port
  const r = drive(smb, 6, [...SMB_MIDSTREAM, ...SMB2_REPLY]);
  assert.equal(r.verdict, Verdict.No);
  assert.equal(r.calls, 1);
});

test('SMB: SMBv1 (not a Negotiate) is NetBIOS.SMBv1; a Negotiate waits for the next message', () => {
  const hdr = (cmd: number) => '00000040' + 'ff534d42' + cmd.toString(16).padStart(2, '0') + '00'.repeat(59);
  const v1 = drive(smb, 6, [{ ...SMB2_REPLY[0], hex: hdr(0x25) }]);
  assert.equal(v1.verdict, Verdict.Yes);
  assert.equal(v1.flow.l7App, protocolId('SMBv1'));
  const neg = drive(smb, 6, [{ ...SMB2_REPLY[0], hex: hdr(0x72) }]);
  assert.equal(neg.verdict, Verdict.More);
  const both = drive(smb, 6, [
    { ...SMB2_REPLY[0], hex: hdr(0x72) },
    { ...SMB2_REPLY[0], hex: SMB2_REPLY[0].hex },
  ]);
  assert.equal(both.flow.l7App, protocolId('SMBv23'));
});

test('SMB: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(smb, 6, SMB2_REPLY) > 0);
});
