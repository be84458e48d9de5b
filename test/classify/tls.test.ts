import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Flow } from '../../lib/flow/flow.js';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { tls } from '../../lib/classify/protocols/tls.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { parseClientHello, parseServerHello, isGrease } from '../../lib/classify/tls/hello.js';
import { ja3c, ja3s, ja4 } from '../../lib/classify/tls/fingerprint.js';
import { parseCertificate } from '../../lib/classify/tls/x509.js';
import { DissectContext } from '../../lib/classify/context.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { compareWithNdpi, readFlows, runDissector, type RawFlow } from './tls-pcap-helper.js';
import { unitRandom as rng } from '../helpers/random.js';

const TLS_NAMES = /^(TLS|IMAPS|SMTPS|POPS)(\.|$)/;

for (const name of [
  '443-firefox.pcap',
  'tls_verylong_certificate.pcap',
  'facebook.pcap',
  'sites.pcapng',
  'netflix.pcap',
  'android.pcap',
  'googledns_android10.pcap',
  'http_ipv6.pcap',
  '6in4tunnel.pcap',
  'KakaoTalk_chat.pcap',
  'ocs.pcap',
]) {
  test(`TLS metadata of ${name} agrees with nDPI`, { skip: NO_CORPUS }, () => {
    const r = compareWithNdpi(corpusFile(name), [tls], TLS_NAMES, l7ProtoName);
    assert.ok(r.flows > 0, 'no TLS flow compared');
    assert.deepEqual(r.mismatches, []);
  });
}

/** Client stream of the first TLS flow of 443-firefox (ClientHello over one record). */
function firstTlsFlow(): RawFlow {
  const rf = readFlows(corpusFile('443-firefox.pcap')).find((f) => f.proto === 6 && f.srvPort === 443);
  assert.ok(rf);
  return rf;
}

function streamOf(rf: RawFlow, dir: 0 | 1): Uint8Array {
  const parts = rf.pkts.filter((p) => p.dir === dir && p.payload.length > 0);
  // this capture has no retransmissions before the handshake ends: concatenate in order
  const out = new Uint8Array(parts.reduce((n, p) => n + p.payload.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p.payload, o);
    o += p.payload.length;
  }
  return out;
}

function input(flow: Flow, dir: 0 | 1, data: Uint8Array, len: number, i: number): DissectInput {
  return { flow, dir, data, off: 0, len, packetIndex: i, transport: 6, sport: dir ? 443 : 53096, dport: dir ? 53096 : 443 };
}

test('records split at every byte give the same metadata as whole records', { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const whole = runDissector(rf, tls).flow.meta.tls;
  assert.ok(whole?.ja3c && whole.ja3s && whole.sha1, 'the reference run found the handshake');
  const cli = streamOf(rf, 0).subarray(0, 600);
  const srv = streamOf(rf, 1).subarray(0, 6000);
  const flow = new Flow(7);
  let v = Verdict.More;
  let k = 0;
  // the client's hello grows 3 bytes at a time, then the server's flight 7 bytes at a time
  for (let n = 3; n <= cli.length && v !== Verdict.Yes; n += 3) v = tls.dissect(input(flow, 0, cli, n, k++));
  assert.equal(v, Verdict.YesMore);
  for (let n = 7; n <= srv.length && v !== Verdict.Yes; n += 7) v = tls.dissect(input(flow, 1, srv, n, k++));
  assert.equal(v, Verdict.Yes);
  assert.deepEqual(flow.meta.tls, whole);
  assert.equal(flow.host, 'www.ntop.org');
});

test("the run's memos (fingerprint digests, parsed certificates) give every flow the same metadata as without them, each its own copy", { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const whole = runDissector(rf, tls).flow.meta.tls;
  assert.ok(whole?.ja3c && whole.ja4 && whole.ja3s && whole.sha1 && whole.sans && whole.sans.length > 0, 'the reference run found the handshake');
  const cli = streamOf(rf, 0);
  const srv = streamOf(rf, 1);
  const ctx = new DissectContext();
  const drive = (): Flow => {
    const flow = new Flow(8);
    let v = tls.dissect({ ...input(flow, 0, cli, cli.length, 0), ctx });
    assert.equal(v, Verdict.YesMore);
    v = tls.dissect({ ...input(flow, 1, srv, srv.length, 1), ctx });
    assert.equal(v, Verdict.Yes);
    return flow;
  };
  const first = drive();
  assert.deepEqual(first.meta.tls, whole);
  assert.equal(ctx.certs.size, 1);
  assert.equal(ctx.digests.md5.size, 2, 'JA3C and JA3S');
  assert.equal(ctx.digests.sha256.size, 2, "JA4's two hashes");
  // a flow's metadata may be cut later (the memory cap): the memo's copy must not follow
  first.meta.tls!.sans!.length = 0;
  const second = drive();
  assert.deepEqual(second.meta.tls, whole);
  assert.notEqual(second.meta.tls!.sans, whole.sans);
  assert.equal(ctx.certs.size, 1);
});

