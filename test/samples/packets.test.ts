// The packet and payload builders produce well-formed bytes (checksums, lengths, seq/ack).
import assert from 'node:assert/strict';
import test from 'node:test';
import { fold16, sum16, toHex } from '../../scripts/support/bytes.js';
import { DNS_A, dnsQuery, dnsResponse } from '../../scripts/support/dns.js';
import { ACK, FIN, ipv4, ipv4Fragments, ipv6, parseIPv6, Path, SYN, tcp, tcpConversation, udp } from '../../scripts/support/packets.js';
import { sshKexInit } from '../../scripts/support/ssh.js';
import { tlsClientHello } from '../../scripts/support/tls.js';

/** Verifies an L4 checksum: the sum over pseudo-header and segment folds to 0. */
function l4ok(src: Uint8Array, dst: Uint8Array, proto: number, seg: Uint8Array): boolean {
  return fold16(sum16(seg, sum16(src) + sum16(dst) + proto + seg.length)) === 0;
}

test('IPv4 header checksum verifies and lengths are right', () => {
  const p = ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 17, id: 0x1234 }, new Uint8Array(30));
  assert.equal(p.length, 50);
  assert.equal((p[2] << 8) | p[3], 50);
  assert.equal(fold16(sum16(p, 0, 0, 20)), 0);
  // The worked example of Wikipedia's "IPv4 header checksum" article: checksum 0xb861.
  const h = ipv4({ src: '192.168.0.1', dst: '192.168.0.199', proto: 17, id: 0, df: true }, new Uint8Array(0x73 - 20));
  assert.equal(toHex(h.subarray(0, 20)), '45000073000040004011b861c0a80001c0a800c7');
});

test('TCP and UDP checksums verify over the pseudo-header (v4 and v6)', () => {
  const s4 = Uint8Array.of(10, 0, 0, 1);
  const d4 = Uint8Array.of(10, 0, 0, 2);
  const t = tcp({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1234, dport: 80, seq: 1, ack: 2, flags: ACK }, Uint8Array.of(1, 2, 3));
  assert.ok(l4ok(s4, d4, 6, t));
  const u6 = udp({ src: '2001:db8::1', dst: '2001:db8::2', sport: 53000, dport: 53 }, Uint8Array.of(9, 8, 7));
  assert.ok(l4ok(parseIPv6('2001:db8::1'), parseIPv6('2001:db8::2'), 17, u6));
  const v6 = ipv6({ src: '2001:db8::1', dst: '2001:db8::2', nextHeader: 17 }, u6);
  assert.equal(v6.length, 40 + u6.length);
  assert.equal(v6[0] >> 4, 6);
});

test('IPv4 fragments split on 8-byte boundaries and rejoin to the datagram', () => {
  const payload = Uint8Array.from({ length: 1500 }, (_, i) => i & 0xff);
  const frags = ipv4Fragments({ src: '1.2.3.4', dst: '5.6.7.8', proto: 17, id: 99 }, payload, 3);
  assert.equal(frags.length, 3);
  const joined = new Uint8Array(1500);
  frags.forEach((f, i) => {
    const word = (f[6] << 8) | f[7];
    assert.equal((word & 0x2000) !== 0, i < 2, 'MF on all but the last');
    assert.equal(fold16(sum16(f, 0, 0, 20)), 0);
    joined.set(f.subarray(20), (word & 0x1fff) * 8);
  });
  assert.deepEqual(joined, payload);
});

test('a DNS response points back at the question name', () => {
  const q = { id: 7, name: 'www.example.com', qtype: DNS_A };
  const query = dnsQuery(q);
  const r = dnsResponse({ ...q, answers: [{ type: DNS_A, data: '1.2.3.4' }] });
  assert.equal(r.length, query.length + 16);
  assert.equal(toHex(r.subarray(query.length)), 'c00c00010001' + '0000012c' + '0004' + '01020304');
  assert.equal((r[2] & 0x80) !== 0, true, 'QR set');
});

test('a TCP conversation keeps sequence and acknowledgement numbers consistent', () => {
  const path = new Path({ cli: '10.0.0.1', srv: '10.0.0.2', cport: 40000, sport: 80 });
  const c = tcpConversation(path, { startUs: 1_000_000, isnCli: 1000, isnSrv: 5000, mss: 100, turns: [{ from: 'cli', data: new Uint8Array(250) }, { from: 'srv', data: new Uint8Array(30) }] });
  let next = { cli: 1000, srv: 5000 };
  let last = 0;
  for (const f of c.frames) {
    assert.ok(f.tUs >= last);
    last = f.tUs;
    const ip = f.data.subarray(14);
    const seg = ip.subarray(20, (ip[2] << 8) | ip[3]);
    const fromCli = ip[15] === 1;
    const seq = ((seg[4] << 24) | (seg[5] << 16) | (seg[6] << 8) | seg[7]) >>> 0;
    const flags = seg[13];
    const len = seg.length - (seg[12] >> 4) * 4;
    const side = fromCli ? 'cli' : 'srv';
    assert.equal(seq, next[side], `seq of frame at ${f.tUs}`);
    next = { ...next, [side]: seq + len + (flags & (SYN | FIN) ? 1 : 0) };
  }
  assert.deepEqual(next, { cli: 1000 + 1 + 250 + 1, srv: 5000 + 1 + 30 + 1 });
});

test('SSH KEXINIT is a padded binary packet', () => {
  const k = sshKexInit();
  const len = ((k[0] << 24) | (k[1] << 16) | (k[2] << 8) | k[3]) >>> 0;
  assert.equal(len + 4, k.length);
  assert.equal(k.length % 8, 0);
  assert.ok(k[4] >= 4);
  assert.equal(k[5], 20);
});

test('a ClientHello record is self-consistent and carries SNI and ALPN', () => {
  const h = tlsClientHello({ sni: 'www.google.com', alpn: ['h2', 'http/1.1'], grease: true });
  assert.equal(h[0], 22);
  assert.equal((h[3] << 8) | h[4], h.length - 5);
  assert.equal(h[5], 1);
  assert.equal((h[6] << 16) | (h[7] << 8) | h[8], h.length - 9);
  assert.ok(Buffer.from(h).includes(Buffer.from('\x00\x00\x0ewww.google.com', 'latin1')));
  assert.ok(Buffer.from(h).includes(Buffer.from('\x02h2\x08http/1.1', 'latin1')));
});
