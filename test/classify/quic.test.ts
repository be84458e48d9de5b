import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { Flow } from '../../lib/flow/flow.js';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { quic } from '../../lib/classify/protocols/quic.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { QUIC_V1, QUIC_V2, clientInitialKeys, headerMask, hkdfExpandLabel } from '../../lib/classify/quic/initial.js';
import { CryptoStream, readInitialFrames } from '../../lib/classify/quic/frames.js';
import { findChlo } from '../../lib/classify/quic/gquic.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { compareWithNdpi, readFlows } from './tls-pcap-helper.js';
import { unitRandom as rng } from '../helpers/random.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const RFC_DCID = hex('8394c8f03e515708');

test('RFC 9001 A.1: client Initial keys of QUIC v1', () => {
  const k = clientInitialKeys(QUIC_V1, RFC_DCID);
  assert.ok(k);
  assert.equal(k.key.toString('hex'), '1f369613dd76d5467730efcbe3b1a22d');
  assert.equal(k.iv.toString('hex'), 'fa044b2f42a3fd3b46fb255c');
  assert.equal(k.hp.toString('hex'), '9f50449e04a0e810283a1e9933adedd2');
});

test('RFC 9369 A.1: client Initial keys of QUIC v2', () => {
  const k = clientInitialKeys(QUIC_V2, RFC_DCID);
  assert.ok(k);
  assert.equal(k.key.toString('hex'), '8b1a0bc121284290a29e0971b5cd045d');
  assert.equal(k.iv.toString('hex'), '91f73e2351d8fa91660e909f');
  assert.equal(k.hp.toString('hex'), '45b95e15235d6f45a6b19cbcb0294ba9');
});

test('RFC 8448-style HKDF-Expand-Label and RFC 9001 A.2 header-protection mask', () => {
  // RFC 9001 A.1: client_initial_secret → "quic key" above; here the server side of A.1
  const k = clientInitialKeys(QUIC_V1, RFC_DCID)!;
  const mask = headerMask(k.hp, hex('d1b1c98dd7689fb8ec11d242b123dc9b'));
  assert.equal(mask.subarray(0, 5).toString('hex'), '437b9aec36');
  assert.equal(hkdfExpandLabel(Buffer.alloc(32), 'quic key', 16).length, 16);
});

test('unknown and draft versions: salts as nDPI picks them', () => {
  assert.equal(clientInitialKeys(0x12345678, RFC_DCID), null);
  // drafts before 23 and unknown mvfst flavours are not decrypted
  assert.equal(clientInitialKeys(0xff000016, RFC_DCID), null);
  assert.equal(clientInitialKeys(0xfaceb010, RFC_DCID), null);
  // mvfst-exp counts as draft 27: the draft-23 salt
  assert.deepEqual(clientInitialKeys(0xfaceb00e, RFC_DCID)!.key, clientInitialKeys(0xff00001b, RFC_DCID)!.key);
  // drafts 29–32 share a salt, 23–28 another: keys differ between the two groups
  const d29 = clientInitialKeys(0xff00001d, RFC_DCID)!;
  const d32 = clientInitialKeys(0xff000020, RFC_DCID)!;
  const d28 = clientInitialKeys(0xff00001c, RFC_DCID)!;
  assert.deepEqual(d29.key, d32.key);
  assert.notDeepEqual(d29.key, d28.key);
});

// --- building protected Initial packets (an independent implementation of RFC 9001 §5) ---

function varint2(n: number): number[] {
  return [0x40 | (n >> 8), n & 255];
}

function buildInitial(version: number, dcid: Uint8Array, frames: number[], pn: number, padTo = 1200, keyDcid: Uint8Array = dcid): Buffer {
  const k = clientInitialKeys(version, keyDcid)!;
  const pnLen = 2;
  const typeBits = version === QUIC_V2 ? 1 : 0;
  const headLen = 1 + 4 + 1 + dcid.length + 1 + 1 + 2 + pnLen;
  const payloadLen = Math.max(frames.length, padTo - headLen - 16);
  const payload = Buffer.alloc(payloadLen); // zero = PADDING frames
  payload.set(frames);
  const header = Buffer.from([
    0xc0 | (typeBits << 4) | (pnLen - 1),
    version >>> 24,
    (version >>> 16) & 255,
    (version >>> 8) & 255,
    version & 255,
    dcid.length,
    ...dcid,
    0, // scid
    0, // token
    ...varint2(pnLen + payloadLen + 16),
    pn >> 8,
    pn & 255,
  ]);
  const nonce = Buffer.from(k.iv);
  nonce[10] ^= pn >> 8;
  nonce[11] ^= pn & 255;
  const gcm = createCipheriv('aes-128-gcm', k.key, nonce);
  gcm.setAAD(header);
  const ct = Buffer.concat([gcm.update(payload), gcm.final(), gcm.getAuthTag()]);
  const pkt = Buffer.concat([header, ct]);
  const pnOff = header.length - pnLen;
  const ecb = createCipheriv('aes-128-ecb', k.hp, null);
  ecb.setAutoPadding(false);
  const mask = ecb.update(pkt.subarray(pnOff + 4, pnOff + 20));
  pkt[0] ^= mask[0] & 0x0f;
  pkt[pnOff] ^= mask[1];
  pkt[pnOff + 1] ^= mask[2];
  return pkt;
}