test('a handshake message spanning several records is put together', { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const cli = streamOf(rf, 0);
  const recLen = (cli[3] << 8) | cli[4];
  const body = cli.subarray(5, 5 + recLen);
  // re-frame the ClientHello handshake message into records of 50 bytes
  const chunks: number[] = [];
  for (let i = 0; i < body.length; i += 50) {
    const part = body.subarray(i, Math.min(body.length, i + 50));
    chunks.push(0x16, 3, 1, part.length >> 8, part.length & 255, ...part);
  }
  const stream = Uint8Array.from(chunks);
  const a = new Flow(1);
  assert.equal(tls.dissect(input(a, 0, stream, stream.length, 0)), Verdict.YesMore);
  const b = new Flow(2);
  tls.dissect(input(b, 0, cli, 5 + recLen, 0));
  assert.equal(a.meta.tls?.ja4, b.meta.tls?.ja4);
  assert.equal(a.meta.tls?.ja3c, b.meta.tls?.ja3c);
  assert.equal(a.host, 'www.ntop.org');
});

test('records holding whole messages and the start of the next (read in place, tail kept) give the same metadata', { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const whole = runDissector(rf, tls).flow.meta.tls;
  assert.ok(whole?.ja3s && whole.sha1);
  // the server's handshake bytes (bodies of its handshake records, up to its first other record)
  const srv = streamOf(rf, 1);
  const hs: number[] = [];
  for (let i = 0; i + 5 <= srv.length && srv[i] === 0x16; ) {
    const n = (srv[i + 3] << 8) | srv[i + 4];
    hs.push(...srv.subarray(i + 5, i + 5 + n));
    i += 5 + n;
  }
  assert.ok(hs.length > 1000, 'a server flight longer than one re-framed record');
  for (const size of [97, 1000, 4000]) {
    // records of `size` bytes: each ends inside a message whose start it carries
    const chunks: number[] = [];
    for (let i = 0; i < hs.length; i += size) {
      const part = hs.slice(i, Math.min(hs.length, i + size));
      chunks.push(0x16, 3, 3, part.length >> 8, part.length & 255, ...part);
    }
    const stream = Uint8Array.from(chunks);
    const cli = streamOf(rf, 0);
    const flow = new Flow(3);
    assert.equal(tls.dissect(input(flow, 0, cli, 5 + ((cli[3] << 8) | cli[4]), 0)), Verdict.YesMore);
    assert.equal(tls.dissect(input(flow, 1, stream, stream.length, 1)), Verdict.Yes, `records of ${size}`);
    assert.deepEqual(flow.meta.tls, whole, `records of ${size}`);
  }
});

test('TLS on 993 is IMAPS, on 465 SMTPS, on 995 POPS; the SNI service stays the app', { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const cli = streamOf(rf, 0);
  const n = 5 + ((cli[3] << 8) | cli[4]);
  for (const [port, want] of [
    [993, 'IMAPS'],
    [465, 'SMTPS'],
    [587, 'SMTPS'],
    [995, 'POPS'],
    [443, 'TLS.ntop'],
  ] as const) {
    const flow = new Flow(1);
    const v = tls.dissect({ ...input(flow, 0, cli, n, 0), dport: port });
    assert.equal(v, Verdict.YesMore);
    assert.equal(l7ProtoName(flow.l7Master, flow.l7App), port === 443 ? want : `${want}.ntop`);
  }
});

test('non-TLS streams are refused at once', () => {
  for (const text of ['GET / HTTP/1.1\r\nHost: x\r\n\r\n', 'SSH-2.0-OpenSSH_8.0\r\n', '\x16\x05\x01\x00\x10']) {
    const b = Buffer.from(text, 'latin1');
    assert.equal(tls.dissect(input(new Flow(1), 0, b, b.length, 0)), Verdict.No, JSON.stringify(text));
  }
});

test('GREASE values are recognised', () => {
  assert.ok(isGrease(0x0a0a) && isGrease(0xfafa) && isGrease(0x3a3a));
  assert.ok(!isGrease(0x0a1a) && !isGrease(0x1301) && !isGrease(0x0000));
});

