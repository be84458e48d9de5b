/** SoftEther (nDPI softether.c) and tinc (nDPI tinc.c) on bytes from softether.pcap and
 * tinc.pcap (tinc keys shortened: the shape is what counts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { softether } from '../../lib/classify/protocols/softether.js';
import { tinc } from '../../lib/classify/protocols/tinc.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

const hexOf = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

// softether.pcap: the 0x41 probe, the NAT-traversal reply, a 480-byte PACK
const IP_PORT = hexOf('IP=90.186.132.133,PORT=51381');
const PACK = '0000000c0000000a686f73745f6e616d6500000002000000010000000376706e0000000c6d616368696e655f6b657900000002000000010000002842354142423736323938323543383235353733363146304537313435423834354542423636354534000000166e61745f74726176657273616c5f76657273696f6e000000000000000100000001000000076f70636f646500000002000000010000000e6e61745f745f72656769737465720000000b707269766174655f697000000002000000010000000b3139322e3136382e332e320000000d707269766174655f706f727400000000000000010000c8b50000000c70726f647563745f73747200000002000000010000000d536f66744574686572204f53530000000c73657373696f6e5f6b65790000000400000001776a65f5596d5777000000097376635f6e616d6500000002000000010000000d536f667445746865725f56504e00000006746f6b656e00000002000000010000002841453939323642413742394237424644364445333731323335443544323232374236373446303742000000087472616e5f6964000000040000000116752c18a57ccd6c0000000a64646e735f6671646e0000000200000001000000166d6f697368656c652e736f667465746865722e6e6574';

test('Softether: 0x41 probe then IP=…,PORT=… reply', () => {
  const r = feed(softether, makeFlow(17, 51381, 5004), [{ dir: 0, hex: '41' }, { dir: 1, hex: IP_PORT }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Softether'));
  assert.equal(r.flow.meta.other?.['softether.ip'], '90.186.132.133');
  assert.equal(r.flow.meta.other?.['softether.port'], '51381');
});

test('Softether: a datagram that parses as a PACK', () => {
  assert.equal(bytes(PACK).length, 480);
  assert.equal(feed(softether, makeFlow(17, 51381, 5004), [{ dir: 0, hex: PACK }]).verdict, Verdict.Yes);
  // one byte more: the tuples no longer fill the datagram
  assert.equal(feed(softether, makeFlow(17, 51381, 5004), [{ dir: 0, hex: PACK + '00' }]).verdict, Verdict.No);
});

test('Softether near misses', () => {
  assert.equal(feed(softether, makeFlow(17, 1, 5004), [{ dir: 0, hex: '42' }]).verdict, Verdict.No);
  assert.equal(feed(softether, makeFlow(17, 1, 5004), [{ dir: 0, hex: '00' }, { dir: 0, hex: '00' }, { dir: 0, hex: '41' }]).verdict, Verdict.No);
  assert.equal(feed(softether, makeFlow(17, 1, 5004), [{ dir: 0, hex: hexOf('IP=90.186.132.133;PORT=5') }]).verdict, Verdict.No);
});

test('tinc: two ID messages, then two METAKEY messages', () => {
  const pkts = [
    { dir: 0 as const, hex: hexOf('0 t 17\n') },
    { dir: 1 as const, hex: hexOf('0 i 17\n') },
    { dir: 1 as const, hex: hexOf('1 94 64 0 0 5861ABF6A8585CEE2201BA185AC0200A\n') },
    { dir: 0 as const, hex: hexOf('1 429 672 0 0 4F8F712AB46F770008E52C2136B7F8FA\n') },
  ];
  const r = feed(tinc, makeFlow(6, 49290, 55656), pkts);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 4);
  assert.equal(r.flow.l7App, protocolId('TINC'));
  // a lower-case key is not the shape
  const bad = [...pkts.slice(0, 3), { dir: 0 as const, hex: hexOf('1 429 672 0 0 4f8f\n') }];
  assert.equal(feed(tinc, makeFlow(6, 49290, 55656), bad).verdict, Verdict.No);
  assert.equal(feed(tinc, makeFlow(6, 1, 2), [{ dir: 0, hex: hexOf('0 t 18\n') }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(softether, [bytes(PACK), bytes(IP_PORT), bytes('41')]) > 0);
  assert.ok(robustness(tinc, [bytes(hexOf('0 t 17\n')), bytes(hexOf('1 94 64 0 0 5861ABF6\n'))]) > 0);
});
