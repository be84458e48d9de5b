/**
 * Fast generators of large benchmark captures (classic pcap, Ethernet, µs). Flows live in
 * typed arrays; each packet is written straight into a big preallocated buffer (header fields
 * patched in place, payload copied from a pool or a protocol template), which is flushed to
 * disk in 32 MiB writes. Transport checksums are left 0 (flowcheck, nDPI and tshark do not
 * verify them by default); IPv4 header checksums are right.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapWriter } from '../../lib/capture/writer.js';
import { ascii, Prng } from './bytes.js';
import { DNS_A, dnsQuery } from './dns.js';
import { httpRequest } from './http.js';
import { quicClientInitial } from './quic.js';
import { sshBanner } from './ssh.js';
import { tlsClientHello } from './tls.js';

export interface GenParams {
  kind: 'many-flows' | 'few-flows';
  /** Stop starting flows (many) or end all flows (few) once the file has this many bytes. */
  targetBytes: number;
  /** Flows active at once. */
  concurrency: number;
  seed: number;
}

export interface GenResult {
  packets: number;
  flows: number;
  fileBytes: number;
  /** Sum of frame lengths. */
  wireBytes: number;
  firstUs: number;
  lastUs: number;
}

const START_US = Date.UTC(2024, 0, 1) * 1000;
const CHUNK = 32 * 1024 * 1024;
const MAX_FRAME = 1514;

// Flow kinds (what the server port and the first client payload look like).
const K_TLS = 0;
const K_HTTP = 1;
const K_DNS = 2;
const K_QUIC = 3;
const K_SSH = 4;
const K_TCP_OTHER = 5;
const K_UDP_OTHER = 6;
const K_BULK_DOWN = 7;
const K_BULK_UP = 8;
const K_RTP = 9;

const TCP_KINDS = new Set([K_TLS, K_HTTP, K_SSH, K_TCP_OTHER, K_BULK_DOWN, K_BULK_UP]);

// TCP stages.
const S_SYN = 0;
const S_SYNACK = 1;
const S_ACK = 2;
const S_DATA = 3;
const S_FIN1 = 4;
const S_FIN2 = 5;
const S_DONE = 7;

interface Templates {
  first: Uint8Array[];
}

function templates(): Templates {
  const first: Uint8Array[] = [];
  first[K_TLS] = tlsClientHello({ sni: 'www.example.com', alpn: ['h2', 'http/1.1'], seed: 5 });
  first[K_HTTP] = httpRequest({ path: '/api/v1/items?page=2', host: 'api.example.org' });
  first[K_DNS] = dnsQuery({ id: 0x4242, name: 'cdn.example.net', qtype: DNS_A });
  first[K_QUIC] = quicClientInitial({ dcid: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), scid: Uint8Array.of(9, 10, 11, 12), sni: 'www.example.com' });
  first[K_SSH] = sshBanner('OpenSSH_9.6');
  first[K_TCP_OTHER] = ascii('HELO bench\r\n');
  first[K_UDP_OTHER] = ascii('\x00\x01bench');
  first[K_BULK_DOWN] = httpRequest({ path: '/big/file.iso', host: 'mirror.example.org' });
  first[K_BULK_UP] = tlsClientHello({ sni: 'upload.example.com', alpn: ['http/1.1'], seed: 6 });
  first[K_RTP] = Uint8Array.of(0x80, 0x00, 0x00, 0x01);
  return { first };
}

const SERVER_PORT = [443, 80, 53, 443, 22, 8443, 5000, 80, 443, 16384];

