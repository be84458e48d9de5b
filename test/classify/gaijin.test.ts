import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { gaijin } from '../../lib/classify/protocols/gaijin.js';

/** gaijin_warthunder.pcap frame 1: the 52-byte 8F FF 00 … 82 FF 00 01 datagram. */
const PKT: CorpusPkt = {
  frame: 1,
  from: '192.168.88.231:36929',
  to: '185.253.20.249:20021',
  hex: '8fff000182ff00010000ffff000004b000010000000000ff000000000000000000001388000000000000000096990a4400260000',
};

test('GaijinEntertainment: the 52-byte game datagram', () => {
  const r = drive(gaijin, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('GaijinEntertainment'));
});

test('GaijinEntertainment: launcher telemetry over 100 bytes; near misses are not it', () => {
  const tele = { ...PKT, hex: Buffer.from('app.start ' + 'x'.repeat(100)).toString('hex') };
  assert.equal(drive(gaijin, 17, [tele]).verdict, Verdict.Yes);
  assert.equal(drive(gaijin, 17, [{ ...PKT, hex: PKT.hex + '00' }]).verdict, Verdict.No);
  assert.equal(drive(gaijin, 17, [{ ...PKT, hex: '8fff000182ff0002' + PKT.hex.slice(16) }]).verdict, Verdict.No);
});

test('GaijinEntertainment: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(gaijin, 17, [PKT]) > 0);
});