/** A TLS 1.3 ClientHello (handshake message) with SNI, ALPN h3 and Google's user agent. */
function clientHello(sni: string, oldParams = false, alpn = 'h3'): number[] {
  const ext = (id: number, body: number[]) => [id >> 8, id & 255, body.length >> 8, body.length & 255, ...body];
  const name = [...Buffer.from(sni)];
  const ua = [...Buffer.from('Chrome/120.0 Test')];
  // transport parameters: varint id/length since draft-27, u16 fields (and a u16 total) before
  const tp = oldParams
    ? ((p: number[]) => [p.length >> 8, p.length & 255, ...p])([0, 1, 0, 2, 0, 100, 0x31, 0x29, 0, ua.length, ...ua])
    : [0x01, 0x02, 0x40, 0x64, 0x80, 0x00, 0x31, 0x29, ua.length, ...ua];
  const exts = [
    ...ext(0, [0, name.length + 3, 0, 0, name.length, ...name]),
    ...ext(16, [0, alpn.length + 1, alpn.length, ...Buffer.from(alpn)]),
    ...ext(43, [2, 3, 4]),
    ...ext(13, [0, 2, 4, 3]),
    ...ext(0x39, tp),
  ];
  const body = [3, 3, ...new Array(32).fill(1), 0, 0, 2, 0x13, 0x01, 1, 0, exts.length >> 8, exts.length & 255, ...exts];
  return [1, 0, body.length >> 8, body.length & 255, ...body];
}

function cryptoFrame(off: number, data: number[]): number[] {
  return [0x06, ...varint2(off), ...varint2(data.length), ...data];
}

function udp(flow: Flow, b: Uint8Array, i = 0): DissectInput {
  return { flow, dir: 0, data: b, off: 0, len: b.length, packetIndex: i, transport: 17, sport: 50000, dport: 443 };
}

// transport parameters with u16 fields up to draft 27 (mvfst-27 too), varints after and in
// T051 (nDPI's is_version_with_var_int_transport_params); T05x put the ClientHello in a
// 0x08 frame
for (const [name, version, oldParams, frame] of [
  ['v1', QUIC_V1, false, 0x06],
  ['v2', QUIC_V2, false, 0x06],
  ['draft-29', 0xff00001d, false, 0x06],
  ['draft-28', 0xff00001c, false, 0x06],
  ['draft-27', 0xff00001b, true, 0x06],
  ['T051', 0x54303531, false, 0x08],
  ['T050', 0x54303530, true, 0x08],
  ['mvfst-27', 0xfaceb002, true, 0x06],
  ['mvfst-exp', 0xfaceb00e, true, 0x06],
] as const) {
  test(`a ${name} Initial is decrypted and its ClientHello read`, () => {
    const ch = clientHello('www.youtube.com', oldParams);
    // (nDPI reads T05x frames strictly: no PING before the 0x08 frame)
    const pkt = buildInitial(version, hex('0011223344556677'), [...(frame === 0x06 ? [0x01] : []), frame, ...cryptoFrame(0, ch).slice(1)], 0);
    const flow = new Flow(1);
    assert.equal(quic.dissect(udp(flow, pkt)), Verdict.Yes);
    assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.YouTube');
    assert.equal(flow.host, 'www.youtube.com');
    assert.equal(flow.meta.quic?.version, version);
    assert.deepEqual(flow.meta.quic?.alpn, ['h3']);
    assert.equal(flow.meta.quic?.userAgent, 'Chrome/120.0 Test');
    assert.match(flow.meta.quic?.ja4 ?? '', /^q13d0105h0_/);
  });
}

