import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { openvpn } from '../../lib/classify/protocols/openvpn.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, noise, robustness } from './longtail-feed.js';

// openvpn.pcap frames 1-3 (UDP, no tls-auth): client HARD_RESET_V2, server HARD_RESET_V2
// (acks the client's packet 0 and names the client's session id), client ACK
const CLIENT_RESET = '38334857703d96db390000000000';
const SERVER_RESET = '40d31c3a6964602fa00100000000334857703d96db3900000000';
const CLIENT_ACK = '28334857703d96db390100000000d31c3a6964602fa0';
// openvpn.pcap frames 25, 27 (TCP, 16-bit length prefix)
const TCP_CLIENT = '000e38507a28a78275788d0000000000';
const TCP_SERVER = '001a409ad747beb24d8a1b0100000000507a28a78275788d00000000';

test('openvpn.pcap: every flow is OpenVPN by DPI, the one to a NordVPN address OpenVPN.NordVPN, as nDPI says', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('openvpn.pcap'));
  assert.equal(vs.length, 10);
  let nord = 0;
  for (const v of vs) {
    assert.equal(v.ours, v.ndpi, `${v.rf.cliPort}->${v.rf.srvPort}`);
    assert.equal(v.flow.confidence, 'dpi');
    if (v.ours === 'OpenVPN.NordVPN') {
      nord++;
      assert.match(v.line, /\[IP: 426\/NordVPN\]/);
    }
  }
  assert.equal(nord, 1);
});

test('UDP: the server reset names the client session id', () => {
  const r = feed(openvpn, makeFlow(17, 60201, 443), [
    { dir: 0, hex: CLIENT_RESET },
    { dir: 1, hex: SERVER_RESET },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 2);
  assert.equal(r.flow.l7App, 159);
});

test('UDP one-way: a reset and a later ACK with the same session id', () => {
  const r = feed(openvpn, makeFlow(17, 60201, 443), [
    { dir: 0, hex: CLIENT_RESET },
    { dir: 0, hex: CLIENT_ACK },
  ]);
  assert.equal(r.verdict, Verdict.Yes);
});

test('TCP: length-prefixed packets, also when both arrive in one segment', () => {
  assert.equal(
    feed(openvpn, makeFlow(6, 39772, 1194), [{ dir: 0, hex: TCP_CLIENT }, { dir: 1, hex: TCP_SERVER }]).verdict,
    Verdict.Yes,
  );
  const client2 = '001628507a28a78275788d01000000009ad747beb24d8a1b';
  assert.equal(feed(openvpn, makeFlow(6, 39772, 1194), [{ dir: 0, hex: TCP_CLIENT + client2 }]).verdict, Verdict.Yes);
});

test('look-alikes are refused: repeated datagrams, DTLS, wrong key id, session id mismatch', () => {
  // the same datagram twice (a retransmission of any protocol repeats its first bytes)
  const coap = '40011234b474657374';
  const twice = feed(openvpn, makeFlow(17, 40000, 5683), [{ dir: 0, hex: coap + '00000000000000' }, { dir: 0, hex: coap + '00000000000000' }]);
  assert.notEqual(twice.verdict, Verdict.Yes);
  // DTLS ClientHello: 0x16 is opcode 2 (the deprecated V1 server reset)
  const dtls = '16fefd0000000000000000007c010000700000000000000070fefd';
  assert.equal(feed(openvpn, makeFlow(17, 40000, 443), [{ dir: 0, hex: dtls }, { dir: 1, hex: dtls }], [0, 1]).verdict, Verdict.No);
  // key id 1 on a hard reset
  assert.equal(feed(openvpn, makeFlow(17, 1, 2), [{ dir: 0, hex: '39' + CLIENT_RESET.slice(2) }, { dir: 1, hex: '41' + SERVER_RESET.slice(2) }]).verdict, Verdict.No);
  // an ACK with another session id proves nothing
  const other = feed(openvpn, makeFlow(17, 1, 2), [{ dir: 0, hex: CLIENT_RESET }, { dir: 0, hex: '28' + 'aa'.repeat(8) + CLIENT_ACK.slice(18) }]);
  assert.notEqual(other.verdict, Verdict.Yes);
  for (let k = 1; k < 40; k++) assert.notEqual(feed(openvpn, makeFlow(17, 1, 2), [noise(60, k), noise(60, k + 50), noise(60, k + 90)], [0, 1, 0]).verdict, Verdict.Yes);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(openvpn, [CLIENT_RESET, SERVER_RESET, CLIENT_ACK, TCP_CLIENT, TCP_SERVER].map(bytes), [40000, 1194]) > 0);
});
