/**
 * The decoder on the real corpus: every capture decodes without problems (except those
 * damaged on purpose, and the named cases below that ndpiReader drops too), every flow nDPI
 * listed appears with the same packets and bytes, and the encapsulations each file exists
 * for are recognised.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readCapture } from '../../lib/capture/reader.js';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo, Tunnel, TUNNEL_NAMES } from '../../lib/decode/packet.js';
import { DAMAGED_ON_PURPOSE, NO_CORPUS, corpusCaptures, corpusFile } from '../helpers/corpus.js';
import { formatAddr } from '../../lib/flow/flow.js';
import { readNdpiOut } from '../../scripts/support/ndpi-out.js';
import { DECODE_PROBLEMS } from '../../lib/decode/problems.js';
import { flowKey, ndpiFlowKey } from './addr.js';

interface Seen {
  status: DecodeStatus;
  linktype: number;
  /** Ethertype after VLAN tags for Ethernet records, else -1. */
  etherType: number;
  /** The record's bytes (copied). */
  bytes: Uint8Array;
  pkt: PacketInfo;
  /** The capture cut the record short (captured length below the original length). */
  cut: boolean;
  /** For a cut record: it also decodes as if uncut, every length field within the captured bytes. */
  whole: boolean;
  /** The problem reason this record was counted under, if any. */
  problem?: string;
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
  const strict = new Decoder();
  const pkt = new PacketInfo();
  const strictPkt = new PacketInfo();
  const seen: Seen[] = [];
  let problems = 0;
  await readCapture(file, {
    onRecord(data, off, caplen, wirelen, tsSec, tsNsec, linktype) {
      const before = new Map(problems > 0 ? dec.problems : []);
      const status = dec.decode(data, off, caplen, wirelen, linktype, tsSec, tsNsec, pkt);
      const bytes = data.slice(off, off + caplen);
      const cut = caplen < wirelen;
      const whole = cut && strict.decode(data, off, caplen, caplen, linktype, tsSec, tsNsec, strictPkt) === DecodeStatus.Ok;
      const r: Seen = { status, linktype, etherType: linktype === 1 ? innerEtherType(bytes) : -1, bytes, pkt: copyPkt(pkt), cut, whole };
      let total = 0;
      for (const [reason, n] of dec.problems) {
        total += n;
        if (n !== (before.get(reason) ?? 0)) r.problem = reason;
      }
      problems = total;
      seen.push(r);
    },
  });
  const r = { dec, seen };
  cache.set(file, r);
  return r;
}

const ok = (r: FileResult): Seen[] => r.seen.filter((s) => s.status === DecodeStatus.Ok);

/** Files where our per-flow counts legitimately exceed nDPI's, and why. */
const MORE_THAN_NDPI: Record<string, string> = {
  'capwap.pcap': 'non-IP frames inside CAPWAP stay in the outer flow; nDPI drops them',
};

/*
 * Captures damaged on purpose (DAMAGED_ON_PURPOSE): their problems are real, so only
 * checked to be documented reasons. Every nDPI flow must still be found, but a TCP/UDP line
 * with a port 0 (nDPI read a damaged transport header that flowcheck calls malformed); the
 * counts are not compared: random bytes over fragment fields make whole packets look like
 * fragments (More Fragments alone: flowcheck waits for the rest and drops it after the
 * timeout, nDPI counts it; a non-zero offset: nDPI drops it).
 */

/** Fragments of random bytes, which flowcheck reassembles and nDPI drops: no flow to compare (own test at the end). */
const GARBAGE = 'ip_fragmented_garbage.pcap';

/**
 * Problems a real capture may show, with why:
 * - CUT RECORD: a record the capture cut short (captured below original length) may be
 *   too short to decode; the loss is the capture's, and nDPI cannot count it either.
 * - DATAGRAM LONGER THAN ITS FRAME: an IP length field beyond an uncut frame (the capture tool
 *   cut the frame without saying so: telnet.pcap, reasm_crash_anon.pcapng); ndpiReader drops
 *   such packets too (get_ndpi_flow_info: ipsize < tot_len), the flow test below confirms.
 */
const LONGER_THAN_FRAME = new Set(['ipv4-total-length-beyond-frame', 'ipv6-payload-length-beyond-frame']);

/**
 * The protocol a link header names for its payload (an ethertype, or PPP's protocol number
 * for PPP framing), or undefined for link types that name none.
 */
function linkProtocol(s: Seen): { type: number; ip: boolean } | undefined {
  const b = s.bytes;
  const cHdlc = (b[0] & 0x7f) === 0x0f;
  switch (s.linktype) {
    case 1:
      return { type: s.etherType, ip: s.etherType === 0x0800 || s.etherType === 0x86dd };
    case 113:
      return ether((b[14] << 8) | b[15]);
    case 276:
      return ether((b[0] << 8) | b[1]);
    case 104:
      return ether((b[2] << 8) | b[3]);
    case 9:
    case 50: {
      if (cHdlc) return ether((b[2] << 8) | b[3]);
      const o = b[0] === 0xff && b[1] === 0x03 ? 2 : 0;
      const type = b[o] & 1 ? b[o] : (b[o] << 8) | b[o + 1];
      return { type, ip: type === 0x21 || type === 0x57 };
    }
    default:
      return undefined;
  }
}