test('a ClientHello in CRYPTO frames over two packets, the second part first', () => {
  const ch = clientHello('www.google.com');
  const dcid = hex('a1a2a3a4a5a6a7a8');
  const cut = 40;
  const late = buildInitial(QUIC_V1, dcid, cryptoFrame(cut, ch.slice(cut)), 1);
  const early = buildInitial(QUIC_V1, dcid, [0x02, 0, 0, 0, 0, ...cryptoFrame(0, ch.slice(0, cut))], 2);
  const flow = new Flow(1);
  assert.equal(quic.dissect(udp(flow, late, 0)), Verdict.YesMore);
  assert.equal(flow.host, '');
  assert.equal(quic.dissect(udp(flow, early, 1)), Verdict.Yes);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.Google');
});

test('a ClientHello over two packets in order, and over two CRYPTO frames of one packet', () => {
  const ch = clientHello('www.google.com');
  const dcid = hex('b1b2b3b4b5b6b7b8');
  for (const cut of [1, 40, ch.length - 1]) {
    // in order: the first packet's piece is kept as it is, the second extends it
    const first = buildInitial(QUIC_V1, dcid, cryptoFrame(0, ch.slice(0, cut)), 1);
    const second = buildInitial(QUIC_V1, dcid, cryptoFrame(cut, ch.slice(cut)), 2);
    const flow = new Flow(1);
    assert.equal(quic.dissect(udp(flow, first, 0)), Verdict.YesMore, `cut ${cut}`);
    assert.equal(quic.dissect(udp(flow, second, 1)), Verdict.Yes, `cut ${cut}`);
    assert.equal(flow.host, 'www.google.com');
    // one packet, two frames (the second overlapping the first by a byte)
    const both = buildInitial(QUIC_V1, dcid, [...cryptoFrame(0, ch.slice(0, cut)), ...cryptoFrame(cut - 1, ch.slice(cut - 1))], 3);
    const one = new Flow(2);
    assert.equal(quic.dissect(udp(one, both, 0)), Verdict.Yes, `cut ${cut}`);
    assert.deepEqual(one.meta, flow.meta);
  }
  // the stream alone: an owned first piece is not copied, a borrowed one is
  const data = Uint8Array.from(ch);
  const owned = new CryptoStream();
  owned.add(0, data.subarray(0, 10), true);
  assert.equal(owned.buf?.buffer, data.buffer);
  owned.add(10, data.subarray(10), true);
  assert.notEqual(owned.buf?.buffer, data.buffer);
  assert.deepEqual(owned.buf?.subarray(0, owned.contiguous), data);
  const copied = new CryptoStream();
  copied.add(0, data.subarray(0, 10));
  assert.notEqual(copied.buf?.buffer, data.buffer);
});

test('coalesced packets: the Initial is found after a 0-RTT packet, and 0-RTT alone waits', () => {
  const dcid = hex('0102030405060708');
  const init = buildInitial(QUIC_V1, dcid, cryptoFrame(0, clientHello('example.org')), 0, 1200);
  // a 0-RTT long packet (type 1) of 40 opaque bytes
  const zeroRtt = Buffer.from([0xd1, 0, 0, 0, 1, 8, ...dcid, 0, ...varint2(40), ...new Array(40).fill(0x5a)]);
  const lone = new Flow(1);
  assert.equal(quic.dissect(udp(lone, zeroRtt)), Verdict.More);
  const flow = new Flow(2);
  assert.equal(quic.dissect(udp(flow, Buffer.concat([zeroRtt, init]))), Verdict.Yes);
  assert.equal(flow.host, 'example.org');
});

test('datagrams under 1200 bytes are not read as Initials (nDPI may_be_initial_pkt)', () => {
  const ch = cryptoFrame(0, clientHello('www.youtube.com'));
  const small = buildInitial(QUIC_V1, hex('0011223344556677'), ch, 0, 900);
  const f = new Flow(1);
  assert.notEqual(quic.dissect(udp(f, small)), Verdict.Yes);
  assert.equal(f.host, '');
  const big = buildInitial(QUIC_V1, hex('0011223344556677'), ch, 0, 1200);
  assert.equal(quic.dissect(udp(new Flow(2), big)), Verdict.Yes);
  // a gQUIC CHLO too
  assert.equal(quic.dissect(udp(new Flow(3), q046([['SNI\0', 'www.youtube.com']]).subarray(0, 1100))), Verdict.No);
});

