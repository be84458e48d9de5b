import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Flow } from '../../lib/flow/flow.js';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { dtls, isDtlsRecordHeader } from '../../lib/classify/protocols/dtls.js';
import { l7ProtoName, protocolId } from '../../lib/classify/protocol-table.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { ndpiField, ndpiLine, readFlows, type RawFlow } from './tls-pcap-helper.js';

function udp(flow: Flow, dir: 0 | 1, b: Uint8Array): DissectInput {
  return { flow, dir, data: b, off: 0, len: b.length, packetIndex: 0, transport: 17, sport: 5000, dport: 3478 };
}

/** The DTLS datagrams of stun.pcap's flows (STUN and RTP datagrams in between left out). */
function dtlsFlows(): { rf: RawFlow; dgrams: { dir: 0 | 1; b: Uint8Array }[] }[] {
  return readFlows(corpusFile('stun.pcap'))
    .filter((rf) => rf.proto === 17)
    .map((rf) => ({
      rf,
      dgrams: rf.pkts.filter((p) => isDtlsRecordHeader(p.payload, 0, p.payload.length)).map((p) => ({ dir: p.dir, b: p.payload })),
    }))
    .filter((x) => x.dgrams.length > 0);
}

function run(flow: Flow, dgrams: { dir: 0 | 1; b: Uint8Array }[]): Verdict {
  let v = Verdict.More;
  for (const d of dgrams) {
    v = dtls.dissect(udp(flow, d.dir, d.b));
    if (v === Verdict.Yes || v === Verdict.No) break;
  }
  return v;
}

const fmt = (t?: number) => (t === undefined ? '' : new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19));

test('DTLS handshakes of stun.pcap agree with nDPI', { skip: NO_CORPUS }, () => {
  const out = readFileSync(corpusFile('stun.pcap.out'), 'utf8');
  let compared = 0;
  for (const { rf, dgrams } of dtlsFlows()) {
    const line = ndpiLine(out, rf);
    if (!line || !/proto: [\d.]+\/DTLS/.test(line)) continue;
    const flow = new Flow(1);
    const v = run(flow, dgrams);
    assert.ok(v === Verdict.Yes || v === Verdict.YesMore);
    const t = flow.meta.tls ?? {};
    const pairs: [string | undefined, string | undefined][] = [
      [ndpiField(line, 'JA3C'), t.ja3c],
      [ndpiField(line, 'JA4'), t.ja4],
      [ndpiField(line, 'JA3S'), t.ja3s],
      [ndpiField(line, 'Issuer'), t.issuer],
      [ndpiField(line, 'Subject'), t.subject],
      [ndpiField(line, 'Certificate SHA-1'), t.sha1],
      [ndpiField(line, '(Advertised) ALPNs'), t.alpnOffered?.join(';')],
      [ndpiField(line, 'Validity'), t.notBefore === undefined ? undefined : `${fmt(t.notBefore)} - ${fmt(t.notAfter)}`],
    ];
    for (const [exp, got] of pairs) {
      if (exp === undefined) continue;
      compared++;
      assert.equal(got, exp, line.slice(0, 80));
    }
    assert.equal(flow.l7App, protocolId('DTLS'));
  }
  assert.ok(compared >= 8, `only ${compared} fields compared`);
});

test('a service found before DTLS (STUN.GoogleCall) stays: DTLS.GoogleCall', { skip: NO_CORPUS }, () => {
  const first = dtlsFlows()[0];
  const flow = new Flow(1);
  flow.l7Master = protocolId('STUN');
  flow.l7App = protocolId('GoogleCall');
  run(flow, first.dgrams);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'DTLS.GoogleCall');
});