test('truncated and mutated handshakes never throw', { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const cli = streamOf(rf, 0).slice(0, 600);
  const srv = streamOf(rf, 1).slice(0, 6000);
  const valid = new Set([Verdict.No, Verdict.More, Verdict.Yes, Verdict.YesMore]);
  // every truncation point of the client hello and of the server flight
  for (let n = 0; n <= cli.length; n++) {
    const f = new Flow(1);
    assert.ok(valid.has(tls.dissect(input(f, 0, cli, n, 0))));
  }
  for (let n = 0; n <= srv.length; n += 3) {
    const f = new Flow(1);
    tls.dissect(input(f, 0, cli, cli.length, 0));
    assert.ok(valid.has(tls.dissect(input(f, 1, srv, n, 1))));
  }
  // random byte mutations of both directions
  const r = rng(12345);
  for (let iter = 0; iter < 1500; iter++) {
    const c = cli.slice();
    const s = srv.slice();
    const k = 1 + Math.floor(r() * 8);
    for (let j = 0; j < k; j++) {
      c[Math.floor(r() * c.length)] = Math.floor(r() * 256);
      s[Math.floor(r() * s.length)] = Math.floor(r() * 256);
    }
    const f = new Flow(1);
    tls.dissect(input(f, 0, c, c.length, 0));
    assert.ok(valid.has(tls.dissect(input(f, 1, s, s.length, 1))));
    // the parsers directly, on the mutated bodies
    parseClientHello(c, 9, c.length - 9, iter % 2 === 1);
    parseServerHello(s, 9, s.length - 9, false);
    parseCertificate(s, Math.floor(r() * 200), s.length);
  }
});

test('JA3 and JA4 of a hand-built ClientHello', () => {
  // version 0x0303, ciphers GREASE,0x1301,0xc02b; extensions SNI "a.b", ALPN h2, groups, sigalgs
  const ext = (id: number, body: number[]) => [id >> 8, id & 255, body.length >> 8, body.length & 255, ...body];
  const exts = [
    ...ext(0x0a0a, []),
    ...ext(0, [0, 6, 0, 0, 3, 0x61, 0x2e, 0x62]),
    ...ext(16, [0, 3, 2, 0x68, 0x32]),
    ...ext(10, [0, 4, 0x0a, 0x0a, 0, 0x1d]),
    ...ext(11, [1, 0]),
    ...ext(13, [0, 4, 4, 3, 8, 4]),
  ];
  const body = [3, 3, ...new Array(32).fill(7), 0, 0, 6, 0x0a, 0x0a, 0x13, 0x01, 0xc0, 0x2b, 1, 0, exts.length >> 8, exts.length & 255, ...exts];
  const ch = parseClientHello(Uint8Array.from(body), 0, body.length, false);
  assert.ok(ch);
  assert.equal(ch.sni, 'a.b');
  assert.deepEqual(ch.alpn, ['h2']);
  assert.deepEqual(ch.groups, [0x0a0a, 0x1d]);
  assert.deepEqual(ch.sigAlgs, [0x0403, 0x0804]);
  // JA3 string: 771,4865-49195,0-16-10-11-13,29,0 (GREASE out)
  assert.equal(ja3c(ch), createHash('md5').update('771,4865-49195,0-16-10-11-13,29,0').digest('hex'));
  const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
  // nDPI 4.11's ALPN characters: first two of the list minus its last character → "h0"
  assert.equal(ja4(ch, 't'), `t12d0205h0_${sha('1301,c02b')}_${sha('000a,000b,000d_0403,0804')}`);
});

