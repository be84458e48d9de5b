import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { threema } from '../../lib/classify/protocols/threema.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** threema.pcap: the handshake (48, 80, 191 bytes), a reply, then a length-prefixed frame. */
const HANDSHAKE: readonly CorpusPkt[] = [
  { frame: 19, from: '192.168.2.100:50484', to: '185.88.236.110:5222', hex: 'f311eae3ae90ba57d118a3d9a8dfa7cf19078a494e6808845e29e1e5748887709501f0088068501b360fce1d5d29f9ab' },
  { frame: 20, from: '185.88.236.110:5222', to: '192.168.2.100:50484', hex: '380ba1d30d2e5a12d3d44012df98c4adf743f10fc03c58cc79bb8158bf5562ae4d250c51ab8c2eb1db6b4fb484569decd4b47dcfa10d72033c14d1b2e5c14d8fe41722e4fdfa49f393074749f8f49b35' },
  { frame: 22, from: '192.168.2.100:50484', to: '185.88.236.110:5222', hex: '0cc4780c0e84977d6850afafd8368e958715155360857bf6882293778bc2f15adcbf92d4921769b27c9e51d071b9006ea854f0b4aebff9765f763b089a8ff01b7e5c784a1e4c92f6edd7d3b270abefefe9cb2afa99f6eafab3e8eab06cec1a1ddb36a9beb034299965c1dd9f79ccab50101d9047b4dfced52ad0a45c1c1dcabec257cbaf0b0a64f6a5d0f8a081c6236143a47d2510419241b4c630bc581e1d65998bb99eddd3fba5c34bae9cc95f687ae61657184af7f29d2fae03048b3a12' },
  { frame: 23, from: '185.88.236.110:5222', to: '192.168.2.100:50484', hex: '21a22bbfebb72640682527f2bf7257053d0d153b3db7768d6a7752ef12d2adb89c019fbdfde417ba0f178138e2999ec639a8bd51a74ce53fe647a2e8663d69c629565090f28a78232a3105b112512c99d69fecb2c6b9f89205526db39f8d60747c16750960fe1fa9d4d60afbb63a9f830d9bcbf5d8c4c8716360c83eb52b88ad1b4442305237eeb6451488cb9bd9e108601617d7b3b8633595d71e5a1efc77620c3a3f4288a6b386dda88fe476e763947b47fc578a461866c8c76f5f5bf47adf41854dd4a23ed4f6893fffc8cd9ea8b969a5f7b1d669ab9a78067c62a6876d21a941e832eabcec91dd16ddffcc6889f09f3321c49494bbcf1088ceb63d19b0a11277e72d955e3c348c30461c01b6d1f4084aedfc125d8240382a1c054af5ffb253fb77d6c2c97300b8b15c00169d54e2861ee262accc9d64708f7bf7d46f5d6e1a1bed44b458ab5b42d05b127d784f6514d8c77e2eb897bd973eee1ff917cce631f632c253448cebf49d7edda8d0e354bd9df4dc83e532d9080204d8c72830a7e093407be04acab1dc853b944f924408c2e292620349b3eafd436a576f07fefbebf915b484f0139ab85ee2ba8919a72a37a6744217f09ae50952916b7b781400bf35f5a6e2c2270351cb31ce5a6109c3c3b42952' },
  { frame: 25, from: '192.168.2.100:50484', to: '185.88.236.110:5222', hex: '240042a2c9f399e6cd7f5d45ba73d247992f48ecfea9ef9f955737263529184c71495fb358b9' },
];

test('Threema: fixed handshake sizes then a little-endian length-prefixed frame', () => {
  const r = drive(threema, 6, HANDSHAKE);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Threema'));
  assert.equal(r.calls, 5);
});

test('Threema: another first-packet size, or another port, is not Threema', () => {
  const first = { ...HANDSHAKE[0], hex: HANDSHAKE[0].hex.slice(2) };
  assert.equal(drive(threema, 6, [first, ...HANDSHAKE.slice(1)]).verdict, Verdict.No);
  const moved = HANDSHAKE.map((p) => ({ ...p, from: p.from.replace(':5222', ':5223'), to: p.to.replace(':5222', ':5223') }));
  assert.equal(drive(threema, 6, moved).verdict, Verdict.No);
});

test('Threema: a fifth packet whose length prefix does not fit is not Threema', () => {
  const bad = { ...HANDSHAKE[4], hex: 'ff' + HANDSHAKE[4].hex.slice(2) };
  assert.equal(drive(threema, 6, [...HANDSHAKE.slice(0, 4), bad]).verdict, Verdict.No);
});

test('Threema: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(threema, 6, HANDSHAKE) > 0);
});
