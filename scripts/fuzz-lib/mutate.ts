/**
 * Builds one hostile input from the seeds: a window of real records, damaged at packet
 * level (header lengths, fragments, payloads aimed at the DNS, TLS, QUIC — inside its
 * encryption too — and HTTP dissectors), written as pcap or pcapng (either byte order, several block kinds), then
 * damaged at file level (record/block length fields, bit flips, truncation, splicing,
 * gzip). Every choice comes from the Rng, so a case is reproduced by its seed alone.
 */
import { constants as zc, gunzipSync, gzipSync } from 'node:zlib';
import { PcapngWriter, PcapWriter, type NgInterface } from '../../lib/capture/writer.js';
import { findLayers } from './layers.js';
import { isClientInitial, mutateQuicPlaintext } from './quic-plain.js';
import type { Rng } from './rng.js';
import type { Rec, Seed } from './seeds.js';

export interface FuzzInput {
  bytes: Uint8Array;
  /**
   * Set when a well-formed file was only cut short: the records wholly before the cut,
   * which the pipeline must all report (nothing lost).
   */
  expectRecords?: number;
  /**
   * Set when a well-formed pcapng had one block's trailing length changed: the pipeline must
   * refuse it with a CaptureError at that block's offset ("lengths disagree").
   */
  expectErrorAt?: number;
  /** What was done, in order (for the report and the saved case). */
  recipe: string[];
}

/** A length/number field of the written file: where it is, how wide, which byte order. */
interface Field {
  off: number;
  size: 2 | 4;
  be: boolean;
  what: string;
}

const put16 = (b: Uint8Array, p: number, v: number): void => {
  if (p + 2 > b.length) return;
  b[p] = (v >> 8) & 255;
  b[p + 1] = v & 255;
};

function lengthValue(rng: Rng, cur: number, max: number): number {
  switch (rng.int(8)) {
    case 0:
      return 0;
    case 1:
      return max;
    case 2:
      return cur + 1;
    case 3:
      return Math.max(0, cur - 1);
    case 4:
      return cur + 4;
    case 5:
      return rng.int(max + 1);
    case 6:
      return max >>> 1;
    default:
      return cur * 2;
  }
}

// ---------------------------------------------------------------- payload (dissectors)

function mutateDns(b: Uint8Array, p: number, rng: Rng, recipe: string[]): void {
  const end = b.length;
  if (p + 12 > end) return;
  const kind = rng.int(6);
  if (kind === 0) {
    // section counts far beyond the records present
    const at = p + 4 + 2 * rng.int(4);
    put16(b, at, lengthValue(rng, (b[at] << 8) | b[at + 1], 0xffff));
    recipe.push('dns:counts');
    return;
  }
  const at = p + 12 + rng.int(Math.max(1, end - p - 13));
  if (kind === 1) {
    // a compression pointer to itself (a loop)
    const rel = at - p;
    b[at] = 0xc0 | ((rel >> 8) & 0x3f);
    if (at + 1 < end) b[at + 1] = rel & 255;
    recipe.push('dns:pointer-loop');
  } else if (kind === 2) {
    // a chain of pointers, each to the one before: many hops before any label
    let q = p + 12;
    b[q] = 0;
    q++;
    while (q + 1 < end) {
      const prev = q - p - (q === p + 13 ? 1 : 2);
      b[q] = 0xc0 | ((prev >> 8) & 0x3f);
      b[q + 1] = prev & 255;
      q += 2;
    }
    recipe.push('dns:pointer-chain');
  } else if (kind === 3) {
    // labels of 63 bytes until the name passes 255
    let q = p + 12;
    while (q + 64 < end) {
      b[q] = 63;
      b.fill(0x61, q + 1, q + 64);
      q += 64;
    }
    recipe.push('dns:long-name');
  } else if (kind === 4) {
    b[at] = rng.pick([64, 0x80, 0xff, 63, 0]);
    recipe.push('dns:label-length');
  } else {
    b[at] = 0xc0 | rng.int(64);
    if (at + 1 < end) b[at + 1] = rng.int(256);
    recipe.push('dns:pointer-random');
  }
}

