import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { kakaotalkVoice } from '../../lib/classify/protocols/kakaotalk-voice.js';

/** An RTCP sender report (81 C8 00 0C …) to a relay in 1.201.0.0/16 (synthesized, kakaotalk_voice.c). */
const SR: readonly CorpusPkt[] = [
  { frame: 1, from: '10.24.82.188:10269', to: '1.201.1.174:23047', hex: '81c8000c' + '11'.repeat(48) },
];

test('KakaoTalk_Voice: an RTCP-like datagram with a relay in 1.201.0.0/16', () => {
  const r = drive(kakaotalkVoice, 17, SR);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('KakaoTalk_Voice'));
  assert.equal(drive(kakaotalkVoice, 17, [{ ...SR[0], from: '1.201.9.9:23047', to: '10.24.82.188:10269' }]).verdict, Verdict.Yes);
});

test('KakaoTalk_Voice: another network, or none of the four bytes, is not KakaoTalk_Voice', () => {
  assert.equal(drive(kakaotalkVoice, 17, [{ ...SR[0], to: '1.202.1.174:23047' }]).verdict, Verdict.No);
  assert.equal(drive(kakaotalkVoice, 17, [{ ...SR[0], hex: '80c9010d' + '11'.repeat(48) }]).verdict, Verdict.No);
});

test('KakaoTalk_Voice: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(kakaotalkVoice, 17, SR) > 0);
});
