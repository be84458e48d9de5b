/**
 * The decoder on the real corpus: every capture decodes without problems (except the one
 * that is garbage on purpose), every flow nDPI listed appears with the same packets and
 * bytes, and the encapsulations each file exists for are recognised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCapture } from '../../lib/capture/reader.js';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo, Tunnel, TUNNEL_NAMES } from '../../lib/decode/packet.js';
import { NO_CORPUS, corpusCaptures, corpusFile } from '../helpers/corpus.js';
import { formatAddr } from '../../lib/flow/flow.js';
import { readNdpiOut } from '../../scripts/lib/ndpi-out.js';
import { flowKey, ndpiFlowKey } from './addr.js';

interface Seen {
  status: DecodeStatus;
  linktype: number;
  /** Ethertype after VLAN tags for Ethernet records, else -1. */
  etherType: number;
  /** The record's bytes (copied). */
  bytes: Uint8Array;
  pkt: PacketInfo;
}

interface FileResult {
  dec: Decoder;
  seen: Seen[];
}

function innerEtherType(b: Uint8Array): number {
  let o = 12;
  let t = (b[o] << 8) | b[o + 1];
  while ((t === 0x8100 || t === 0x88a8) && o + 6 <= b.length) {
    o += 4;
    t = (b[o] << 8) | b[o + 1];
  }
  return t;
}

function copyPkt(p: PacketInfo): PacketInfo {
  const c = new PacketInfo();
  const { src, dst, ...scalars } = p;
  Object.assign(c, scalars);
  c.src.set(src);
  c.dst.set(dst);
  c.payload = p.payload.slice(p.payloadOff, p.payloadOff + p.payloadLen);
  c.payloadOff = 0;
  return c;
}

const cache = new Map<string, FileResult>();
async function decodeFile(file: string): Promise<FileResult> {
  const hit = cache.get(file);
  if (hit) return hit;
  const dec = new Decoder();
  const pkt = new PacketInfo();
  const seen: Seen[] = [];
  await readCapture(file, {
    onRecord(data, off, caplen, wirelen, tsSec, tsNsec, linktype) {
      const status = dec.decode(data, off, caplen, wirelen, linktype, tsSec, tsNsec, pkt);
      const bytes = data.slice(off, off + caplen);
      seen.push({ status, linktype, etherType: linktype === 1 ? innerEtherType(bytes) : -1, bytes, pkt: copyPkt(pkt) });
    },
  });
  const r = { dec, seen };
  cache.set(file, r);
  return r;
}

const ok = (r: FileResult): Seen[] => r.seen.filter((s) => s.status === DecodeStatus.Ok);

/** Files where our per-flow counts legitimately exceed nDPI's, and why. */
const MORE_THAN_NDPI: Record<string, string> = {
  'dns_fragmented.pcap': 'nDPI drops non-first IPv4 fragments; reassembly counts every fragment',
  'capwap.pcap': 'non-IP frames inside CAPWAP stay in the outer flow; nDPI drops them',
};
/** The one capture that is malformed on purpose. */
const GARBAGE = 'ip_fragmented_garbage.pcap';

test('every corpus capture: no problems, no skipped link types, non-IP only where frames are not IP', { skip: NO_CORPUS }, async () => {
  for (const file of corpusCaptures()) {
    const name = path.basename(file);
    const { dec, seen } = await decodeFile(file);
    assert.ok(seen.length > 0, name);
    assert.equal(dec.skippedLinktypes.size, 0, name);
    if (name === GARBAGE) continue;
    assert.deepEqual([...dec.problems], [], name);
    assert.equal(seen.filter((s) => s.status === DecodeStatus.Malformed).length, 0, name);
    for (const s of seen.filter((x) => x.status === DecodeStatus.NonIp)) {
      assert.equal(s.linktype, 1, `${name}: only Ethernet files have non-IP frames here`);
      assert.ok(s.etherType !== 0x0800 && s.etherType !== 0x86dd, `${name}: an IP frame called non-IP`);
    }
    assert.equal(dec.fragPending, 0, `${name}: incomplete datagrams left`);
  }
});

