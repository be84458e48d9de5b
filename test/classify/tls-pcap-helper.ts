/**
 * Test-only: a small capture reader for the TLS/DTLS/QUIC dissector tests. Walks pcap and
 * pcapng with lib/capture's walkers, decodes Ethernet (VLAN), Linux SLL, raw IP, PPP and BSD loopback,
 * IPv4/IPv6 (6in4 too), groups TCP/UDP payloads into flows, puts each TCP direction's
 * bytes together in order, and drives one dissector the way the classifier does (at most
 * `limit` payload packets; after Yes or No it stops; after YesMore only it is called).
 * The packet decoding is kept apart from lib/decode so that these tests do not depend on it.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Flow } from '../../lib/flow/flow.js';
import { Verdict, type Dissector } from '../../lib/classify/dissector.js';
import { tlsVersionName } from '../../lib/classify/tls/hello.js';
import { quicVersionName } from '../../lib/classify/quic/initial.js';
import { PcapWalker, pcapMagic } from '../../lib/capture/pcap.js';
import { PcapngWalker, pcapngMagic } from '../../lib/capture/pcapng.js';
import type { RecordSink } from '../../lib/capture/types.js';

export interface Pkt {
  dir: 0 | 1;
  payload: Uint8Array;
  seq: number;
  syn: boolean;
}

export interface RawFlow {
  proto: number;
  cli: string;
  srv: string;
  cliPort: number;
  srvPort: number;
  pkts: Pkt[];
}

/** Each record of a whole pcap/pcapng file in memory, read by lib/capture's walkers. */
function eachRecord(file: string, buf: Uint8Array, onRecord: (link: number, data: Uint8Array) => void): void {
  const sink: RecordSink = {
    onRecord(data, offset, caplen, _wirelen, _sec, _nsec, linktype) {
      onRecord(linktype, data.subarray(offset, offset + caplen));
    },
  };
  const magic = pcapMagic(buf);
  const walker = magic !== null ? new PcapWalker(file, sink, magic) : pcapngMagic(buf) ? new PcapngWalker(file, sink) : null;
  if (walker === null) return;
  // one walk takes every complete record; a truncated tail is left, as the reader warns of it
  for (let pos = 0; pos < buf.length; ) {
    const next = walker.walk(buf, pos, buf.length, 0);
    if (next <= pos) break;
    pos = next;
  }
}

function ipStart(link: number, d: Uint8Array): { off: number; ethType: number } | null {
  let off: number;
  let et: number;
  switch (link) {
    case 1: {
      off = 14;
      et = (d[12] << 8) | d[13];
      while (et === 0x8100 || et === 0x88a8) {
        et = (d[off + 2] << 8) | d[off + 3];
        off += 4;
      }
      if (et === 0x8864) {
        // PPPoE session + PPP protocol
        const pp = (d[off + 6] << 8) | d[off + 7];
        off += 8;
        et = pp === 0x21 ? 0x800 : pp === 0x57 ? 0x86dd : 0;
      }
      return { off, ethType: et };
    }
    case 113:
      return { off: 16, ethType: (d[14] << 8) | d[15] };
    case 276:
      return { off: 20, ethType: (d[0] << 8) | d[1] };
    case 0:
    case 108: {
      const f = d[0] | (d[1] << 8) | (d[2] << 16) | (d[3] << 24);
      return { off: 4, ethType: f === 2 || f === 0x02000000 ? 0x800 : 0x86dd };
    }
    case 9: {
      // PPP: optional ff 03, then protocol
      let o = 0;
      if (d[0] === 0xff && d[1] === 0x03) o = 2;
      const pp = (d[o] << 8) | d[o + 1];
      return { off: o + 2, ethType: pp === 0x21 ? 0x800 : pp === 0x57 ? 0x86dd : 0 };
    }
    case 101:
    case 12:
    case 228:
    case 229:
      return { off: 0, ethType: d[0] >> 4 === 4 ? 0x800 : 0x86dd };
  }
  return null;
}

function addr4(d: Uint8Array, i: number): string {
  return `${d[i]}.${d[i + 1]}.${d[i + 2]}.${d[i + 3]}`;
}
function addr6(d: Uint8Array, i: number): string {
  const g: string[] = [];
  for (let k = 0; k < 16; k += 2) g.push(((d[i + k] << 8) | d[i + k + 1]).toString(16));
  return g.join(':');
}

