import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hsrp } from '../../lib/classify/protocols/hsrp.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// hsrp2_ipv6.pcapng: HSRPv2 over IPv6 to ff02::66
const V6 = '0128020004060010aabbcc000120000000690000271000004e20fe80000000000000000573fffea00010041c01000000000000010000000051d1ec51ab34509ab2e33188ca4fee3b';
// HSRPv0 hello to 224.0.0.2 (version 0, op 0, state 16, …, reserved 0, "cisco" key, VIP)
const V0 = '000010030a786400636973636f000000c0a80101';
// HSRPv2 group state TLV (version 2, IPv4) to 224.0.0.102
const V2 = '0128020004040001aabbcc000001000000640000271000004e20c0a80101' + '00'.repeat(12);

function v6Flow() {
  const f = makeFlow(17, 2029, 2029);
  f.ipVersion = 6;
  f.cli.splice(0, 4, 0xfe800000, 0, 0, 1);
  f.srv.splice(0, 4, 0xff020000, 0, 0, 0x66);
  return f;
}

test('IPv6 HSRP to ff02::66 on port 2029', () => {
  const r = feed(hsrp, v6Flow(), [{ dir: 0, hex: V6 }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HSRP'));
});

test('IPv4 version 0 to 224.0.0.2 and version 2 to 224.0.0.102', () => {
  assert.equal(feed(hsrp, makeFlow(17, 1985, 1985, '192.168.1.2', '224.0.0.2'), [{ dir: 0, hex: V0 }]).verdict, Verdict.Yes);
  assert.equal(feed(hsrp, makeFlow(17, 1985, 1985, '192.168.1.2', '224.0.0.102'), [{ dir: 0, hex: V2 }]).verdict, Verdict.Yes);
  // to the other group address, or from another port: refused
  assert.equal(feed(hsrp, makeFlow(17, 1985, 1985, '192.168.1.2', '224.0.0.102'), [{ dir: 0, hex: V0 }]).verdict, Verdict.No);
  assert.equal(feed(hsrp, makeFlow(17, 1986, 1985, '192.168.1.2', '224.0.0.2'), [{ dir: 0, hex: V0 }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(hsrp, [bytes(V6), bytes(V0), bytes(V2)], [1985, 1985]) > 0);
  assert.ok(robustness(hsrp, [bytes(V6)], [2029, 2029]) > 0);
});