test("every flow of nDPI's .out files is found, with its packets and bytes", { skip: NO_CORPUS }, async () => {
  for (const file of corpusCaptures()) {
    const name = path.basename(file);
    if (name === GARBAGE) continue;
    const counts = new Map<string, { pkts: number; bytes: number; tunnels: Set<string> }>();
    for (const s of ok(await decodeFile(file))) {
      const k = flowKey(s.pkt);
      const c = counts.get(k) ?? { pkts: 0, bytes: 0, tunnels: new Set() };
      c.pkts += s.pkt.frames;
      c.bytes += s.pkt.wirelen;
      c.tunnels.add(TUNNEL_NAMES[s.pkt.tunnel]);
      counts.set(k, c);
    }
    const flows = readNdpiOut(file + '.out').flows;
    assert.ok(flows.length > 0, name);
    for (const f of flows) {
      const c = counts.get(ndpiFlowKey(f));
      assert.ok(c, `${name}: flow ${f.raw.slice(0, 120)} not found`);
      const pkts = f.aPkts + f.bPkts;
      const bytes = f.aBytes + f.bBytes;
      if (MORE_THAN_NDPI[name]) {
        assert.ok(c.pkts >= pkts && c.bytes >= bytes, `${name} ${ndpiFlowKey(f)}`);
      } else {
        assert.deepEqual([c.pkts, c.bytes], [pkts, bytes], `${name} ${ndpiFlowKey(f)}`);
      }
      if (f.tunnel) assert.deepEqual([...c.tunnels], [f.tunnel], `${name} ${ndpiFlowKey(f)} tunnel`);
    }
  }
});

test('gre.pcapng: GRE around UDP 5060 on VLAN 142', { skip: NO_CORPUS }, async () => {
  const [s] = ok(await decodeFile(corpusFile('gre.pcapng')));
  assert.equal(s.pkt.tunnel, Tunnel.GRE);
  assert.deepEqual([s.pkt.proto, s.pkt.sport, s.pkt.dport, s.pkt.vlanId], [17, 5060, 5060, 142]);
  assert.ok(Buffer.from(s.pkt.payload).toString('latin1').startsWith('SIP/2.0 100 Trying'));
});

test('vxlan.pcap: every packet is a VXLAN inner flow', { skip: NO_CORPUS }, async () => {
  const r = await decodeFile(corpusFile('vxlan.pcap'));
  assert.equal(ok(r).length, r.seen.length);
  assert.ok(ok(r).every((s) => s.pkt.tunnel === Tunnel.VXLAN && formatAddr(4, s.pkt.src).startsWith('10.10.20.') !== formatAddr(4, s.pkt.dst).startsWith('10.10.20.')));
});

test('ipv6_in_gtp.pcap: IPv6 inside GTP-U', { skip: NO_CORPUS }, async () => {
  const r = ok(await decodeFile(corpusFile('ipv6_in_gtp.pcap')));
  assert.equal(r.length, 2);
  for (const s of r) assert.deepEqual([s.pkt.tunnel, s.pkt.ipVersion], [Tunnel.GTP, 6]);
  assert.deepEqual(r.map((s) => s.pkt.proto).sort(), [17, 50]);
});

test('capwap.pcap: DHCP, ICMPv6 and IGMP inside CAPWAP data', { skip: NO_CORPUS }, async () => {
  const inner = ok(await decodeFile(corpusFile('capwap.pcap'))).filter((s) => s.pkt.tunnel === Tunnel.CAPWAP);
  assert.ok(inner.some((s) => s.pkt.proto === 17 && s.pkt.sport === 68 && s.pkt.dport === 67));
  assert.ok(inner.some((s) => s.pkt.proto === 58));
  assert.ok(inner.some((s) => s.pkt.proto === 2));
});

test('4in6tunnel.pcap and 6in4tunnel.pcap: IP in IP both ways', { skip: NO_CORPUS }, async () => {
  const a = ok(await decodeFile(corpusFile('4in6tunnel.pcap')));
  assert.ok(a.length > 0 && a.every((s) => s.pkt.tunnel === Tunnel.IPinIP && s.pkt.ipVersion === 4));
  const b = ok(await decodeFile(corpusFile('6in4tunnel.pcap')));
  assert.ok(b.length > 0 && b.every((s) => s.pkt.tunnel === Tunnel.IPinIP && s.pkt.ipVersion === 6));
});