/** Flows of a capture, in order of first packet. */
export function readFlows(file: string): RawFlow[] {
  let buf: Uint8Array = readFileSync(file);
  if (buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf);
  const flows = new Map<string, RawFlow>();
  eachRecord(file, buf, (link, data) => {
    const s = ipStart(link, data);
    if (!s) return;
    let off = s.off;
    let v = s.ethType === 0x800 ? 4 : s.ethType === 0x86dd ? 6 : 0;
    let proto = 0;
    let src = '';
    let dst = '';
    let end = data.length;
    for (let depth = 0; depth < 3 && v; depth++) {
      if (v === 4) {
        if (off + 20 > end) break;
        const ihl = (data[off] & 15) * 4;
        end = Math.min(end, off + ((data[off + 2] << 8) | data[off + 3]));
        if (((data[off + 6] & 0x1f) << 8) | data[off + 7]) {
          v = 0; // later fragment
          break;
        }
        proto = data[off + 9];
        src = addr4(data, off + 12);
        dst = addr4(data, off + 16);
        off += ihl;
      } else {
        if (off + 40 > end) break;
        end = Math.min(end, off + 40 + ((data[off + 4] << 8) | data[off + 5]));
        proto = data[off + 6];
        src = addr6(data, off + 8);
        dst = addr6(data, off + 24);
        off += 40;
      }
      if (proto === 41) v = 6;
      else if (proto === 4) v = 4;
      else break;
    }
    if (!v || (proto !== 6 && proto !== 17)) return;
    const sp = (data[off] << 8) | data[off + 1];
    const dp = (data[off + 2] << 8) | data[off + 3];
    let payOff: number;
    let seq = 0;
    let syn = false;
    if (proto === 6) {
      seq = ((data[off + 4] << 24) | (data[off + 5] << 16) | (data[off + 6] << 8) | data[off + 7]) >>> 0;
      syn = (data[off + 13] & 2) !== 0;
      payOff = off + (data[off + 12] >> 4) * 4;
    } else payOff = off + 8;
    const k1 = `${proto} ${src} ${sp} ${dst} ${dp}`;
    const k2 = `${proto} ${dst} ${dp} ${src} ${sp}`;
    let f = flows.get(k1);
    let dir: 0 | 1 = 0;
    if (!f) {
      f = flows.get(k2);
      dir = 1;
    }
    if (!f) {
      f = { proto, cli: src, srv: dst, cliPort: sp, srvPort: dp, pkts: [] };
      flows.set(k1, f);
      dir = 0;
    }
    f.pkts.push({ dir, payload: data.subarray(payOff, Math.max(payOff, end)), seq, syn });
  });
  return [...flows.values()];
}

export interface RunResult {
  flow: Flow;
  verdict: Verdict;
  /** Payload packets the dissector was called with. */
  calls: number;
}

/** Drives `d` over a flow like the classifier: TCP streams grow, UDP datagrams one by one. */
export function runDissector(rf: RawFlow, d: Dissector, limit = 32): RunResult {
  const flow = new Flow(1);
  flow.proto = rf.proto;
  flow.cliPort = rf.cliPort;
  flow.srvPort = rf.srvPort;
  const streams = [new Uint8Array(256 * 1024), new Uint8Array(256 * 1024)];
  const lens = [0, 0];
  // where each direction's newest packet begins in its stream (DissectInput.seg)
  const segs = [0, 0];
  const next: (number | null)[] = [null, null];
  let verdict = Verdict.More;
  let calls = 0;
  let idx = 0;
  for (const p of rf.pkts) {
    if (rf.proto === 6) {
      if (p.syn) {
        if (next[p.dir] === null) next[p.dir] = (p.seq + 1) >>> 0;
        continue;
      }
      if (p.payload.length === 0) continue;
      if (next[p.dir] === null) next[p.dir] = p.seq;
      const rel = (p.seq - (next[p.dir] as number)) | 0;
      if (rel > 0) continue; // a hole: this simple reader gives up on it
      const skip = -rel;
      if (skip >= p.payload.length) continue; // retransmission
      const add = p.payload.subarray(skip);
      const room = streams[p.dir].length - lens[p.dir];
      const n = Math.min(room, add.length);
      segs[p.dir] = lens[p.dir];
      streams[p.dir].set(add.subarray(0, n), lens[p.dir]);
      lens[p.dir] += n;
      next[p.dir] = ((next[p.dir] as number) + add.length) >>> 0;
    } else if (p.payload.length === 0) continue;
    if (idx >= limit) break;
    const data = rf.proto === 6 ? streams[p.dir] : p.payload;
    const len = rf.proto === 6 ? lens[p.dir] : p.payload.length;
    calls++;
    verdict = d.dissect({
      flow,
      dir: p.dir,
      data,
      off: 0,
      len,
      seg: rf.proto === 6 ? segs[p.dir] : 0,
      packetIndex: idx++,
      transport: rf.proto,
      sport: p.dir === 0 ? rf.cliPort : rf.srvPort,
      dport: p.dir === 0 ? rf.srvPort : rf.cliPort,
    });
    if (verdict === Verdict.Yes || verdict === Verdict.No) break;
  }
  return { flow, verdict, calls };
}

