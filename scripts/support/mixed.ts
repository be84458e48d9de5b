/**
 * The content of samples/mixed.*: a realistic mix of flows on one Ethernet link, with fixed
 * timestamps from 2024-01-01T00:00:00Z. Every byte is derived from constants (deterministic).
 */
import { ascii, ByteWriter, concat, Prng } from './bytes.js';
import { DNS_A, DNS_AAAA, DNS_CNAME, dnsOverTcp, dnsQuery, dnsResponse, type DnsAnswer, type DnsQueryOpts } from './dns.js';
import { basicAuth, httpRequest, httpResponse } from './http.js';
import { type Frame, Path, type PathOpts, tcpConversation, type TcpTurn } from './packets.js';
import { quicClientInitial, quicServerInitial } from './quic.js';
import { sshBanner, sshKexInit } from './ssh.js';
import { tlsAppData, tlsClientHello, tlsRecord, tlsServerFlight } from './tls.js';

/** 2024-01-01T00:00:00Z in microseconds. */
export const MIXED_START_US = Date.UTC(2024, 0, 1) * 1000;

const CLIENT = '192.168.1.10';
const CLIENT6 = '2001:db8:1::10';

/** Bytes the large upload sends client → server (TLS application data, record headers included). */
export const UPLOAD_BYTES = 2 * 1024 * 1024;

const at = (sec: number) => MIXED_START_US + Math.round(sec * 1e6);

function dnsUdp(frames: Frame[], path: Path, tSec: number, q: DnsQueryOpts, answers: DnsAnswer[], rttUs = 12000): void {
  frames.push({ tUs: at(tSec), data: path.udp(true, dnsQuery(q)) });
  frames.push({ tUs: at(tSec) + rttUs, data: path.udp(false, dnsResponse({ ...q, answers })) });
}

function conv(frames: Frame[], path: Path, tSec: number, turns: TcpTurn[], extra: { rttUs?: number; mss?: number; close?: 'fin' | 'rst'; isn?: number } = {}): void {
  const isn = extra.isn ?? Math.floor(tSec * 7919) * 104729;
  const c = tcpConversation(path, { startUs: at(tSec), turns, rttUs: extra.rttUs, mss: extra.mss, close: extra.close, isnCli: isn, isnSrv: isn * 31 + 17 });
  frames.push(...c.frames);
}

function path(o: Partial<PathOpts> & { srv: string; cport: number; sport: number }, seed: number): Path {
  return new Path({ cli: o.cli ?? (o.srv.includes(':') ? CLIENT6 : CLIENT), ...o }, seed);
}

function htmlBody(title: string, size: number): Uint8Array {
  const head = `<!doctype html>\n<html><head><title>${title}</title></head><body>\n`;
  const tail = '</body></html>\n';
  let mid = '';
  for (let i = 0; head.length + mid.length + tail.length < size; i++) mid += `<p>Paragraph ${i} of ${title}.</p>\n`;
  return ascii(head + mid + tail);
}