test('a ClientHello fragmented over three datagrams is put together', { skip: NO_CORPUS }, () => {
  const { dgrams } = dtlsFlows().find((x) => x.dgrams[0].b[13] === 1)!;
  const d = dgrams[0].b;
  const whole = new Flow(1);
  dtls.dissect(udp(whole, 0, d));
  assert.ok(whole.meta.tls?.ja4);
  // record header 13 bytes, handshake header 12, body msgLen
  const msgLen = (d[14] << 16) | (d[15] << 8) | d[16];
  const body = d.subarray(25, 25 + msgLen);
  const cuts = [0, Math.floor(msgLen / 3), Math.floor((2 * msgLen) / 3), msgLen];
  const flow = new Flow(2);
  let v = Verdict.More;
  for (let k = 0; k < 3; k++) {
    const part = body.subarray(cuts[k], cuts[k + 1]);
    const hs = [1, d[14], d[15], d[16], d[17], d[18], cuts[k] >> 16, (cuts[k] >> 8) & 255, cuts[k] & 255, part.length >> 16, (part.length >> 8) & 255, part.length & 255, ...part];
    const rec = Uint8Array.from([...d.subarray(0, 11), hs.length >> 8, hs.length & 255, ...hs]);
    v = dtls.dissect(udp(flow, 0, rec));
    if (k < 2) assert.equal(flow.meta.tls?.ja4, undefined);
  }
  assert.equal(v, Verdict.YesMore);
  assert.equal(flow.meta.tls?.ja4, whole.meta.tls?.ja4);
  assert.equal(flow.meta.tls?.ja3c, whole.meta.tls?.ja3c);
});

test('non-DTLS datagrams are refused', () => {
  for (const b of [Buffer.from('0001000c2112a442', 'hex'), Buffer.from('16030100050100000100', 'hex'), Buffer.alloc(0)]) {
    assert.equal(dtls.dissect(udp(new Flow(1), 0, b)), Verdict.No);
  }
});

test('truncated and mutated DTLS datagrams never throw', { skip: NO_CORPUS }, () => {
  let x = 2024;
  const r = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const valid = new Set([Verdict.No, Verdict.More, Verdict.Yes, Verdict.YesMore]);
  for (const { dgrams } of dtlsFlows()) {
    for (const d of dgrams.slice(0, 6)) {
      for (let n = 0; n <= d.b.length; n += 5) assert.ok(valid.has(dtls.dissect(udp(new Flow(1), d.dir, d.b.subarray(0, n)))));
      for (let iter = 0; iter < 200; iter++) {
        const m = Uint8Array.from(d.b);
        for (let j = 0; j < 4; j++) m[Math.floor(r() * m.length)] = Math.floor(r() * 256);
        assert.ok(valid.has(dtls.dissect(udp(new Flow(1), d.dir, m))));
      }
    }
  }
});

// dtls_mid_sessions.pcapng, first datagram: an application-data record of OpenSSL's early
// DTLS version (01 00), nothing before it
const MID_SESSION_APPDATA =
  '170100000100000000d415005056cb1c4eca90c45400c6be042720fc34c3e1c59b8f8091fe8bbafde123d6a704a098' +
  'ebb097871fb2b064c3464f0006d6b4bffe26ad25d1612739f41432748527ddc2f1cdf1c295ccdcdbbc53c23791b2';

test('an application-data record opening a flow is DTLS at once (mid-session capture)', () => {
  const b = Uint8Array.from(Buffer.from(MID_SESSION_APPDATA, 'hex'));
  assert.equal(b.length, 13 + 0x50);
  const f = new Flow(1);
  assert.equal(dtls.dissect(udp(f, 1, b)), Verdict.Yes);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DTLS');
  // near misses: version 01 01 is no DTLS; a record longer than the datagram neither
  const v = b.slice();
  v[2] = 1;
  assert.equal(dtls.dissect(udp(new Flow(1), 1, v)), Verdict.No);
  assert.equal(dtls.dissect(udp(new Flow(1), 1, b.subarray(0, 60))), Verdict.No);
});

test('DTLS version 01 00 (OpenSSL before RFC 4347) is accepted', () => {
  const hdr = Uint8Array.from(Buffer.from('160100000000000000000000560100004a', 'hex'));
  const b = new Uint8Array(13 + 0x56);
  b.set(hdr);
  assert.ok(isDtlsRecordHeader(b, 0, b.length));
  b[2] = 2;
  assert.ok(!isDtlsRecordHeader(b, 0, b.length));
});

test('DTLS ClientHello of dtls_old_version.pcapng is DTLS', { skip: NO_CORPUS }, () => {
  const rf = readFlows(corpusFile('dtls_old_version.pcapng')).find((r) => r.proto === 17);
  assert.ok(rf);
  const f = new Flow(1);
  const v = run(f, rf.pkts.filter((p) => p.payload.length > 0).map((p) => ({ dir: p.dir, b: p.payload })));
  assert.ok(v === Verdict.Yes || v === Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'DTLS');
});