/** The `.out` line of nDPI for a flow (matched by ports), or undefined. */
export function ndpiLine(outText: string, rf: RawFlow): string | undefined {
  for (const line of outText.split('\n')) {
    if (!/^\t\d+\t/.test(line)) continue;
    const a = `:${rf.cliPort} `;
    const b = `:${rf.srvPort} `;
    if ((line.includes(`${a}<->`) || line.includes(`${a}->`)) && line.includes(`${b}[`) ) return line;
    if ((line.includes(`${b}<->`) || line.includes(`${b}->`)) && line.includes(`${a}[`)) return line;
  }
  return undefined;
}

/** A bracketed field of an nDPI line: field(line, 'JA4') → value, or undefined. */
export function ndpiField(line: string, name: string): string | undefined {
  const i = line.indexOf(`[${name}: `);
  if (i < 0) return undefined;
  const s = i + name.length + 3;
  let depth = 0;
  for (let j = s; j < line.length; j++) {
    if (line[j] === '[') depth++;
    else if (line[j] === ']') {
      if (depth === 0) return line.slice(s, j);
      depth--;
    }
  }
  return undefined;
}

function fmtTime(t: number | undefined): string {
  if (t === undefined) return '';
  return new Date(t * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

export interface Comparison {
  /** Flows compared (nDPI detected them by DPI as one of our protocols). */
  flows: number;
  /** Field values compared. */
  fields: number;
  mismatches: string[];
}

/**
 * Runs `dissectors` (first that claims wins) on every flow of a corpus capture that nDPI
 * detected by DPI as TLS/DTLS/QUIC (or a TLS port protocol), and compares the protocol
 * name and each metadata field nDPI printed with ours.
 */
export function compareWithNdpi(file: string, dissectors: Dissector[], protoNames: RegExp, l7Name: (m: number, a: number) => string): Comparison {
  const out = readFileSync(`${file}.out`, 'utf8');
  const res: Comparison = { flows: 0, fields: 0, mismatches: [] };
  for (const rf of readFlows(file)) {
    const line = ndpiLine(out, rf);
    if (!line || !line.includes('[Confidence: DPI]')) continue;
    const proto = /\[proto: [\d.]+\/([^\]]+)\]/.exec(line)?.[1] ?? '';
    if (!protoNames.test(proto)) continue;
    let r: RunResult | undefined;
    for (const d of dissectors) {
      r = runDissector(rf, d);
      if (r.verdict === Verdict.Yes || r.verdict === Verdict.YesMore) break;
    }
    if (!r) continue;
    res.flows++;
    const f = r.flow;
    const t = f.meta.tls ?? {};
    const q = f.meta.quic ?? {};
    const got = r.verdict === Verdict.Yes || r.verdict === Verdict.YesMore ? l7Name(f.l7Master, f.l7App) : 'not detected';
    const checks: [string, string | undefined, string | undefined][] = [
      ['proto', proto, got],
      ['Hostname/SNI', ndpiField(line, 'Hostname/SNI'), f.host],
      ['JA3C', ndpiField(line, 'JA3C'), t.ja3c],
      ['JA4', ndpiField(line, 'JA4'), t.ja4],
      ['JA3S', ndpiField(line, 'JA3S')?.replace(' (WEAK)', ''), t.ja3s],
      ['Issuer', ndpiField(line, 'Issuer'), t.issuer],
      ['Subject', ndpiField(line, 'Subject'), t.subject],
      ['Certificate SHA-1', ndpiField(line, 'Certificate SHA-1'), t.sha1],
      ['ServerNames', ndpiField(line, 'ServerNames'), t.sans?.join(',')],
      ['Validity', ndpiField(line, 'Validity'), t.notBefore === undefined ? undefined : `${fmtTime(t.notBefore)} - ${fmtTime(t.notAfter)}`],
      ['(Advertised) ALPNs', ndpiField(line, '(Advertised) ALPNs'), (t.alpnOffered ?? q.alpn)?.join(';')],
      ['(Negotiated) ALPN', ndpiField(line, '(Negotiated) ALPN'), t.alpn],
      ['User-Agent', ndpiField(line, 'User-Agent'), q.userAgent],
      ['QUIC ver', ndpiField(line, 'QUIC ver'), q.version === undefined ? undefined : quicVersionName(q.version)],
      ['version', /\[((?:D?TLS|SSL)v[0-9.]+)\]/.exec(line)?.[1], t.version === undefined ? undefined : tlsVersionName(t.version)],
    ];
    for (const [name, exp, have] of checks) {
      if (exp === undefined) continue;
      res.fields++;
      if (exp !== have) res.mismatches.push(`${rf.cliPort}->${rf.srvPort} ${name}: nDPI '${exp}', ours '${have}'`);
    }
  }
  return res;
}