/** Offsets of the 2-byte length fields of a TLS ClientHello/ServerHello at p. */
function tlsLengthFields(b: Uint8Array, p: number): number[] {
  const out: number[] = [p + 3];
  const end = b.length;
  if (p + 9 > end || b[p] !== 0x16) return out;
  out.push(p + 7); // low 16 bits of the handshake length
  const hs = b[p + 5];
  let q = p + 9 + 2 + 32;
  if (q >= end) return out;
  q += 1 + b[q]; // session id
  if (hs === 1) {
    if (q + 2 > end) return out;
    out.push(q);
    q += 2 + ((b[q] << 8) | b[q + 1]);
    if (q >= end) return out;
    q += 1 + b[q];
  } else {
    q += 3;
  }
  if (q + 2 > end) return out;
  out.push(q);
  const extEnd = Math.min(end, q + 2 + ((b[q] << 8) | b[q + 1]));
  q += 2;
  while (q + 4 <= extEnd) {
    out.push(q + 2);
    const type = (b[q] << 8) | b[q + 1];
    const len = (b[q + 2] << 8) | b[q + 3];
    if (type === 0 && q + 9 <= extEnd) out.push(q + 4, q + 7); // SNI list, name length
    if ((type === 16 || type === 43 || type === 10) && q + 6 <= extEnd) out.push(q + 4); // ALPN, versions, groups
    q += 4 + len;
  }
  return out;
}

function mutateTls(b: Uint8Array, p: number, rng: Rng, recipe: string[]): void {
  let at = -1;
  for (let i = p; i + 5 < b.length; i++) {
    if (b[i] === 0x16 && b[i + 1] === 3 && b[i + 2] <= 4) {
      at = i;
      break;
    }
  }
  if (at < 0) return;
  const fields = tlsLengthFields(b, at);
  const f = rng.pick(fields);
  put16(b, f, lengthValue(rng, (b[f] << 8) | b[f + 1], 0xffff));
  recipe.push(`tls:length@${f - at}`);
}

function mutateQuic(b: Uint8Array, p: number, rng: Rng, recipe: string[]): void {
  if (p + 7 > b.length) return;
  if ((b[p] & 0x80) === 0) {
    b[p] |= 0x80;
    recipe.push('quic:long-header-bit');
    return;
  }
  // inside the encryption (frames, CRYPTO data, the ClientHello), where it can be undone
  if (rng.chance(0.5) && mutateQuicPlaintext(b, p, rng, recipe)) return;
  const dcidLen = b[p + 5];
  const kind = rng.int(5);
  if (kind === 0) {
    b[p + 5] = rng.pick([0, 20, 21, 255]);
    recipe.push('quic:dcid-length');
  } else if (kind === 1) {
    const v = rng.pick([0x00000001, 0x6b3343cf, 0xff00001d, 0x51303436, 0x51303530, 0, 0xfaceb002]);
    b[p + 1] = v >>> 24;
    b[p + 2] = (v >> 16) & 255;
    b[p + 3] = (v >> 8) & 255;
    b[p + 4] = v & 255;
    recipe.push('quic:version');
  } else {
    // the token length or packet length varint: 0, huge, or an 8-byte varint
    let q = p + 6 + dcidLen;
    if (q < b.length) q += 1 + b[q];
    if (kind === 3 && q < b.length) q += 1 << (b[q] >> 6); // skip the token length: hit the length
    if (q + 1 >= b.length) return;
    const pat = rng.int(3);
    if (pat === 0) b[q] = 0;
    else if (pat === 1) {
      b[q] = 0x7f;
      b[q + 1] = 0xff;
    } else b[q] = 0xff;
    recipe.push(kind === 3 ? 'quic:length' : 'quic:token-length');
  }
}

const enc = new TextEncoder();

function mutateHttp(b: Uint8Array, p: number, rng: Rng, recipe: string[]): Uint8Array {
  const head = b.subarray(p);
  const text = Buffer.from(head).toString('latin1');
  const kind = rng.int(6);
  let out: string;
  if (kind === 0) out = text.replace(/\r\n/g, '\n');
  else if (kind === 1) out = text.replace('\r\n', `\r\nX-Fuzz: ${'a'.repeat(1000 + rng.int(60000))}\r\n`);
  else if (kind === 2) out = text.replace(/ /, ' /' + 'A'.repeat(2000 + rng.int(20000)));
  else if (kind === 3) out = text.replace('\r\n', '\r\nHost: \u0000evil\u00ff.' + '.'.repeat(300) + '\r\nHost: second\r\nContent-Length: 99999999999999999999\r\n');
  else if (kind === 4) out = text.replace(/\r\n\r\n/, '\r\n');
  else out = text.slice(0, rng.int(text.length + 1));
  recipe.push(`http:${['bare-lf', 'huge-header', 'huge-url', 'odd-host', 'no-end', 'cut'][kind]}`);
  const body = Buffer.from(out, 'latin1');
  const r = new Uint8Array(p + body.length);
  r.set(b.subarray(0, p));
  r.set(body, p);
  return r;
}