function ether(type: number): { type: number; ip: boolean } {
  return { type, ip: type === 0x0800 || type === 0x86dd };
}

test('every corpus capture: no problems, no skipped link types, non-IP only where frames are not IP', { skip: NO_CORPUS }, async () => {
  const tolerated = { cut: 0, longer: 0 };
  for (const file of corpusCaptures()) {
    const name = path.basename(file);
    const { dec, seen } = await decodeFile(file);
    assert.ok(seen.length > 0, name);
    assert.equal(dec.skippedLinktypes.size, 0, name);
    if (DAMAGED_ON_PURPOSE[name]) {
      for (const [reason] of dec.problems) assert.ok(reason in DECODE_PROBLEMS, `${name}: ${reason}`);
      continue;
    }
    for (const s of seen.filter((x) => x.status === DecodeStatus.Malformed)) {
      assert.ok(s.problem !== undefined, `${name}: a malformed record without a reason`);
      if (s.cut) tolerated.cut++;
      else if (LONGER_THAN_FRAME.has(s.problem)) tolerated.longer++;
      else assert.fail(`${name}: record ${seen.indexOf(s)} malformed: ${s.problem}`);
    }
    for (const s of seen.filter((x) => x.status === DecodeStatus.NonIp)) {
      const lp = linkProtocol(s);
      assert.ok(lp, `${name}: a non-IP frame on link type ${s.linktype}, which names no protocol`);
      assert.ok(!lp.ip, `${name}: an IP frame called non-IP (protocol 0x${lp.type.toString(16)})`);
    }
    assert.equal(dec.fragPending, 0, `${name}: incomplete datagrams left`);
  }
  // the tolerances above are in use (gnutella.pcap; telnet.pcap, reasm_crash_anon.pcapng)
  assert.ok(tolerated.cut > 0 && tolerated.longer > 0, JSON.stringify(tolerated));
});

/**
 * nDPI's counters per flow, from the records: ndpiReader adds a record's captured length
 * (rawsize = header->caplen) and drops a packet whose IP datagram the capture cut
 * (test/helpers/ndpi-cut.ts). A flow that received a reassembled IP datagram may count
 * more than nDPI, which drops all but the first fragment of a datagram.
 * nDPI keys a packet behind IPsec AH as L4 protocol AH (51), ports 0; flowcheck decodes
 * through AH, so nDPI's AH line is matched with the one port-less flow between the same
 * addresses and VLAN that no other nDPI line claims.
 */
test("every flow of nDPI's .out files is found, with its packets and bytes", { skip: NO_CORPUS }, async () => {
  let reassembledFlows = 0;
  let damagedFound = 0;
  for (const file of corpusCaptures()) {
    const name = path.basename(file);
    if (name === GARBAGE) continue;
    const counts = new Map<string, { pkts: number; bytes: number; tunnels: Set<string>; reassembled: boolean }>();
    for (const s of ok(await decodeFile(file))) {
      if (s.cut && !s.whole) continue;
      const k = flowKey(s.pkt);
      const c = counts.get(k) ?? { pkts: 0, bytes: 0, tunnels: new Set(), reassembled: false };
      c.pkts += s.pkt.frames;
      c.bytes += s.pkt.frames > 1 ? s.pkt.wirelen : s.bytes.length;
      c.reassembled ||= s.pkt.frames > 1;
      c.tunnels.add(TUNNEL_NAMES[s.pkt.tunnel]);
      counts.set(k, c);
    }
    const flows = readNdpiOut(file + '.out').flows;
    const claimed = new Set(flows.map(ndpiFlowKey));
    for (const f of flows) {
      let c = counts.get(ndpiFlowKey(f));
      if (!c && f.ipProto === 51) {
        // the same port-less endpoints and VLAN under another protocol ("proto A B vlan")
        const sansProto = (k: string): string => k.slice(k.indexOf(' '));
        const cands = [...counts.keys()].filter((k) => sansProto(k) === sansProto(ndpiFlowKey(f)) && !claimed.has(k));
        if (cands.length === 1) c = counts.get(cands[0]);
      }
      if (DAMAGED_ON_PURPOSE[name]) {
        // a TCP/UDP port 0 is nDPI reading a damaged transport header flowcheck calls malformed
        const portZero = (f.ipProto === 6 || f.ipProto === 17) && (f.a.port === 0 || f.b.port === 0);
        if (c) damagedFound++;
        else assert.ok(portZero, `${name}: flow ${f.raw.slice(0, 120)} not found`);
        continue;
      }
      assert.ok(c, `${name}: flow ${f.raw.slice(0, 120)} not found`);
      const pkts = f.aPkts + f.bPkts;
      const bytes = f.aBytes + f.bBytes;
      if (MORE_THAN_NDPI[name] || c.reassembled) {
        if (c.reassembled) reassembledFlows++;
        assert.ok(c.pkts >= pkts && c.bytes >= bytes, `${name} ${ndpiFlowKey(f)}`);
      } else {
        assert.deepEqual([c.pkts, c.bytes], [pkts, bytes], `${name} ${ndpiFlowKey(f)}`);
      }
      if (f.tunnel) assert.deepEqual([...c.tunnels], [f.tunnel], `${name} ${ndpiFlowKey(f)} tunnel`);
    }
  }
  assert.ok(reassembledFlows > 0);
  assert.ok(damagedFound > 200, `${damagedFound} flows of damaged captures found`);
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
