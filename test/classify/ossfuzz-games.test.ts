/**
 * The ossfuzz_seed_fake_traces_1.pcapng set: Starcraft, Gnutella, HalfLife2 and Protobuf
 * (one file per protocol would repeat the same corpus walk; the payload tests are per
 * dissector below).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { gnutella } from '../../lib/classify/protocols/gnutella.js';
import { halflife2 } from '../../lib/classify/protocols/halflife2.js';
import { protobuf, protobufLook } from '../../lib/classify/protocols/protobuf.js';
import { starcraft } from '../../lib/classify/protocols/starcraft.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, noise, robustness } from './longtail-feed.js';

// frame 11: Battle.net login to 12.129.206.130:1119
const SC_LOGIN = '4a00000a66020aed2d66';
// frames 1/2: Source engine connectionless packets, both ways
const HL2 = 'ffffffff00000000000000000000000030303000';
// frames 18+19: a lone byte, then the 89-byte fixed hello
const GNU_89 =
  '16030100540100005003014d6c000000000000000000000000000000000000000000000000000000000000204d6c00000000' +
  '000000000000000000000000000000000000000000000000000000020034010000050000000000';
// frame 21: the 82-byte fixed hello
const GNU_82 =
  '160301004d0100004903' + '00'.repeat(66) + '000200340100';

test('ossfuzz_seed_fake_traces_1.pcapng: every flow agrees with nDPI', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('ossfuzz_seed_fake_traces_1.pcapng'));
  assert.equal(vs.length, 10);
  const names = vs.map((v) => v.ours).sort();
  assert.deepEqual(names, ['Gnutella', 'Gnutella', 'HalfLife2', 'Protobuf', 'Starcraft', 'Starcraft', 'Starcraft', 'Starcraft', 'Unknown', 'Unknown']);
  for (const v of vs) assert.equal(v.ours, v.ndpi === '' ? 'Unknown' : v.ndpi, `${v.rf.cliPort}->${v.rf.srvPort}`);
});

test('Starcraft: the login prefix to a logon portal on 1119; not to other addresses', () => {
  const r = feed(starcraft, makeFlow(6, 1, 1119, '192.168.1.128', '12.129.206.130'), [{ dir: 0, hex: SC_LOGIN }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, 213);
  assert.equal(feed(starcraft, makeFlow(6, 1, 1119, '192.168.1.128', '1.2.3.4'), [{ dir: 0, hex: SC_LOGIN }]).verdict, Verdict.No);
  assert.equal(feed(starcraft, makeFlow(6, 1, 1119, '192.168.1.128', '12.129.206.130'), [{ dir: 0, hex: '4a00000a66020aed2d67' }]).verdict, Verdict.No);
});

test('Starcraft UDP: the size sequence on port 1119', () => {
  const sizes = [20, 20, 85, 20, 548, 548, 548, 484];
  const r = feed(starcraft, makeFlow(17, 1119, 1120), sizes.map((n, i) => noise(n, i + 1)));
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 8);
  assert.equal(feed(starcraft, makeFlow(17, 1119, 1120), [20, 20, 85, 21].map((n) => noise(n, n))).verdict, Verdict.More);
});

test('HalfLife2: FF FF FF FF … "000\\0" in both directions', () => {
  assert.equal(feed(halflife2, makeFlow(17, 1, 2), [{ dir: 0, hex: HL2 }, { dir: 1, hex: HL2 }]).verdict, Verdict.Yes);
  assert.equal(feed(halflife2, makeFlow(17, 1, 2), [{ dir: 0, hex: HL2 }, { dir: 0, hex: HL2 }]).verdict, Verdict.No);
  assert.equal(feed(halflife2, makeFlow(17, 1, 2), [{ dir: 0, hex: HL2.slice(0, -2) + '01' }]).verdict, Verdict.No);
});

test('Gnutella: handshake text and the two fixed hellos (after a lone byte too)', () => {
  const connect = Buffer.from('GNUTELLA CONNECT/0.6\r\nUser-Agent: x\r\n\r\n').toString('hex');
  assert.equal(feed(gnutella, makeFlow(6, 1, 6346), [{ dir: 0, hex: connect }]).verdict, Verdict.Yes);
  assert.equal(feed(gnutella, makeFlow(6, 1, 10), [{ dir: 0, hex: '00' }, { dir: 0, hex: GNU_89 }]).verdict, Verdict.Yes);
  assert.equal(feed(gnutella, makeFlow(6, 1, 11), [{ dir: 0, hex: GNU_82 }]).verdict, Verdict.Yes);
  // an ordinary ClientHello (other length, random, suites) is left to TLS
  const hello = GNU_89.slice(0, 22) + '5a5b' + GNU_89.slice(26);
  assert.equal(feed(gnutella, makeFlow(6, 1, 443), [{ dir: 0, hex: hello }]).verdict, Verdict.No);
  assert.equal(feed(gnutella, makeFlow(6, 1, 443), [{ dir: 0, hex: GNU_89 + '00' }]).verdict, Verdict.No);
});

test('Protobuf: fields of valid wire types; groups, field 0 and overruns are refused', () => {
  // field 1 varint 150, field 2 LEN "testing" (the protobuf documentation's examples)
  const msg = bytes('089601120774657374696e67');
  assert.equal(protobufLook(msg, 0, msg.length, 1), -1); // 2 fields: wait for more payloads
  assert.equal(protobufLook(msg, 0, msg.length, 4), 1); // from the 4th payload on
  const r = feed(protobuf, makeFlow(17, 1119, 1120), [msg, msg, msg, msg]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 4);
  assert.equal(protobufLook(bytes('0b0c'), 0, 2, 4), 0); // start group
  assert.equal(protobufLook(bytes('0096'), 0, 2, 4), 0); // field number 0
  assert.equal(protobufLook(bytes('0d0102'), 0, 3, 4), 0); // I32 cut short
  assert.equal(protobufLook(bytes('127f41'), 0, 3, 1), 0); // LEN beyond the payload
});

test('Protobuf on TCP judges each segment, not the stream start again', () => {
  const msg = '089601120774657374696e67';
  // later segments that are not protobuf (a start-group key) end the look
  const r = feed(protobuf, makeFlow(6, 40000, 40001), [msg, '0b0c0b0c', '0b0c', '0b0c'].map(bytes));
  assert.equal(r.verdict, Verdict.No);
  assert.equal(r.calls, 2);
  // four segments that each hold fields decide
  assert.equal(feed(protobuf, makeFlow(6, 40000, 40001), [msg, msg, msg, msg].map(bytes)).verdict, Verdict.Yes);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(starcraft, [bytes(SC_LOGIN)], [1, 1119]) > 0);
  assert.ok(robustness(halflife2, [bytes(HL2)]) > 0);
  assert.ok(robustness(gnutella, [bytes(GNU_89), bytes(GNU_82)]) > 0);
  assert.ok(robustness(protobuf, [bytes('089601120774657374696e67'), noise(100, 9)]) > 0);
});