test('link types: C_HDLC+MPLS, PPI, PPP, RAW, NULL, SLL', { skip: NO_CORPUS }, async () => {
  const expect: [string, number][] = [
    ['BGP_redist.pcap', 104],
    ['someip_sd_sample.pcap', 192],
    ['dlt_ppp.pcap', 9],
    ['ocs.pcap', 101],
    ['rdp.pcap', 0],
    ['KakaoTalk_chat.pcap', 113],
    ['quic-v2.pcapng', 113],
  ];
  for (const [name, lt] of expect) {
    const r = await decodeFile(corpusFile(name));
    assert.ok(r.seen.every((s) => s.linktype === lt), name);
    assert.equal(ok(r).length, r.seen.length, name);
  }
  const bgp = ok(await decodeFile(corpusFile('BGP_redist.pcap')));
  assert.ok(bgp.every((s) => s.pkt.proto === 6 && s.pkt.sport === 179));
  // MPLS between the Cisco HDLC header and IP.
  assert.ok(bgp.some((s) => ((s.bytes[2] << 8) | s.bytes[3]) === 0x8847));
});

test('dns.pcap: DNS over VLAN 785 and over PPPoE', { skip: NO_CORPUS }, async () => {
  const r = ok(await decodeFile(corpusFile('dns.pcap')));
  assert.ok(r.every((s) => s.pkt.proto === 17 && (s.pkt.sport === 53 || s.pkt.dport === 53)));
  assert.ok(r.some((s) => s.pkt.vlanId === 785));
  assert.ok(r.some((s) => s.etherType === 0x8864));
});

/** Walk a DNS message; returns the bytes it spans, or -1 when it does not parse. */
function dnsLength(b: Uint8Array): number {
  if (b.length < 12) return -1;
  let o = 12;
  const name = (): boolean => {
    for (;;) {
      if (o >= b.length) return false;
      const l = b[o];
      if ((l & 0xc0) === 0xc0) {
        o += 2;
        return true;
      }
      o += 1 + l;
      if (l === 0) return true;
    }
  };
  const qd = (b[4] << 8) | b[5];
  const rr = ((b[6] << 8) | b[7]) + ((b[8] << 8) | b[9]) + ((b[10] << 8) | b[11]);
  for (let i = 0; i < qd; i++) {
    if (!name()) return -1;
    o += 4;
  }
  for (let i = 0; i < rr; i++) {
    if (!name() || o + 10 > b.length) return -1;
    o += 10 + ((b[o + 8] << 8) | b[o + 9]);
  }
  return o;
}

test('dns_fragmented.pcap: IPv4 and IPv6 fragments reassemble into whole DNS answers', { skip: NO_CORPUS }, async () => {
  const r = await decodeFile(corpusFile('dns_fragmented.pcap'));
  const whole = ok(r).filter((s) => s.pkt.frames > 1);
  assert.equal(whole.length, r.dec.fragStats.reassembled);
  assert.ok(whole.some((s) => s.pkt.ipVersion === 4) && whole.some((s) => s.pkt.ipVersion === 6));
  for (const s of whole) {
    assert.deepEqual([s.pkt.proto, s.pkt.sport], [17, 53]);
    assert.ok(s.pkt.payloadLen > 1400);
    assert.ok(s.pkt.payload[2] & 0x80, 'a response');
    assert.equal(dnsLength(s.pkt.payload), s.pkt.payloadLen);
  }
  assert.equal(r.seen.filter((s) => s.status === DecodeStatus.Pending).length, whole.reduce((a, s) => a + s.pkt.frames - 1, 0));
});

test('ip_fragmented_garbage.pcap: garbage fragments are reassembled or counted, never fatal', { skip: NO_CORPUS }, async () => {
  const r = await decodeFile(corpusFile(GARBAGE));
  assert.ok(r.dec.fragStats.reassembled > 0);
  for (const [reason] of r.dec.problems) assert.match(reason, /^[a-z0-9]+(-[a-z0-9]+)*$/);
  const statuses = new Set(r.seen.map((s) => s.status));
  assert.ok(!statuses.has(DecodeStatus.Skipped) && !statuses.has(DecodeStatus.NonIp));
});
