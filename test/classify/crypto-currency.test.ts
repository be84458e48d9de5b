/** Syncthing, Monero, Nano, Mining and ETHEREUM dissectors (nDPI's syncthing.c, monero.c,
 * nano.c, mining.c, ethereum.c) on bytes from the corpus captures (Nano: synthesized). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { ethereum } from '../../lib/classify/protocols/ethereum.js';
import { mining } from '../../lib/classify/protocols/mining.js';
import { monero } from '../../lib/classify/protocols/monero.js';
import { nano } from '../../lib/classify/protocols/nano.js';
import { syncthing } from '../../lib/classify/protocols/syncthing.js';
import { bytes, feed, ip4, makeFlow, robustness } from './longtail-feed.js';

const hexOf = (s: string): string => Buffer.from(s, 'latin1').toString('hex');

// syncthing.pcap: announcement start; monero.pcap: Levin handshake start
const SYNCTHING = '2ea7d90b0a2092b76262996294825fc6cce6cf34794288282d73b5ecdf2dcb29bfd484c42d6f1219';
const LEVIN = '0121010101010101060100000000000001e903000000000000010000000100000001110101010102010108096e6f64655f64';
// mining.pcapng: the first request of three pools
const STRATUM = '{"id":1,"method":"mining.subscribe","params":["EWBF 0.3.4b",null,"eu1-zcash.flypool.org","3333"]}\n';
const XMR = '{"method":"login","params":{"login":"4BCe.ryzen","pass":"x","agent":"xmr-stak-cpu/1.3.0-1.5.0"},"id":1}\n';
const ETH_LOGIN = '{"worker": "eth1.0", "jsonrpc": "2.0", "params": ["0x9c99.worker1", "x"], "id": 2, "method": "eth_submitLogin"}\n';
// ethereum.pcap: a discovery PING (hash, signature, type 1, RLP body), 30303 on both sides
const DISC =
  '1cccace90dbd00ea76d6bc296520d71118d36c8ce1c0da61d22742e640a457f1439e13943ff18c642f694358a4638b4a7e056885125d0d5fe3' +
  '85d637264350f277e34e37929c6ec8c65cdbc752f6b713240030944c3e967d15c5bb3cf4dff21f0001dd04cb847f00000182765f82765fc984' +
  '4f16cebd82e9f780845e16205e05';

test('Syncthing: announcement magic; anything else excludes', () => {
  const r = feed(syncthing, makeFlow(17, 54977, 21027), [{ dir: 0, hex: SYNCTHING }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Syncthing'));
  assert.equal(feed(syncthing, makeFlow(17, 1, 21027), [{ dir: 0, hex: '2ea7d90b' }]).verdict, Verdict.No);
  assert.equal(feed(syncthing, makeFlow(17, 1, 21027), [{ dir: 0, hex: '2ea7d90c00' }]).verdict, Verdict.No);
});

test('Monero: Levin signature on the first packet', () => {
  const r = feed(monero, makeFlow(6, 48882, 18080), [{ dir: 0, hex: LEVIN }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Monero'));
  assert.equal(feed(monero, makeFlow(6, 1, 18080), [{ dir: 0, hex: '01210101010101' }]).verdict, Verdict.No);
  assert.equal(feed(monero, makeFlow(6, 1, 18080), [{ dir: 0, hex: '0121010101010102' }]).verdict, Verdict.No);
});

test('Nano: "RC", versions 20/18..20/18..19, message type up to 15', () => {
  const msg = (maxV: number, useV: number, minV: number, type: number): string =>
    hexOf('RC') + Buffer.from([maxV, useV, minV, type, 0, 0]).toString('hex') + '00'.repeat(32);
  const r = feed(nano, makeFlow(6, 50000, 7075), [{ dir: 0, hex: msg(20, 19, 18, 0x0a) }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Nano'));
  for (const bad of [msg(21, 19, 18, 1), msg(20, 17, 18, 1), msg(20, 19, 20, 1), msg(20, 19, 18, 0x10)]) {
    assert.equal(feed(nano, makeFlow(6, 1, 7075), [{ dir: 0, hex: bad }]).verdict, Verdict.No);
  }
});

test('Mining: Stratum subscribe (ZCash), xmr-stak-cpu login, eth_submitLogin', () => {
  for (const [req, currency] of [[STRATUM, 'ZCash'], [XMR, 'ZCash/Monero'], [ETH_LOGIN, 'Ethereum']] as const) {
    const r = feed(mining, makeFlow(6, 46838, 3333), [{ dir: 0, hex: hexOf(req) }]);
    assert.equal(r.verdict, Verdict.Yes, currency);
    assert.equal(r.flow.l7App, protocolId('Mining'));
    assert.equal(r.flow.meta.other?.['mining.currency'], currency);
  }
  assert.equal(feed(mining, makeFlow(6, 1, 3333), [{ dir: 0, hex: hexOf(' ' + STRATUM) }]).verdict, Verdict.No);
  assert.equal(feed(mining, makeFlow(6, 1, 3333), [{ dir: 0, hex: hexOf('{"id":1,"method":"login"}') }]).verdict, Verdict.No);
});

test('ETHEREUM: UDP discovery on 30303, not to broadcast; TCP eth1.0 JSON', () => {
  const r = feed(ethereum, makeFlow(17, 56693, 30303), [{ dir: 0, hex: DISC }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('ETHEREUM'));
  assert.equal(feed(ethereum, makeFlow(17, 56693, 30304), [{ dir: 0, hex: DISC }]).verdict, Verdict.No);
  assert.equal(feed(ethereum, makeFlow(17, 56693, 30303, '10.0.0.1', '255.255.255.255'), [{ dir: 0, hex: DISC }]).verdict, Verdict.No);
  const bad = bytes(DISC);
  bad[97] = 5;
  assert.equal(feed(ethereum, makeFlow(17, 56693, 30303), [bad]).verdict, Verdict.No);
  assert.equal(feed(ethereum, makeFlow(6, 49307, 9999), [{ dir: 0, hex: hexOf(ETH_LOGIN) }]).verdict, Verdict.Yes);
  assert.equal(ip4('255.0.0.1') >>> 24, 255);
});

test('robustness', () => {
  assert.ok(robustness(syncthing, [bytes(SYNCTHING)]) > 0);
  assert.ok(robustness(monero, [bytes(LEVIN)]) > 0);
  assert.ok(robustness(nano, [bytes(hexOf('RC') + '1413120a' + '00'.repeat(40))]) > 0);
  assert.ok(robustness(mining, [bytes(hexOf(STRATUM)), bytes(hexOf(XMR))]) > 0);
  assert.ok(robustness(ethereum, [bytes(DISC), bytes(hexOf(ETH_LOGIN))], [30303, 30303]) > 0);
});

test('BITCOIN: network magic on port 8333 (bitcoin.pcap version message)', async () => {
  const { bitcoin } = await import('../../lib/classify/protocols/bitcoin.js');
  const version = 'f9beb4d976657273696f6e000000000055000000';
  const r = feed(bitcoin, makeFlow(6, 55348, 8333), [{ dir: 0, hex: version }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('BITCOIN'));
  assert.equal(feed(bitcoin, makeFlow(6, 55348, 8334), [{ dir: 0, hex: version }]).verdict, Verdict.No);
  assert.equal(feed(bitcoin, makeFlow(6, 55348, 8333), [{ dir: 0, hex: 'd9b4bef9' }]).verdict, Verdict.No);
  assert.ok(robustness(bitcoin, [bytes(version)], [55348, 8333]) > 0);
});
