import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { tftp } from '../../lib/classify/protocols/tftp.js';
import { TFTP_REQUESTS, TFTP_TRANSFER } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('TFTP: a read request and a write request with options decide at once', () => {
  for (const p of TFTP_REQUESTS.slice(1)) {
    const r = drive(tftp, 17, [p]);
    assert.equal(r.verdict, Verdict.Yes, `frame ${p.frame}`);
    assert.equal(r.flow.l7App, protocolId('TFTP'));
  }
  assert.equal(drive(tftp, 17, [TFTP_REQUESTS[1]]).flow.meta.other?.['tftp.filename'], 'rfc1350.txt');
});

test('TFTP: a request without a file name is not TFTP (nDPI names it by port only)', () => {
  assert.equal(drive(tftp, 17, [TFTP_REQUESTS[0]]).verdict, Verdict.No);
});

test('TFTP: ACK/DATA with following block numbers decide on the fourth', () => {
  const r = drive(tftp, 17, TFTP_TRANSFER);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 4);
  assert.equal(drive(tftp, 17, [{ ...TFTP_TRANSFER[0], hex: '00070001' }]).verdict, Verdict.No);
});

test('TFTP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(tftp, 17, TFTP_TRANSFER) > 0);
  assert.ok(hammer(tftp, 17, TFTP_REQUESTS) > 0);
});
