/**
 * Issue 18, row 1: a pcap of one-packet HTTP requests, each a new TCP flow, streamed to
 * stdout (no file needed): `node dist/scripts/gen-http-flood.js [--flows N] [--url BYTES]
 * [--headers K] [--header-bytes BYTES] | flowcheck - --format json --flows none`.
 * Defaults: 600,000 requests with 1 KB URLs and four 200-byte headers (about 1.3 GB).
 * `httpFloodGen` is also a scenario of scripts/memory.ts.
 */
import { fileURLToPath } from 'node:url';
import { PcapWriter } from '../lib/capture/writer.js';
import { streamFrames } from './support/frame-stream.js';

export interface HttpFlood {
  packets: number;
  frameLen: number;
  /** Writes frame i at b[p..p+frameLen). */
  frame(b: Buffer, p: number, i: number): void;
}

/** The request payload with a template path; flow i patches its number into it. */
function request(urlBytes: number, headers: number, headerBytes: number): Buffer {
  const path = '/' + 'a'.repeat(Math.max(0, urlBytes - 1));
  let text = `GET ${path} HTTP/1.1\r\nHost: flood.example.com\r\n`;
  const names = ['User-Agent', 'Accept', 'Cookie', 'Referer', 'X-Forwarded-For', 'Accept-Language', 'X-Request-Id', 'Authorization'];
  for (let h = 0; h < headers; h++) {
    const name = names[h % names.length] + (h >= names.length ? `-${h}` : '');
    text += `${name}: ${'v'.repeat(Math.max(1, headerBytes - name.length - 2))}\r\n`;
  }
  return Buffer.from(text + '\r\n', 'latin1');
}

export function httpFloodGen(flows: number, urlBytes = 1024, headers = 4, headerBytes = 200): HttpFlood {
  const payload = request(urlBytes, headers, headerBytes);
  const frameLen = 14 + 20 + 20 + payload.length;
  return {
    packets: flows,
    frameLen,
    frame(b, p, i) {
      b.fill(0x02, p, p + 12);
      b.writeUInt16BE(0x0800, p + 12);
      const ip = p + 14;
      b[ip] = 0x45;
      b[ip + 1] = 0;
      b.writeUInt16BE(20 + 20 + payload.length, ip + 2);
      b.writeUInt16BE(i & 0xffff, ip + 4);
      b.writeUInt16BE(0x4000, ip + 6);
      b[ip + 8] = 64;
      b[ip + 9] = 6;
      b.writeUInt16BE(0, ip + 10);
      // each request its own flow: client address and port from i
      b.writeUInt32BE((0x0a000000 + Math.floor(i / 50000)) >>> 0, ip + 12);
      b.writeUInt32BE(0xc0a80050, ip + 16);
      const t = ip + 20;
      b.writeUInt16BE(10000 + (i % 50000), t);
      b.writeUInt16BE(80, t + 2);
      b.writeUInt32BE(1000, t + 4);
      b.writeUInt32BE(1, t + 8);
      b[t + 12] = 0x50;
      b[t + 13] = 0x18; // PSH/ACK
      b.writeUInt16BE(65535, t + 14);
      b.writeUInt32BE(0, t + 16);
      payload.copy(b, t + 20);
      // a distinct URL per flow: the flow number in the path's first characters
      b.write(i.toString(36).padStart(8, '0'), t + 20 + 5, 'latin1');
    },
  };
}

/** Writes the capture to stdout, waiting for the reader (bounded memory). */
/** A small flood as one pcap in memory (tests): 1000 requests a second of packet time. */
export function httpFloodPcap(flows: number, urlBytes: number, headers: number, headerBytes = 200): Buffer {
  const g = httpFloodGen(flows, urlBytes, headers, headerBytes);
  const pw = new PcapWriter({ linktype: 1 });
  const rec = 16 + g.frameLen;
  const b = Buffer.alloc(flows * rec);
  for (let i = 0; i < flows; i++) {
    g.frame(b, i * rec + 16, i);
    pw.writeRecord(b, i * rec, 1_700_000_000 + Math.floor(i / 1000), (i % 1000) * 1000, b.subarray(i * rec + 16, (i + 1) * rec));
  }
  return Buffer.concat([pw.header(), b]);
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const g = httpFloodGen(arg('flows', 600_000), arg('url', 1024), arg('headers', 4), arg('header-bytes', 200));
  const out = process.stdout;
  const write = (b: Uint8Array) => new Promise<void>((resolve, reject) => out.write(b, (e) => (e ? reject(e) : resolve())));
  await streamFrames(g, write, 1_700_000_000, 10_000);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e: NodeJS.ErrnoException) => {
    // the reader went away (| head): not an error of the generator
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`gen-http-flood: ${e.message}\n`);
    process.exit(1);
  });
}
