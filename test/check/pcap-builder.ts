/** Builds small Ethernet/IPv4 pcap files for end-to-end check tests. */
import { writeFileSync } from 'node:fs';
import { pcapFile } from '../../lib/capture/writer.js';

function ip4(a: string): number[] {
  return a.split('.').map(Number);
}

function checksum(b: Uint8Array, off: number, len: number): number {
  let s = 0;
  for (let i = 0; i < len; i += 2) s += (b[off + i] << 8) | (b[off + i + 1] ?? 0);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

interface Rec {
  sec: number;
  usec: number;
  frame: Uint8Array;
  /** Original length when the record is truncated (snaplen). */
  wireLen?: number;
}

export class PcapBuilder {
  private readonly recs: Rec[] = [];
  private sec = 1_700_000_000;
  private usec = 0;

  /** Advances packet time. */
  wait(seconds: number): this {
    const t = this.usec + Math.round(seconds * 1e6);
    this.sec += Math.floor(t / 1e6);
    this.usec = t % 1e6;
    return this;
  }

  private ipFrame(src: string, dst: string, proto: number, l4: Uint8Array): Uint8Array {
    const f = new Uint8Array(14 + 20 + l4.length);
    f.set([0, 0x11, 0x22, 0x33, 0x44, 0x55, 0, 0x66, 0x77, 0x88, 0x99, 0xaa, 0x08, 0x00], 0);
    const ip = 14;
    const total = 20 + l4.length;
    f.set([0x45, 0, total >> 8, total & 255, 0, 1, 0x40, 0, 64, proto, 0, 0, ...ip4(src), ...ip4(dst)], ip);
    const c = checksum(f, ip, 20);
    f[ip + 10] = c >> 8;
    f[ip + 11] = c & 255;
    f.set(l4, ip + 20);
    return f;
  }

  udp(src: string, sport: number, dst: string, dport: number, payload: Uint8Array): this {
    const l4 = new Uint8Array(8 + payload.length);
    const len = l4.length;
    l4.set([sport >> 8, sport & 255, dport >> 8, dport & 255, len >> 8, len & 255, 0, 0]);
    l4.set(payload, 8);
    this.recs.push({ sec: this.sec, usec: this.usec, frame: this.ipFrame(src, dst, 17, l4) });
    return this.wait(0.001);
  }

  tcp(src: string, sport: number, dst: string, dport: number, flags: number, seq: number, ack: number, payload: Uint8Array = new Uint8Array(0), truncateTo?: number, window = 0xffff): this {
    const l4 = new Uint8Array(20 + payload.length);
    l4.set([sport >> 8, sport & 255, dport >> 8, dport & 255]);
    l4.set([(seq >>> 24) & 255, (seq >>> 16) & 255, (seq >>> 8) & 255, seq & 255], 4);
    l4.set([(ack >>> 24) & 255, (ack >>> 16) & 255, (ack >>> 8) & 255, ack & 255], 8);
    l4.set([0x50, flags, window >> 8, window & 255, 0, 0, 0, 0], 12);
    l4.set(payload, 20);
    const frame = this.ipFrame(src, dst, 6, l4);
    if (truncateTo !== undefined && truncateTo < frame.length) {
      this.recs.push({ sec: this.sec, usec: this.usec, frame: frame.subarray(0, truncateTo), wireLen: frame.length });
    } else {
      this.recs.push({ sec: this.sec, usec: this.usec, frame });
    }
    return this.wait(0.001);
  }

  write(file: string): string {
    const recs = this.recs.map((r) => ({ sec: r.sec, usec: r.usec, data: r.frame, origLen: r.wireLen }));
    writeFileSync(file, pcapFile(recs, { linktype: 1, snaplen: 65535 }));
    return file;
  }
}

export const SYN = 0x02;
export const ACK = 0x10;
export const PSH_ACK = 0x18;
export const SYN_ACK = 0x12;
export const FIN_ACK = 0x11;

/** A TCP conversation: handshake, then data both ways with correct sequence numbers. */
export class TcpConversation {
  private cseq = 1000;
  private sseq = 5000;
  constructor(
    private readonly b: PcapBuilder,
    readonly cli: string,
    readonly cport: number,
    readonly srv: string,
    readonly sport: number,
  ) {
    b.tcp(cli, cport, srv, sport, SYN, this.cseq++, 0);
    b.tcp(srv, sport, cli, cport, SYN_ACK, this.sseq++, this.cseq);
    b.tcp(cli, cport, srv, sport, ACK, this.cseq, this.sseq);
  }
  client(data: Uint8Array | string, truncateTo?: number): this {
    const d = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.b.tcp(this.cli, this.cport, this.srv, this.sport, PSH_ACK, this.cseq, this.sseq, d, truncateTo);
    this.cseq += d.length;
    return this;
  }
  server(data: Uint8Array | string): this {
    const d = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    this.b.tcp(this.srv, this.sport, this.cli, this.cport, PSH_ACK, this.sseq, this.cseq, d);
    this.sseq += d.length;
    return this;
  }
  close(): this {
    this.b.tcp(this.cli, this.cport, this.srv, this.sport, FIN_ACK, this.cseq++, this.sseq);
    this.b.tcp(this.srv, this.sport, this.cli, this.cport, FIN_ACK, this.sseq++, this.cseq);
    this.b.tcp(this.cli, this.cport, this.srv, this.sport, ACK, this.cseq, this.sseq);
    return this;
  }
}

/** A DNS message: one question (and one A answer when `answer` is given). */
export function dnsMessage(id: number, name: string, answer?: string): Uint8Array {
  const q: number[] = [];
  for (const label of name.split('.')) q.push(label.length, ...Buffer.from(label, 'latin1'));
  q.push(0, 0, 1, 0, 1);
  const head = [id >> 8, id & 255, answer ? 0x81 : 0x01, answer ? 0x80 : 0x00, 0, 1, 0, answer ? 1 : 0, 0, 0, 0, 0];
  const ans = answer ? [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...ip4(answer)] : [];
  return Uint8Array.from([...head, ...q, ...ans]);
}