/** The seeds' client Initials (found once per seed list). */
const INITIALS = new WeakMap<Seed[], Rec[]>();
function clientInitials(seeds: Seed[]): Rec[] {
  let list = INITIALS.get(seeds);
  if (list === undefined) {
    list = [];
    for (const s of seeds) for (const r of s.records) if (quicPayloadAt(r) >= 0 && isClientInitial(r.data, quicPayloadAt(r))) list.push(r);
    INITIALS.set(seeds, list);
  }
  return list;
}

/** Offset of a UDP payload that starts with a QUIC long header, or -1. */
function quicPayloadAt(r: Rec): number {
  const L = findLayers(r.data, r.linktype);
  if (!L || L.proto !== 17 || L.payload < 0 || L.payload >= r.data.length) return -1;
  return r.data[L.payload] & 0x80 ? L.payload : -1;
}

// ---------------------------------------------------------------- packet headers

function fixLengths(b: Uint8Array, rec: Rec): void {
  rec.wirelen = Math.max(rec.wirelen, b.length);
}

/** One damage to one record; returns the (possibly new) record data. */
function mutateRecord(rec: Rec, rng: Rng, recipe: string[]): void {
  const b = rec.data;
  const L = findLayers(b, rec.linktype);
  const roll = rng.int(16);
  if (L && L.payload >= 0 && L.payload < b.length && roll < 7) {
    const pl = L.payload;
    const port = (x: number) => L.sport === x || L.dport === x;
    const isHttp = /^[A-Z]{3,7} |^HTTP\//.test(Buffer.from(b.subarray(pl, pl + 8)).toString('latin1'));
    if (port(53) || port(5353) || port(5355)) mutateDns(b, L.proto === 6 ? pl + 2 : pl, rng, recipe);
    else if (isHttp) rec.data = mutateHttp(b, pl, rng, recipe);
    else if (L.proto === 17 && (port(443) || port(80) || (b[pl] & 0xc0) === 0xc0)) mutateQuic(b, pl, rng, recipe);
    else if (b[pl] === 0x16 || port(443)) mutateTls(b, pl, rng, recipe);
    else {
      for (let k = 1 + rng.int(4); k > 0; k--) b[pl + rng.int(b.length - pl)] ^= 1 << rng.int(8);
      recipe.push('payload:bitflip');
    }
    fixLengths(rec.data, rec);
    return;
  }
  if (L && roll < 11) {
    const { ip, l4 } = L;
    switch (rng.int(7)) {
      case 0:
        if (L.version === 4) put16(b, ip + 2, lengthValue(rng, (b[ip + 2] << 8) | b[ip + 3], 0xffff));
        else put16(b, ip + 4, lengthValue(rng, (b[ip + 4] << 8) | b[ip + 5], 0xffff));
        recipe.push('ip:length');
        break;
      case 1:
        if (L.version === 4) b[ip] = 0x40 | rng.int(16);
        else b[ip + 6] = rng.pick([0, 43, 44, 60, 59, 135, 139, 140]);
        recipe.push(L.version === 4 ? 'ipv4:ihl' : 'ipv6:next-header');
        break;
      case 2:
        if (L.version === 4) {
          // a fragment: MF and/or an offset
          const off = rng.pick([0, 1, 8184, rng.int(8192)]);
          put16(b, ip + 6, (rng.chance(0.6) ? 0x2000 : 0) | off);
          put16(b, ip + 4, rng.int(65536));
        } else b[ip + 6] = 44;
        recipe.push('ip:fragment');
        break;
      case 3:
        if (L.proto === 17) put16(b, l4 + 4, lengthValue(rng, (b[l4 + 4] << 8) | b[l4 + 5], 0xffff));
        else if (l4 + 12 < b.length) b[l4 + 12] = (rng.int(16) << 4) | (b[l4 + 12] & 15);
        recipe.push(L.proto === 17 ? 'udp:length' : 'tcp:data-offset');
        break;
      case 4:
        b[L.version === 4 ? ip + 9 : ip + 6] = rng.pick([1, 4, 6, 17, 41, 47, 50, 58, 132, 255]);
        recipe.push('ip:protocol');
        break;
      case 5:
        // tunnel ports: the payload is read as VXLAN/GTP/Teredo/CAPWAP
        if (L.proto === 17 && l4 + 4 <= b.length) put16(b, l4 + 2, rng.pick([4789, 2152, 3544, 5246, 5247, 4500, 500, 443, 53]));
        recipe.push('udp:tunnel-port');
        break;
      default:
        b[ip + rng.int(Math.min(40, b.length - ip))] = rng.int(256);
        recipe.push('ip:byte');
    }
    return;
  }
  switch (rng.int(5)) {
    case 0:
      rec.data = b.slice(0, rng.int(b.length + 1));
      recipe.push('record:cut');
      break;
    case 1:
      rec.wirelen = rng.pick([0, 1, rec.data.length - 1, 0xffffffff, 65536]);
      recipe.push('record:wirelen');
      break;
    case 2:
      rec.sec = rng.pick([0, 0xffffffff, rec.sec - 86400, rec.sec + 1e6]) >>> 0;
      recipe.push('record:time');
      break;
    case 3:
      rec.linktype = rng.pick([0, 1, 9, 12, 101, 105, 113, 127, 228, 276, 147, 0xffff]);
      recipe.push('record:linktype');
      break;
    default:
      for (let k = 1 + rng.int(8); k > 0 && b.length > 0; k--) b[rng.int(b.length)] ^= 1 << rng.int(8);
      recipe.push('record:bitflip');
  }
}