test('JA3, JA3S and JA4 of hellos with the longest lists (512 values, 5-digit decimals) and none', () => {
  const u16 = (v: number) => [v >> 8, v & 255];
  const ext = (id: number, body: number[]) => [...u16(id), ...u16(body.length), ...body];
  // 512 ciphers from 65535 down (GREASE among them), 300 groups, 255 point formats, 400 sigalgs
  const ciphers = Array.from({ length: 512 }, (_, i) => 65535 - i * 97);
  const groups = Array.from({ length: 300 }, (_, i) => 10000 + i * 3);
  const points = Array.from({ length: 255 }, (_, i) => 255 - i);
  const sigs = Array.from({ length: 400 }, (_, i) => (i * 331) & 0xffff);
  const extIds = Array.from({ length: 60 }, (_, i) => 60000 - i * 1000);
  const exts = [
    ...ext(10, [...u16(groups.length * 2), ...groups.flatMap(u16)]),
    ...ext(11, [points.length, ...points]),
    ...ext(13, [...u16(sigs.length * 2), ...sigs.flatMap(u16)]),
    ...extIds.flatMap((id) => ext(id, [])),
  ];
  const body = [3, 3, ...new Array(32).fill(7), 0, ...u16(ciphers.length * 2), ...ciphers.flatMap(u16), 1, 0, ...u16(exts.length), ...exts];
  const ch = parseClientHello(Uint8Array.from(body), 0, body.length, false);
  assert.ok(ch);
  assert.equal(ch.ciphers.length, 512);
  const md5 = (s: string) => createHash('md5').update(s).digest('hex');
  const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);
  const noGrease = (v: number[]) => v.filter((x) => !isGrease(x));
  const extList = [10, 11, 13, ...extIds];
  const ja3Text = [771, noGrease(ciphers).join('-'), noGrease(extList).join('-'), noGrease(groups).join('-'), points.join('-')].join(',');
  assert.equal(ja3c(ch), md5(ja3Text));
  const hex = (v: number) => v.toString(16).padStart(4, '0');
  const sorted = (v: number[]) => [...v].sort((a, b) => a - b).map(hex).join(',');
  const nc = noGrease(ciphers).length;
  const ne = noGrease(extList).length;
  assert.equal(
    ja4(ch, 't'),
    `t12d${nc > 99 ? 99 : nc}${ne > 99 ? 99 : String(ne).padStart(2, '0')}00_${sha(sorted(noGrease(ciphers)))}_${sha(`${sorted(noGrease(extList))}_${sigs.map(hex).join(',')}`)}`,
  );
  // a hello with no cipher and no extension at all
  const bare = [3, 1, ...new Array(32).fill(0), 0, 0, 0, 1, 0];
  const ch0 = parseClientHello(Uint8Array.from(bare), 0, bare.length, false);
  assert.ok(ch0);
  assert.equal(ja3c(ch0), md5('769,,,,'));
  assert.equal(ja4(ch0, 'd'), `d10d000000_${sha('')}_${sha('')}`);
  const shBody = Uint8Array.from([3, 3, ...new Array(32).fill(1), 0, 0xc0, 0x2f, 0, 0, 9, ...ext(65281, [0]), ...ext(11, [])]);
  const sh = parseServerHello(shBody, 0, shBody.length, false);
  assert.ok(sh);
  assert.deepEqual(sh.extensions, [65281, 11]);
  assert.equal(ja3s(sh), md5('771,49199,65281-11'));
});

test('a handshake message over the 64 KiB limit is not buffered', { skip: NO_CORPUS }, () => {
  const rf = firstTlsFlow();
  const cli = streamOf(rf, 0);
  const n = 5 + ((cli[3] << 8) | cli[4]);
  const flow = new Flow(1);
  assert.equal(tls.dissect(input(flow, 0, cli, n, 0)), Verdict.YesMore);
  // server: records carrying a Certificate message that claims 1 MiB
  const parts: number[] = [];
  const first = [11, 0x10, 0, 0, ...new Array(100).fill(0x30)];
  parts.push(0x16, 3, 3, 0, first.length, ...first);
  let v = Verdict.YesMore;
  let k = 1;
  for (let i = 0; i < 8 && v === Verdict.YesMore; i++) {
    const rec = new Array(16000).fill(0x41);
    parts.push(0x16, 3, 3, rec.length >> 8, rec.length & 255, ...rec);
    const b = Uint8Array.from(parts);
    v = tls.dissect(input(flow, 1, b, b.length, k++));
  }
  // the claim alone ends the look at the server's handshake; the verdict stands
  assert.equal(v, Verdict.Yes);
  assert.equal(flow.meta.tls?.subject, undefined);
  assert.equal(flow.meta.tls?.sni, 'www.ntop.org');
});

test('record headers as nDPI checks them: content types 20–26, major version 3, any minor', () => {
  const run = (bytes: number[]) => {
    const f = new Flow(1);
    const b = Uint8Array.from(bytes);
    return { v: tls.dissect(input(f, 0, b, b.length, 0)), f };
  };
  // a lone ChangeCipherSpec (one byte) opening the stream is TLS (a resumed session seen late)
  const ccs = run([20, 3, 3, 0, 1, 1]);
  assert.equal(ccs.v, Verdict.Yes);
  assert.equal(l7ProtoName(ccs.f.l7Master, ccs.f.l7App), 'TLS');
  // a heartbeat record (24) is walked over, then application data says TLS; minor version 5 too
  assert.equal(run([24, 3, 5, 0, 3, 1, 0, 0, 23, 3, 5, 0, 2, 9, 9]).v, Verdict.Yes);
  // near misses: content type 27, major version 2, a two-byte CCS
  assert.equal(run([27, 3, 3, 0, 1, 1]).v, Verdict.No);
  assert.equal(run([22, 2, 0, 0, 1, 1]).v, Verdict.No);
  assert.equal(run([20, 3, 3, 0, 2, 1, 1]).v, Verdict.More);
});