test('0-RTT before the Initial (nDPI may_be_0rtt): QUIC at the third packet, or at any other packet', () => {
  const dcid = hex('0102030405060708');
  const zeroRtt = Buffer.from([0xd1, 0, 0, 0, 1, 8, ...dcid, 0, ...varint2(40), ...new Array(40).fill(0x5a)]);
  const three = new Flow(1);
  assert.equal(quic.dissect(udp(three, zeroRtt, 0)), Verdict.More);
  assert.equal(quic.dissect(udp(three, zeroRtt, 1)), Verdict.More);
  assert.equal(quic.dissect(udp(three, zeroRtt, 2)), Verdict.Yes);
  assert.equal(l7ProtoName(three.l7Master, three.l7App), 'QUIC');
  // a server packet after it
  const reply = new Flow(2);
  assert.equal(quic.dissect(udp(reply, zeroRtt, 0)), Verdict.More);
  assert.equal(quic.dissect({ ...udp(reply, hex('4011223344556677889900aabbcc'), 1), dir: 1 }), Verdict.Yes);
  assert.equal(l7ProtoName(reply.l7Master, reply.l7App), 'QUIC');
  // the Initial after it is read as usual
  const init = buildInitial(QUIC_V1, dcid, cryptoFrame(0, clientHello('www.youtube.com')), 0);
  const late = new Flow(3);
  quic.dissect(udp(late, zeroRtt, 0));
  assert.equal(quic.dissect(udp(late, init, 1)), Verdict.Yes);
  assert.equal(l7ProtoName(late.l7Master, late.l7App), 'QUIC.YouTube');
});

test('not QUIC: short headers, unknown versions and tiny datagrams are refused', () => {
  for (const b of [hex('4000112233445566778899'), hex('c01234567808aabbccddeeff0011000000'), hex('c0')]) {
    assert.equal(quic.dissect(udp(new Flow(1), b)), Verdict.No);
  }
});

test('Google QUIC CHLO tags', () => {
  const tags: [string, string][] = [
    ['SNI\0', 'www.example.com'],
    ['UAID', 'Chrome/49'],
  ];
  const idx: number[] = [];
  const vals: number[] = [];
  for (const [t, v] of tags) {
    vals.push(...Buffer.from(v));
    idx.push(...Buffer.from(t, 'latin1'), vals.length & 255, vals.length >> 8, 0, 0);
  }
  const msg = Uint8Array.from([0, 0, ...Buffer.from('CHLO'), tags.length, 0, 0, 0, ...idx, ...vals]);
  assert.deepEqual(findChlo(msg, 0, msg.length), { sni: 'www.example.com', userAgent: 'Chrome/49' });
  // a value running past the end stops the walk; what came before is kept
  assert.deepEqual(findChlo(msg, 0, msg.length - 1), { sni: 'www.example.com', userAgent: '' });
  assert.equal(findChlo(msg.subarray(6), 0, msg.length - 6), null);
});

test('nDPI: Initial keys come from the first Initial\'s DCID, also when a later one has another', () => {
  const ch = clientHello('www.google.com');
  const first = hex('c1c2c3c4c5c6c7c8');
  const other = hex('d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4');
  const a = buildInitial(QUIC_V1, first, cryptoFrame(0, ch.slice(0, 50)), 0);
  const b = buildInitial(QUIC_V1, other, cryptoFrame(50, ch.slice(50)), 1, 1200, first);
  const flow = new Flow(1);
  assert.equal(quic.dissect(udp(flow, a, 0)), Verdict.YesMore);
  assert.equal(quic.dissect(udp(flow, b, 1)), Verdict.Yes);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.Google');
  // keys of the second DCID do not open it: the hello stays incomplete
  const c = buildInitial(QUIC_V1, other, cryptoFrame(50, ch.slice(50)), 1);
  const f2 = new Flow(2);
  quic.dissect(udp(f2, a, 0));
  assert.equal(quic.dissect(udp(f2, c, 1)), Verdict.YesMore);
  assert.equal(f2.host, '');
});

test('draft-22 is QUIC without metadata (nDPI decrypts drafts from 23 on)', () => {
  const dcid = hex('0011223344556677');
  const pkt = buildInitial(0xff00001b, dcid, cryptoFrame(0, clientHello('www.youtube.com', true)), 0);
  pkt.writeUInt32BE(0xff000016, 1); // same bytes, version draft-22
  const flow = new Flow(1);
  assert.equal(quic.dissect(udp(flow, pkt)), Verdict.Yes);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC');
  assert.equal(flow.host, '');
});