/** SSH: both banners, both KEXINITs, then a few opaque (encrypted) packets each way. */
function sshTurns(seed: number): TcpTurn[] {
  const rnd = new Prng(seed);
  return [
    { from: 'srv', data: sshBanner('OpenSSH_9.6p1', 'Ubuntu-3ubuntu13') },
    { from: 'cli', data: sshBanner('OpenSSH_9.6') },
    { from: 'cli', data: sshKexInit({ seed }) },
    { from: 'srv', data: sshKexInit({ seed: seed + 1, kex: ['curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'kex-strict-s-v00@openssh.com'] }) },
    { from: 'cli', data: rnd.bytes(48) },
    { from: 'srv', data: rnd.bytes(564) },
    { from: 'cli', data: rnd.bytes(16) },
    { from: 'cli', data: rnd.bytes(68) },
    { from: 'srv', data: rnd.bytes(68) },
    { from: 'cli', data: rnd.bytes(612) },
    { from: 'srv', data: rnd.bytes(36) },
  ];
}

/** A TLS session: ClientHello, the server's flight, then application data each way. */
function tlsTurns(hello: Uint8Array, flight: Uint8Array, seed: number, up = 620, down = 5200): TcpTurn[] {
  const rnd = new Prng(seed);
  return [
    { from: 'cli', data: hello },
    { from: 'srv', data: flight },
    { from: 'cli', data: concat([tlsRecord(20, Uint8Array.of(1)), tlsRecord(23, rnd.bytes(53))]) },
    { from: 'cli', data: tlsAppData(up, seed + 1) },
    { from: 'srv', data: tlsAppData(down, seed + 2) },
  ];
}

/** The large upload: 16 KiB records of one repeated opaque block (so the .gz stays small). */
function uploadData(): Uint8Array {
  const block = tlsRecord(23, new Prng(77).bytes(16384 - 5));
  const n = Math.ceil(UPLOAD_BYTES / block.length);
  const out = new Uint8Array(n * block.length);
  for (let i = 0; i < n; i++) out.set(block, i * block.length);
  return out.subarray(0, UPLOAD_BYTES);
}

export function mixedFrames(): Frame[] {
  const f: Frame[] = [];

  // 1. DNS over UDP, then TLS 1.3 to the answer with SNI www.google.com (→ TLS.Google).
  const dnsG = path({ srv: '8.8.8.8', cport: 53211, sport: 53 }, 0x2001);
  dnsUdp(f, dnsG, 0.0, { id: 0x1a2b, name: 'www.google.com', qtype: DNS_A }, [{ type: DNS_A, data: '142.250.185.68' }]);
  const tlsG = path({ srv: '142.250.185.68', cport: 49152, sport: 443 }, 0x2002);
  conv(f, tlsG, 0.05, tlsTurns(tlsClientHello({ sni: 'www.google.com', alpn: ['h2', 'http/1.1'], grease: true, seed: 11 }), tlsServerFlight({ seed: 12 }), 13));

  // 2. DNS, then plain HTTP with a response.
  const dnsE = path({ srv: '1.1.1.1', cport: 53212, sport: 53 }, 0x2003);
  dnsUdp(f, dnsE, 1.0, { id: 0x2b3c, name: 'example.com', qtype: DNS_A }, [{ type: DNS_A, data: '93.184.216.34' }], 9000);
  const http = path({ srv: '93.184.216.34', cport: 49153, sport: 80 }, 0x2004);
  conv(f, http, 1.02, [
    { from: 'cli', data: httpRequest({ path: '/index.html', host: 'example.com' }) },
    { from: 'srv', data: httpResponse({ server: 'ECAcc (nyd/D184)', contentType: 'text/html; charset=UTF-8', body: htmlBody('Example Domain', 3000) }) },
  ], { rttUs: 80000 });

  // 3. HTTP with Basic credentials to a LAN device.
  const auth = path({ srv: '192.168.1.1', cport: 49154, sport: 80, srvMac: '00:1d:7e:11:22:33', srvTtl: 64 }, 0x2005);
  conv(f, auth, 2.0, [
    { from: 'cli', data: httpRequest({ path: '/admin/status.cgi', host: '192.168.1.1', userAgent: 'curl/8.5.0', headers: [`Authorization: ${basicAuth('admin', 'secret123')}`] }) },
    { from: 'srv', data: httpResponse({ server: 'lighttpd/1.4.59', contentType: 'application/json', body: ascii('{"uptime":86400,"wan":"up","clients":7}\n') }) },
  ], { rttUs: 1500 });

  // 4. TLS 1.2 ClientHello without SNI (a client that connects by address).
  const noSni = path({ srv: '203.0.113.50', cport: 49155, sport: 443 }, 0x2006);
  conv(f, noSni, 3.0, tlsTurns(tlsClientHello({ tls13: false, alpn: ['http/1.1'], seed: 21 }), tlsServerFlight({ tls13: false, alpn: 'http/1.1', seed: 22 }), 23, 300, 900), { rttUs: 40000 });

  // 5. SSH on port 22 (LAN) and on port 2222 (a public host).
  const ssh22 = path({ srv: '192.168.1.30', cport: 50022, sport: 22, srvMac: '00:1d:7e:44:55:66' }, 0x2007);
  conv(f, ssh22, 4.0, sshTurns(31), { rttUs: 800 });
  const ssh2222 = path({ srv: '198.51.100.7', cport: 50023, sport: 2222 }, 0x2008);
  conv(f, ssh2222, 5.0, sshTurns(41), { rttUs: 60000 });

  // 6. QUIC: the client's Initial (SNI www.youtube.com, ALPN h3), the server's Initial, then short-header packets.
  const quic = path({ srv: '142.250.186.46', cport: 51000, sport: 443 }, 0x2009);
  const dcid = Uint8Array.of(0x5f, 0x2c, 0x91, 0x0e, 0x47, 0xb3, 0xd8, 0x66);
  const scid = Uint8Array.of(0xc4, 0x19, 0x7a, 0x02);
  const sscid = Uint8Array.of(0xe1, 0x58, 0x30, 0x9d, 0x2a, 0x44, 0x7b, 0x10);
  f.push({ tUs: at(6.0), data: quic.udp(true, quicClientInitial({ dcid, scid, sni: 'www.youtube.com', alpn: ['h3'], seed: 51 })) });
  f.push({ tUs: at(6.018), data: quic.udp(false, quicServerInitial({ clientDcid: dcid, clientScid: scid, serverScid: sscid, seed: 52 })) });
  const qr = new Prng(53);
  for (let i = 0; i < 6; i++) {
    const fromCli = i % 3 === 0;
    const cid = fromCli ? sscid : scid;
    const body = new ByteWriter().u8(0x40 | (qr.next() & 0x1f)).bytes(cid).bytes(qr.bytes(fromCli ? 40 + i * 10 : 1100 - i * 50)).finish();
    f.push({ tUs: at(6.02 + i * 0.004), data: quic.udp(fromCli, body) });
  }

  // 7. ICMP echo request/reply, four times a second apart.
  const ping = path({ srv: '1.1.1.1', cport: 0, sport: 0 }, 0x200a);
  for (let i = 0; i < 4; i++) {
    const data = new ByteWriter().u32(0x6592).u32(i).bytes(ascii('abcdefghijklmnopqrstuvwabcdefghi')).finish();
    f.push({ tUs: at(7.0 + i), data: ping.icmpEcho(true, 0x1f2e, i + 1, data) });
    f.push({ tUs: at(7.0 + i) + 9500, data: ping.icmpEcho(false, 0x1f2e, i + 1, data) });
  }

  // 8. A VLAN-tagged flow (802.1Q id 100): HTTP inside a lab network.
  const vlan = path({ cli: '10.10.100.5', srv: '10.10.100.20', cport: 40000, sport: 80, vlan: 100, cliMac: '00:50:56:0a:0b:0c', srvMac: '00:50:56:0d:0e:0f' }, 0x200b);
  conv(f, vlan, 8.0, [
    { from: 'cli', data: httpRequest({ path: '/health', host: 'lab-web.internal', userAgent: 'kube-probe/1.29' }) },
    { from: 'srv', data: httpResponse({ server: 'Apache/2.4.58 (Debian)', contentType: 'text/plain', body: ascii('OK\n') }) },
  ], { rttUs: 400 });

  // 9. IPv6: DNS (AAAA) and HTTPS with SNI.
  const dns6 = path({ srv: '2001:4860:4860::8888', cport: 53213, sport: 53 }, 0x200c);
  dnsUdp(f, dns6, 9.0, { id: 0x3c4d, name: 'www.wikipedia.org', qtype: DNS_AAAA }, [
    { type: DNS_CNAME, data: 'dyna.wikimedia.org' },
    { type: DNS_AAAA, data: '2a02:ec80:300:ed1a::1' },
  ], 15000);
  const tls6 = path({ srv: '2a02:ec80:300:ed1a::1', cport: 49156, sport: 443 }, 0x200d);
  conv(f, tls6, 9.05, tlsTurns(tlsClientHello({ sni: 'www.wikipedia.org', alpn: ['h2', 'http/1.1'], seed: 61 }), tlsServerFlight({ seed: 62 }), 63), { rttUs: 30000 });

  // 10. A DNS response in two IPv4 fragments (a long answer list).
  const frag = path({ srv: '9.9.9.9', cport: 53214, sport: 53 }, 0x200e);
  const fq = { id: 0x4d5e, name: 'mirrors.example.org', qtype: DNS_A };
  const many: DnsAnswer[] = [];
  for (let i = 0; i < 96; i++) many.push({ type: DNS_A, data: `198.18.${i >> 4}.${(i * 13) & 0xff}`, ttl: 60 });
  f.push({ tUs: at(10.0), data: frag.udp(true, dnsQuery(fq)) });
  const frags = frag.udpFragments(false, dnsResponse({ ...fq, answers: many }), 2);
  frags.forEach((data, i) => f.push({ tUs: at(10.0) + 14000 + i * 20, data }));

  // 11. DNS to a server port other than 53 (UDP 5300).
  const odd = path({ srv: '192.168.1.53', cport: 53215, sport: 5300, srvMac: '00:1d:7e:77:88:99' }, 0x200f);
  dnsUdp(f, odd, 11.0, { id: 0x5e6f, name: 'printer.lan', qtype: DNS_A }, [{ type: DNS_A, data: '192.168.1.40' }], 700);

  // 12. DNS over TCP.
  const dnsT = path({ srv: '8.8.4.4', cport: 49157, sport: 53 }, 0x2010);
  const tq = { id: 0x6f70, name: 'www.github.com', qtype: DNS_A };
  conv(f, dnsT, 12.0, [
    { from: 'cli', data: dnsOverTcp(dnsQuery(tq)) },
    { from: 'srv', data: dnsOverTcp(dnsResponse({ ...tq, answers: [{ type: DNS_CNAME, data: 'github.com' }, { type: DNS_A, data: '140.82.121.4' }] })) },
  ], { rttUs: 12000 });

  // 13. A large upload to a public address on 443 (TLS 1.3 with SNI).
  const up = path({ srv: '52.84.150.10', cport: 49158, sport: 443 }, 0x2011);
  conv(f, up, 13.0, [
    { from: 'cli', data: tlsClientHello({ sni: 'uploads.example.com', alpn: ['http/1.1'], seed: 71 }) },
    { from: 'srv', data: tlsServerFlight({ seed: 72 }, 3100) },
    { from: 'cli', data: concat([tlsRecord(20, Uint8Array.of(1)), tlsRecord(23, new Prng(73).bytes(53))]) },
    { from: 'cli', data: uploadData() },
    { from: 'srv', data: tlsAppData(420, 74) },
  ], { rttUs: 25000 });

  // 14. A long one-way UDP flow: ten minutes of syslog to a collector, never answered.
  const sys = path({ srv: '192.168.1.5', cport: 40514, sport: 514, srvMac: '00:1d:7e:aa:bb:cc' }, 0x2012);
  for (let i = 0; i <= 300; i++) {
    const sec = 20 + i * 2;
    const mm = String(Math.floor(sec / 60)).padStart(2, '0');
    const ss = String(sec % 60).padStart(2, '0');
    const msg = `<134>Jan  1 00:${mm}:${ss} ws-10 app[4242]: heartbeat seq=${i} status=ok load=0.${(i * 37) % 100}`;
    f.push({ tUs: at(sec), data: sys.udp(true, ascii(msg)) });
  }

  // Capture order is time order (stable for equal times).
  return f.sort((a, b) => a.tUs - b.tUs);
}
