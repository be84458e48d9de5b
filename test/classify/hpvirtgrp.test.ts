import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hpvirtgrp } from '../../lib/classify/protocols/hpvirtgrp.js';
import { HPVIRTGRP_HELLO } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('HP_VIRTGRP: the first segment is 0x16, its own length, 0x00', () => {
  const r = drive(hpvirtgrp, 6, HPVIRTGRP_HELLO);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HP_VIRTGRP'));
});

test('HP_VIRTGRP: a length that does not match the segment is not HP_VIRTGRP', () => {
  const h = HPVIRTGRP_HELLO[0].hex;
  assert.equal(drive(hpvirtgrp, 6, [{ ...HPVIRTGRP_HELLO[0], hex: h + '00' }]).verdict, Verdict.No);
  assert.equal(drive(hpvirtgrp, 6, [{ ...HPVIRTGRP_HELLO[0], hex: '17' + h.slice(2) }]).verdict, Verdict.No);
});

test('HP_VIRTGRP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(hpvirtgrp, 6, HPVIRTGRP_HELLO) > 0);
});