test('ALPN doq (DNS over QUIC) makes QUIC.DoH_DoT whatever the SNI', () => {
  for (const alpn of ['doq', 'doq-i02']) {
    const pkt = buildInitial(QUIC_V1, hex('0011223344556677'), cryptoFrame(0, clientHello('dns.example.net', false, alpn)), 0);
    const flow = new Flow(1);
    assert.equal(quic.dissect(udp(flow, pkt)), Verdict.Yes);
    assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.DoH_DoT');
  }
  const pkt = buildInitial(QUIC_V1, hex('0011223344556677'), cryptoFrame(0, clientHello('www.youtube.com', false, 'dq')), 0);
  const flow = new Flow(1);
  quic.dissect(udp(flow, pkt));
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.YouTube');
});

test('forcing version negotiation: QUIC at once, then the VN reply and the real Initial', () => {
  const dcid = hex('1122334455667788');
  const force = Buffer.alloc(1208);
  force.set([0xc3, 0x1a, 0x2a, 0x3a, 0x4a, 8, ...dcid, 0]);
  const vn = Buffer.from([0x80, 0, 0, 0, 0, 0, 8, ...dcid, 0, 0, 0, 1]);
  const init = buildInitial(QUIC_V1, dcid, cryptoFrame(0, clientHello('www.youtube.com')), 0);
  const flow = new Flow(1);
  assert.equal(quic.dissect(udp(flow, force, 0)), Verdict.YesMore);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC');
  assert.equal(quic.dissect({ ...udp(flow, vn, 1), dir: 1 }), Verdict.YesMore);
  assert.equal(quic.dissect(udp(flow, init, 2)), Verdict.Yes);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.YouTube');
  assert.equal(flow.meta.quic?.version, QUIC_V1);
  // a reply that is no VN ends it; a short forcing-VN datagram is no Initial
  const f2 = new Flow(2);
  quic.dissect(udp(f2, force, 0));
  assert.equal(quic.dissect({ ...udp(f2, init, 1), dir: 1 }), Verdict.Yes);
  assert.equal(l7ProtoName(f2.l7Master, f2.l7App), 'QUIC');
  assert.equal(quic.dissect(udp(new Flow(3), force.subarray(0, 1100))), Verdict.No);
});

/** A Q046 client packet whose CHLO has the given tags. */
function q046(tags: [string, string][]): Buffer {
  const idx: number[] = [];
  const vals: number[] = [];
  for (const [t, v] of tags) {
    vals.push(...Buffer.from(v));
    idx.push(...Buffer.from(t, 'latin1'), vals.length & 255, vals.length >> 8, 0, 0);
  }
  const msg = [...Buffer.from('CHLO'), tags.length, 0, 0, 0, ...idx, ...vals];
  const hdr = [0xc3, ...Buffer.from('Q046'), 0x50, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1];
  const out = Buffer.alloc(1350);
  out.set([...hdr, ...new Array(12).fill(0), 0xa0, 1, msg.length & 255, msg.length >> 8, ...msg]);
  return out;
}

test('gQUIC versions as nDPI: CHLO read for the supported ones, QUIC only for other Q02x-Q04x, none else', () => {
  const withVersion = (v: string) => {
    const p = q046([['SNI\0', 'www.youtube.com']]);
    p.write(v, 1, 'latin1');
    return p;
  };
  const q46 = new Flow(1);
  assert.equal(quic.dissect(udp(q46, withVersion('Q046'))), Verdict.Yes);
  assert.equal(l7ProtoName(q46.l7Master, q46.l7App), 'QUIC.YouTube');
  const q44 = new Flow(2);
  assert.equal(quic.dissect(udp(q44, withVersion('Q044'))), Verdict.Yes);
  assert.equal(l7ProtoName(q44.l7Master, q44.l7App), 'QUIC');
  assert.equal(q44.host, '');
  assert.equal(quic.dissect(udp(new Flow(3), withVersion('Q016'))), Verdict.No);
});