/** A storm of distinct fragments (every packet a new datagram) built from one record. */
function fragmentStorm(rec: Rec, rng: Rng): Rec[] {
  const L = findLayers(rec.data, rec.linktype);
  if (!L || L.version !== 4) return [rec];
  const out: Rec[] = [];
  const n = 50 + rng.int(400);
  for (let i = 0; i < n; i++) {
    const d = new Uint8Array(rec.data);
    put16(d, L.ip + 4, i);
    put16(d, L.ip + 6, 0x2000 | rng.int(64));
    out.push({ ...rec, data: d, sec: rec.sec + (i >> 6) });
  }
  return out;
}

// ---------------------------------------------------------------- file formats

/** `ends`: offset after each packet record; `clean`: nothing the reader may refuse. */
function writePcap(recs: Rec[], rng: Rng, fields: Field[], recipe: string[], ends: number[], clean: boolean): Uint8Array {
  const be = rng.chance(0.3);
  const nanos = rng.chance(0.3);
  const snaplen = !clean && rng.chance(0.1) ? rng.pick([0, 64, 65535]) : 262144;
  const w = new PcapWriter({ linktype: recs[0]?.linktype ?? 1, bigEndian: be, nanos, snaplen });
  const parts: Uint8Array[] = [w.header()];
  fields.push({ off: 16, size: 4, be, what: 'snaplen' }, { off: 20, size: 4, be, what: 'linktype' });
  let off = 24;
  for (const r of recs) {
    const rb = w.record({ sec: r.sec, nsec: r.nsec, data: r.data, origLen: r.wirelen });
    fields.push({ off: off + 8, size: 4, be, what: 'caplen' }, { off: off + 12, size: 4, be, what: 'wirelen' });
    parts.push(rb);
    off += rb.length;
    ends.push(off);
  }
  recipe.push(`pcap${be ? '-be' : ''}${nanos ? '-nsec' : ''}`);
  return Buffer.concat(parts);
}