export function generateCapture(file: string, p: GenParams): GenResult {
  const rnd = new Prng(p.seed);
  const tpl = templates();
  const pool = Buffer.from(rnd.bytes(65536 + MAX_FRAME));
  const n = p.concurrency;
  // Per-slot flow state.
  const kind = new Uint8Array(n);
  const stage = new Uint8Array(n);
  const cliIp = new Uint32Array(n);
  const srvIp = new Uint32Array(n);
  const cport = new Uint16Array(n);
  const sport = new Uint16Array(n);
  const left = new Float64Array(n); // data packets still to send
  const sent = new Uint32Array(n); // data packets sent so far
  const seqC = new Uint32Array(n);
  const seqS = new Uint32Array(n);
  const ipId = new Uint16Array(n);
  const live = new Int32Array(n); // slots with a flow: live[0..liveCount)
  let liveCount = 0;
  let flows = 0;
  let packets = 0;
  let wireBytes = 0;
  let fileBytes = 0;
  let tUs = START_US;
  let starting = true;

  const fd = openSync(file, 'w');
  const out = Buffer.allocUnsafe(CHUNK);
  // The project's pcap writer does the format (little-endian, µs, Ethernet); frames are built
  // in place after their record header, which writeRecord then fills in.
  const pw = new PcapWriter({ linktype: 1, snaplen: 65535 });
  const header = pw.header();
  header.copy(out, 0);
  let pos = header.length;
  const flush = () => {
    writeSync(fd, out, 0, pos);
    fileBytes += pos;
    pos = 0;
  };

  const startFlow = (slot: number) => {
    const f = flows++;
    let k: number;
    if (p.kind === 'many-flows') {
      const r = rnd.int(100);
      k = r < 33 ? K_TLS : r < 45 ? K_HTTP : r < 70 ? K_DNS : r < 80 ? K_QUIC : r < 85 ? K_SSH : r < 92 ? K_TCP_OTHER : K_UDP_OTHER;
      left[slot] = k === K_DNS ? 2 : k === K_QUIC ? 2 + rnd.int(6) : 1 + rnd.int(k === K_TLS ? 8 : 6);
      // Clients: one address per flow in 10/8; servers: 20k public-looking addresses.
      cliIp[slot] = (0x0a000000 + 1 + f) >>> 0;
      srvIp[slot] = (0x5db80000 + rnd.int(20000)) >>> 0;
    } else {
      k = f % 3 === 2 ? K_RTP : f % 3 === 0 ? K_BULK_DOWN : K_BULK_UP;
      left[slot] = Infinity;
      cliIp[slot] = (0xc0a80a00 + 10 + f) >>> 0;
      srvIp[slot] = (0x34546400 + 7 * f) >>> 0;
    }
    kind[slot] = k;
    stage[slot] = TCP_KINDS.has(k) ? S_SYN : S_DATA;
    cport[slot] = 32768 + (f % 28000);
    sport[slot] = SERVER_PORT[k];
    sent[slot] = 0;
    seqC[slot] = rnd.next();
    seqS[slot] = rnd.next();
    ipId[slot] = rnd.next() & 0xffff;
  };

  for (let i = 0; i < n; i++) {
    startFlow(i);
    live[liveCount++] = i;
  }

  // Writes one frame; returns nothing. `fromCli` picks the direction.
  const emit = (slot: number, fromCli: boolean, proto: number, flags: number, payload: Uint8Array | null, plen: number) => {
    if (pos + 16 + MAX_FRAME > CHUNK) flush();
    const l4 = proto === 6 ? 20 : 8;
    const frame = 14 + 20 + l4 + plen;
    const b = out;
    let o = pos + 16; // the record header is written last

    // Ethernet: fixed MACs, swapped by direction.
    const m1 = fromCli ? 0x02 : 0x00;
    const m2 = fromCli ? 0x00 : 0x02;
    b[o] = m2; b[o + 1] = 0x0c; b[o + 2] = 0x29; b[o + 3] = 0xa1; b[o + 4] = 0xb2; b[o + 5] = 0xc3;
    b[o + 6] = m1; b[o + 7] = 0x0c; b[o + 8] = 0x29; b[o + 9] = 0xa1; b[o + 10] = 0xb2; b[o + 11] = 0xc3;
    b[o + 12] = 0x08; b[o + 13] = 0x00;
    o += 14;
    // IPv4.
    const ipLen = 20 + l4 + plen;
    const src = fromCli ? cliIp[slot] : srvIp[slot];
    const dst = fromCli ? srvIp[slot] : cliIp[slot];
    const id = (ipId[slot] = (ipId[slot] + 1) & 0xffff);
    b[o] = 0x45; b[o + 1] = 0; b[o + 2] = ipLen >>> 8; b[o + 3] = ipLen & 0xff;
    b[o + 4] = id >>> 8; b[o + 5] = id & 0xff; b[o + 6] = proto === 6 ? 0x40 : 0; b[o + 7] = 0;
    b[o + 8] = fromCli ? 64 : 56; b[o + 9] = proto; b[o + 10] = 0; b[o + 11] = 0;
    b[o + 12] = src >>> 24; b[o + 13] = (src >>> 16) & 0xff; b[o + 14] = (src >>> 8) & 0xff; b[o + 15] = src & 0xff;
    b[o + 16] = dst >>> 24; b[o + 17] = (dst >>> 16) & 0xff; b[o + 18] = (dst >>> 8) & 0xff; b[o + 19] = dst & 0xff;
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += (b[o + i] << 8) | b[o + i + 1];
    sum = (sum & 0xffff) + (sum >>> 16);
    sum = (sum & 0xffff) + (sum >>> 16);
    const ck = ~sum & 0xffff;
    b[o + 10] = ck >>> 8; b[o + 11] = ck & 0xff;
    o += 20;
    const sp = fromCli ? cport[slot] : sport[slot];
    const dp = fromCli ? sport[slot] : cport[slot];
    b[o] = sp >>> 8; b[o + 1] = sp & 0xff; b[o + 2] = dp >>> 8; b[o + 3] = dp & 0xff;
    if (proto === 6) {
      const seq = fromCli ? seqC[slot] : seqS[slot];
      const ack = flags & 0x10 ? (fromCli ? seqS[slot] : seqC[slot]) : 0;
      b[o + 4] = seq >>> 24; b[o + 5] = (seq >>> 16) & 0xff; b[o + 6] = (seq >>> 8) & 0xff; b[o + 7] = seq & 0xff;
      b[o + 8] = ack >>> 24; b[o + 9] = (ack >>> 16) & 0xff; b[o + 10] = (ack >>> 8) & 0xff; b[o + 11] = ack & 0xff;
      b[o + 12] = 0x50; b[o + 13] = flags; b[o + 14] = 0xfa; b[o + 15] = 0xf0;
      b[o + 16] = 0; b[o + 17] = 0; b[o + 18] = 0; b[o + 19] = 0;
      const adv = plen + (flags & 0x03 ? 1 : 0); // SYN and FIN take one sequence number
      if (fromCli) seqC[slot] = (seqC[slot] + adv) >>> 0;
      else seqS[slot] = (seqS[slot] + adv) >>> 0;
    } else {
      const ul = 8 + plen;
      b[o + 4] = ul >>> 8; b[o + 5] = ul & 0xff; b[o + 6] = 0; b[o + 7] = 0;
    }
    o += l4;
    if (plen > 0) {
      if (payload) b.set(payload, o);
      else {
        const from = (Math.imul(packets, 0x9e3779b1) >>> 0) & 0xffff;
        pool.copy(b, o, from, from + plen);
      }
      o += plen;
    }
    const sec = Math.floor(tUs / 1e6);
    pos = pw.writeRecord(out, pos, sec, tUs - sec * 1e6, out.subarray(pos + 16, o));
    packets++;
    wireBytes += frame;
  };

  const maxPayload = 1460;
  // Emits the slot's next packet; returns false when the flow has ended.
  const step = (slot: number): boolean => {
    const k = kind[slot];
    const tcp = TCP_KINDS.has(k);
    if (tcp) {
      switch (stage[slot]) {
        case S_SYN: emit(slot, true, 6, 0x02, null, 0); stage[slot] = S_SYNACK; return true;
        case S_SYNACK: emit(slot, false, 6, 0x12, null, 0); stage[slot] = S_ACK; return true;
        case S_ACK: emit(slot, true, 6, 0x10, null, 0); stage[slot] = S_DATA; return true;
        case S_FIN1: emit(slot, true, 6, 0x11, null, 0); stage[slot] = S_FIN2; return true;
        case S_FIN2:
          // the server's FIN and the client's last ACK one round trip apart, as a real
          // close goes (were the ACK scheduled like other packets, ~20 s later, it would
          // arrive after the close grace and open a one-packet flow of its own)
          emit(slot, false, 6, 0x11, null, 0);
          tUs += 20 + rnd.int(200);
          emit(slot, true, 6, 0x10, null, 0);
          stage[slot] = S_DONE;
          return false;
        default: break;
      }
    }
    if (left[slot] <= 0) {
      if (tcp) {
        stage[slot] = S_FIN1;
        return step(slot);
      }
      return false;
    }
    const i = sent[slot]++;
    left[slot]--;
    const proto = tcp ? 6 : 17;
    if (i === 0) {
      const t = tpl.first[k];
      emit(slot, true, proto, 0x18, t, t.length);
      return true;
    }
    let fromCli: boolean;
    let len: number;
    switch (k) {
      case K_BULK_DOWN: fromCli = i % 3 === 0; len = fromCli ? 0 : maxPayload; break;
      case K_BULK_UP: fromCli = i % 3 !== 0; len = fromCli ? maxPayload : 0; break;
      case K_RTP: fromCli = (i & 1) === 0; len = 160 + 12; break;
      case K_DNS: fromCli = false; len = 60 + rnd.int(200); break;
      default: {
        // Requests small, answers of any size (many small, some full-sized).
        fromCli = (i & 1) === 0;
        const r = rnd.int(10);
        len = fromCli ? 20 + rnd.int(r < 8 ? 300 : maxPayload - 20) : r < 6 ? 40 + rnd.int(400) : r < 8 ? 400 + rnd.int(800) : maxPayload;
        if (k === K_QUIC) len = Math.min(len, 1252);
      }
    }
    emit(slot, fromCli, proto, tcp ? (len ? 0x18 : 0x10) : 0, null, len);
    return true;
  };

  while (liveCount > 0) {
    const li = rnd.int(liveCount);
    const slot = live[li];
    // Packet time: the many-flows capture runs at ~1,000 packets/s, so that the capture
    // spans well beyond the analyser's idle timeouts and flows that finished really end
    // (at a few µs per packet every flow of the file would still be live at its end).
    tUs += p.kind === 'many-flows' ? 500 + rnd.int(1000) : 1 + rnd.int(12);
    if (!step(slot)) {
      if (starting) startFlow(slot);
      else live[li] = live[--liveCount];
    }
    if (starting && fileBytes + pos >= p.targetBytes) {
      starting = false;
      if (p.kind === 'few-flows') for (let s = 0; s < n; s++) left[s] = 0;
    }
  }
  flush();
  closeSync(fd);
  return { packets, flows, fileBytes, wireBytes, firstUs: START_US, lastUs: tUs };
}
