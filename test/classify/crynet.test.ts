import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';
import { crynet } from '../../lib/classify/protocols/crynet.js';

/** Synthesized from crynet.c's checks: length byte (len - 10), 08 ED at 3, 01 at 16, 07 at 20, 03 07 at 24. */
function pkt(n: number): string {
  const b = Buffer.alloc(n, 0x5a);
  b[0] = n - 10;
  b.writeUInt16BE(0x08ed, 3);
  b[16] = 0x01;
  b[20] = 0x07;
  b.writeUInt16BE(0x0307, 24);
  return b.toString('hex');
}
const PKT: CorpusPkt = { frame: 0, from: '192.168.2.100:55460', to: '78.159.118.143:21931', hex: pkt(50) };

test('CryNetwork: the self-describing length and fixed markers', () => {
  const r = drive(crynet, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('CryNetwork'));
});

test('CryNetwork: a wrong length byte or marker is not it; garbage never throws', () => {
  assert.equal(drive(crynet, 17, [{ ...PKT, hex: pkt(50).replace(/^28/, '29') }]).verdict, Verdict.No);
  assert.equal(drive(crynet, 17, [{ ...PKT, hex: pkt(50).slice(0, 48) + '08' + pkt(50).slice(50) }]).verdict, Verdict.No);
  assert.ok(hammer(crynet, 17, [PKT]) > 0);
});