function writePcapng(recs: Rec[], rng: Rng, fields: Field[], recipe: string[], ends: number[], clean: boolean): Uint8Array {
  const w = new PcapngWriter();
  const parts: Buffer[] = [];
  let off = 0;
  const push = (b: Buffer, kind: string, be: boolean): void => {
    fields.push({ off: off + 4, size: 4, be, what: `${kind}.length` }, { off: off + b.length - 4, size: 4, be, what: `${kind}.trailer-length` });
    if (kind === 'epb' || kind === 'pb') fields.push({ off: off + 20, size: 4, be, what: `${kind}.caplen` }, { off: off + 24, size: 4, be, what: `${kind}.origlen` });
    if (kind === 'spb') fields.push({ off: off + 8, size: 4, be, what: 'spb.origlen' });
    if (kind === 'idb') fields.push({ off: off + 8, size: 2, be, what: 'idb.linktype' }, { off: off + 12, size: 4, be, what: 'idb.snaplen' });
    if (kind === 'idb' && b.length > 20) fields.push({ off: off + 18, size: 2, be, what: 'idb.option-length' });
    parts.push(b);
    off += b.length;
    if (kind === 'epb' || kind === 'pb' || kind === 'spb') ends.push(off);
  };
  let be = false;
  const sections = rng.chance(0.15) ? 2 : 1;
  const per = Math.ceil(recs.length / sections);
  const useSpb = rng.chance(0.15);
  const usePb = rng.chance(0.1);
  for (let s = 0; s < sections; s++) {
    be = rng.chance(0.3);
    const part = recs.slice(s * per, (s + 1) * per);
    const lts = [...new Set(part.map((r) => r.linktype))];
    if (lts.length === 0) lts.push(1);
    const shb = w.section({ bigEndian: be });
    push(shb, 'shb', be);
    const ifaces: NgInterface[] = lts.map((lt) => {
      const i: NgInterface = { linktype: lt };
      if (rng.chance(0.3)) i.tsresol = rng.pick([9, 6, 3, 0x80 | 20, 0x80 | 63, 0, 19, 0xff]);
      if (rng.chance(0.1)) i.tsoffset = rng.pick([1, -1, 2 ** 40]);
      if (!clean && rng.chance(0.05)) i.snaplen = rng.pick([64, 65535, 1]);
      return i;
    });
    for (const i of ifaces) push(w.interface(i), 'idb', be);
    for (const r of part) {
      const iface = lts.indexOf(r.linktype);
      if (useSpb && iface === 0) push(w.spb(r.data, r.wirelen), 'spb', be);
      else if (usePb) push(w.pb(iface, { sec: r.sec, nsec: r.nsec }, r.data, r.wirelen), 'pb', be);
      else push(w.epb(iface, { sec: r.sec, nsec: r.nsec }, r.data, r.wirelen), 'epb', be);
      if (!clean && rng.chance(0.02)) push(w.block(rng.pick([4, 5, 0x80000001, 0x0a0d0d0a, 7, 0]), new Uint8Array(rng.int(24))), 'unknown', be);
    }
  }
  recipe.push(`pcapng${sections > 1 ? '-2sections' : ''}${be ? '-be' : ''}${useSpb ? '-spb' : ''}${usePb ? '-pb' : ''}`);
  return Buffer.concat(parts);
}

/** Walks the blocks of a pcapng (or records of a pcap) already on disk: length fields of raw seeds. */
function rawFields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length < 24) return out;
  const m = dv.getUint32(0, true);
  if (m === 0x0a0d0d0a) {
    let p = 0;
    let be = false;
    while (p + 12 <= b.length && out.length < 4000) {
      if (dv.getUint32(p, true) === 0x0a0d0d0a && p + 12 <= b.length) be = dv.getUint32(p + 8, true) !== 0x1a2b3c4d;
      const len = dv.getUint32(p + 4, !be);
      out.push({ off: p + 4, size: 4, be, what: 'block.length' });
      const type = dv.getUint32(p, !be);
      if (type === 6 && p + 28 <= b.length) out.push({ off: p + 20, size: 4, be, what: 'epb.caplen' });
      if (len < 12 || len % 4 !== 0) break;
      p += len;
    }
  } else {
    const be = m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
    let p = 24;
    while (p + 16 <= b.length && out.length < 4000) {
      out.push({ off: p + 8, size: 4, be, what: 'caplen' });
      p += 16 + dv.getUint32(p + 8, !be);
    }
  }
  return out;
}

// ---------------------------------------------------------------- file-level damage

function setField(b: Uint8Array, f: Field, rng: Rng): void {
  if (f.off + f.size > b.length) return;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const cur = f.size === 4 ? dv.getUint32(f.off, !f.be) : dv.getUint16(f.off, !f.be);
  const max = f.size === 4 ? rng.pick([0xffffffff, 0x7fffffff, 262145, 262144, 0x10000]) : 0xffff;
  const v = lengthValue(rng, cur, max) >>> 0;
  if (f.size === 4) dv.setUint32(f.off, v, !f.be);
  else dv.setUint16(f.off, v & 0xffff, !f.be);
}