test('Snapchat calls: RTP after a Q046 CHLO without SNI makes QUIC.SnapchatCall', () => {
  const rtp = Buffer.from([0x80, 0x6f, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 9, 9, 9, 9]);
  const quicShort = Buffer.from([0x43, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const flow = new Flow(1);
  assert.equal(quic.dissect(udp(flow, q046([['PAD\0', 'xxxx']]), 0)), Verdict.YesMore);
  assert.equal(quic.dissect({ ...udp(flow, quicShort, 1), dir: 1 }), Verdict.YesMore);
  assert.equal(quic.dissect(udp(flow, rtp, 2)), Verdict.Yes);
  assert.equal(l7ProtoName(flow.l7Master, flow.l7App), 'QUIC.SnapchatCall');
  // with an SNI there is nothing to watch; a non-RTP packet ends the watch
  const named = new Flow(2);
  assert.equal(quic.dissect(udp(named, q046([['SNI\0', 'www.example.com']]), 0)), Verdict.Yes);
  const other = new Flow(3);
  quic.dissect(udp(other, q046([['PAD\0', 'xxxx']]), 0));
  assert.equal(quic.dissect(udp(other, Buffer.from([0x00, 0x6f, 1, 2]), 1)), Verdict.Yes);
  assert.equal(l7ProtoName(other.l7Master, other.l7App), 'QUIC');
});

const QUIC_FILES = [
  'quic.pcap',
  'quic-forcing-vn-with-data.pcapng',
  'quic-mvfst-exp.pcap',
  'quic_frags_different_dcid.pcapng',
  'quic_q50.pcap',
  'quic_t51.pcap',
  'doq.pcapng',
  'snapchat_call.pcapng',
  'snapchat_call_v1.pcapng',
  'quic-v2.pcapng',
  'quic_0RTT.pcap',
  'quic_q46.pcap',
  'quic_frags_ch_in_multiple_packets.pcapng',
  'youtube_quic.pcap',
  'dlt_ppp.pcap',
  'sites.pcapng',
  'http_ipv6.pcap',
];

for (const name of QUIC_FILES) {
  test(`QUIC metadata of ${name} agrees with nDPI`, { skip: NO_CORPUS }, () => {
    const r = compareWithNdpi(corpusFile(name), [quic], /^QUIC/, l7ProtoName);
    assert.ok(r.flows > 0, 'no QUIC flow compared');
    assert.deepEqual(r.mismatches, []);
  });
}

test('truncated and mutated Initial packets and frames never throw', { skip: NO_CORPUS }, () => {
  const valid = new Set([Verdict.No, Verdict.More, Verdict.Yes, Verdict.YesMore]);
  const samples: Uint8Array[] = [];
  for (const name of ['quic-v2.pcapng', 'quic_0RTT.pcap', 'quic_q46.pcap', 'quic.pcap']) {
    for (const rf of readFlows(corpusFile(name)).filter((f) => f.proto === 17).slice(0, 3)) {
      const p = rf.pkts.find((x) => x.dir === 0 && x.payload.length > 0);
      if (p) samples.push(p.payload);
    }
  }
  assert.ok(samples.length >= 4);
  const r = rng(99);
  for (const s of samples) {
    for (let n = 0; n <= s.length; n += 7) {
      assert.ok(valid.has(quic.dissect(udp(new Flow(1), s.subarray(0, n)))));
    }
    for (let iter = 0; iter < 150; iter++) {
      const m = Uint8Array.from(s);
      for (let j = 0; j < 4; j++) m[Math.floor(r() * Math.min(m.length, 80))] = Math.floor(r() * 256);
      assert.ok(valid.has(quic.dissect(udp(new Flow(1), m))));
    }
  }
  // the frame walker and the CRYPTO reassembly on noise
  for (let iter = 0; iter < 2000; iter++) {
    const noise = Uint8Array.from({ length: 1 + Math.floor(r() * 300) }, () => Math.floor(r() * 256));
    const cs = new CryptoStream();
    readInitialFrames(noise, cs);
    assert.ok(cs.contiguous <= 64 * 1024);
    findChlo(noise, 0, noise.length);
  }
});

test('plaintext of a mutated but authentic Initial: frames bounded, ClientHello parser safe', () => {
  const r = rng(7);
  const ch = clientHello('fuzz.example');
  for (let iter = 0; iter < 300; iter++) {
    const frames = [...cryptoFrame(0, ch)];
    for (let j = 0; j < 3; j++) frames[Math.floor(r() * frames.length)] = Math.floor(r() * 256);
    const pkt = buildInitial(QUIC_V1, hex('1122334455667788'), frames, iter);
    const v = quic.dissect(udp(new Flow(1), pkt));
    assert.ok(v === Verdict.Yes || v === Verdict.YesMore);
  }
});