function damageFile(b: Uint8Array, fields: Field[], seeds: Seed[], rng: Rng, recipe: string[]): Uint8Array {
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    switch (rng.int(7)) {
      case 0:
      case 1:
        if (fields.length > 0) {
          const f = rng.pick(fields);
          setField(b, f, rng);
          recipe.push(`field:${f.what}@${f.off}`);
        }
        break;
      case 2:
        for (let j = 1 + rng.int(16); j > 0 && b.length > 0; j--) b[rng.int(b.length)] ^= 1 << rng.int(8);
        recipe.push('file:bitflip');
        break;
      case 3: {
        const at = rng.int(b.length + 1);
        b = b.slice(0, at);
        recipe.push(`file:truncate@${at}`);
        break;
      }
      case 4: {
        // splice: a piece of another seed (or this file) into this one
        const other = rng.pick(seeds).raw;
        const src = other.length > 0 && rng.chance(0.5) ? other : b;
        const from = rng.int(src.length);
        const piece = src.slice(from, from + 1 + rng.int(Math.min(4096, src.length - from)));
        const at = rng.int(b.length + 1);
        const r = new Uint8Array(b.length + piece.length);
        r.set(b.subarray(0, at));
        r.set(piece, at);
        r.set(b.subarray(at), at + piece.length);
        b = r;
        fields = [];
        recipe.push(`file:splice@${at}+${piece.length}`);
        break;
      }
      case 5: {
        // append a whole other capture (pcapng: a second section; pcap: garbage after the end)
        const other = rng.pick(seeds).raw;
        if (other.length > 0 && other.length < 65536) {
          b = Buffer.concat([b, other]);
          recipe.push('file:concat');
        }
        break;
      }
      default:
        if (b.length > 0) {
          b[rng.int(b.length)] = rng.pick([0, 0xff, 0x80, 0x7f]);
          recipe.push('file:byte');
        }
    }
  }
  return b;
}

// ---------------------------------------------------------------- damage with an exact outcome

/** The blocks of a well-formed pcapng: offset, total length, byte order. */
function pcapngBlocks(b: Uint8Array): { off: number; len: number; be: boolean }[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: { off: number; len: number; be: boolean }[] = [];
  let be = false;
  for (let p = 0; p + 12 <= b.length; ) {
    if (dv.getUint32(p, true) === 0x0a0d0d0a) be = dv.getUint32(p + 8, true) !== 0x1a2b3c4d;
    const len = dv.getUint32(p + 4, !be);
    out.push({ off: p, len, be });
    p += len;
  }
  return out;
}

/**
 * A well-formed file damaged only where the outcome is exact: cut short; gzip'd with a bad
 * CRC or length in the trailer, or trailing data (every record must be reported); gzip'd and
 * cut (exactly the records zlib can decompress); or, for pcapng, one block's trailing length
 * made unlike its leading one (a CaptureError at that block).
 */
function cleanDamage(bytes: Uint8Array, ends: number[], rng: Rng, recipe: string[]): FuzzInput {
  const mode = rng.int(6);
  if (mode === 0 && bytes.length >= 4 && bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a) {
    const b = rng.pick(pcapngBlocks(bytes));
    const v = (b.len + rng.pick([4, -4, 1, 8, 0x10000, -b.len, 0xffffffff - b.len])) >>> 0;
    const out = copy(bytes);
    new DataView(out.buffer).setUint32(b.off + b.len - 4, v, !b.be);
    recipe.push(`clean-trailer@${b.off}=${v}`);
    return { bytes: out, recipe, expectErrorAt: b.off };
  }
  if (mode === 1 || mode === 2) {
    const z = Buffer.from(gzipSync(bytes));
    const parts: Uint8Array[] = [z];
    const what = rng.int(3);
    if (what !== 2) {
      // the CRC-32 or the length in the trailer
      const at = z.length - (what === 0 ? 8 : 4);
      z.writeUInt32LE((z.readUInt32LE(at) ^ (1 + rng.int(0xffff))) >>> 0, at);
      recipe.push(what === 0 ? 'clean-gzip-crc' : 'clean-gzip-length');
    }
    if (what === 2 || rng.chance(0.3)) {
      const junk = new Uint8Array(1 + rng.int(64)).map(() => 1 + rng.int(255));
      parts.push(junk);
      recipe.push(`clean-gzip-trailing+${junk.length}`);
    }
    return { bytes: copy(Buffer.concat(parts)), recipe, expectRecords: ends.length };
  }
  if (mode === 3) {
    const z = gzipSync(bytes);
    const at = rng.int(z.length + 1);
    const part = z.subarray(0, at);
    let decodable = 0;
    try {
      decodable = gunzipSync(part, { finishFlush: zc.Z_SYNC_FLUSH }).length;
    } catch {
      decodable = 0;
    }
    recipe.push(`clean-gzip-cut@${at}`);
    return { bytes: copy(part), recipe, expectRecords: ends.filter((e) => e <= decodable).length };
  }
  // only cut short: every record wholly before the cut must be reported
  const at = rng.int(bytes.length + 1);
  recipe.push(`clean-cut@${at}`);
  return { bytes: copy(bytes.subarray(0, at)), recipe, expectRecords: ends.filter((e) => e <= at).length };
}

// ---------------------------------------------------------------- one case

/** Copies (Buffer.prototype.slice would give a view into the seed). */
const copy = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export function makeInput(seeds: Seed[], rng: Rng): FuzzInput {
  const recipe: string[] = [];
  const seed = rng.pick(seeds);
  recipe.push(seed.name);
  let bytes: Uint8Array;
  let fields: Field[];
  if (seed.raw.length > 0 && (seed.records.length === 0 || rng.chance(0.2))) {
    bytes = copy(seed.raw);
    fields = rawFields(bytes);
    recipe.push('raw');
  } else {
    const start = rng.int(seed.records.length);
    let recs: Rec[] = seed.records.slice(start, start + 1 + rng.int(48)).map((r) => ({ ...r, data: copy(r.data) }));
    recipe.push(`records ${start}+${recs.length}`);
    if (recs.length > 0 && rng.chance(0.1)) {
      // records of another capture (maybe another link type) mixed in
      const other = rng.pick(seeds);
      const s2 = rng.int(other.records.length);
      const extra = other.records.slice(s2, s2 + 1 + rng.int(8)).map((r) => ({ ...r, data: copy(r.data) }));
      recs.splice(rng.int(recs.length + 1), 0, ...extra);
      recipe.push(`mix ${other.name} ${s2}+${extra.length}`);
    }
    const damage = recs.length === 0 ? 0 : rng.int(5);
    for (let k = 0; k < damage; k++) mutateRecord(rng.pick(recs), rng, recipe);
    const initials = clientInitials(seeds);
    if (initials.length > 0 && rng.chance(0.15)) {
      // QUIC's inside: a client Initial of the seeds, damaged within its encryption, put in
      // the window (a window seldom holds one: the damage above rarely meets them)
      const r = rng.pick(initials);
      const x = { ...r, data: copy(r.data) };
      if (mutateQuicPlaintext(x.data, quicPayloadAt(x), rng, recipe)) recs.splice(rng.int(recs.length + 1), 0, x);
    }
    if (recs.length > 0 && rng.chance(0.05)) {
      const i = rng.int(recs.length);
      recs = [...recs.slice(0, i), ...fragmentStorm(recs[i], rng), ...recs.slice(i + 1)];
      recipe.push('fragment-storm');
    }
    if (recs.length > 1 && rng.chance(0.1)) {
      const i = rng.int(recs.length);
      const j = rng.int(recs.length);
      [recs[i], recs[j]] = [recs[j], recs[i]];
      recipe.push('reorder');
    }
    fields = [];
    const ends: number[] = [];
    const clean = rng.chance(0.1);
    bytes = rng.chance(0.5) ? writePcap(recs, rng, fields, recipe, ends, clean) : writePcapng(recs, rng, fields, recipe, ends, clean);
    if (clean) return cleanDamage(bytes, ends, rng, recipe);
  }
  bytes = copy(bytes);
  if (rng.chance(0.5)) bytes = damageFile(bytes, fields, seeds, rng, recipe);
  if (rng.chance(0.05)) {
    bytes = gzipSync(bytes);
    if (rng.chance(0.3)) {
      const at = rng.int(bytes.length);
      bytes = bytes.slice(0, at);
      recipe.push(`gzip-cut@${at}`);
    } else recipe.push('gzip');
  }
  return { bytes, recipe };
}
