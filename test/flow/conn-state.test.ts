/**
 * Zeek-style conn_state and history on crafted TCP/UDP exchanges (written as pcap files and
 * read by the whole pipeline, so the decoder's window field takes part) and on a corpus
 * capture, each checked against what Zeek's rules give (worked out in the comments).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { connHistory, connState } from '../../lib/flow/conn-state.js';
import type { Flow } from '../../lib/flow/flow.js';
import { checkFile } from '../check/helpers.js';
import { writeFileSync } from 'node:fs';
import { pcapFile } from '../../lib/capture/writer.js';
import { ETH_IPV4, ethernet, frameRecords, IP_TCP, IP_UDP, ipv4, tcp, udp, type Frame } from '../../scripts/support/packets.js';
import { corpusFile, NO_CORPUS, SAMPLES_DIR } from '../helpers/corpus.js';

/** Frames 1 ms apart between IPv4 hosts on one Ethernet link, written as a pcap file. */
class PcapBuilder {
  private readonly frames: Frame[] = [];
  private ipId = 1;
  private frame(src: string, dst: string, proto: number, l4: Uint8Array): this {
    const pkt = ipv4({ src, dst, proto, id: this.ipId++, ttl: 64 }, l4);
    const data = ethernet({ src: '00:1b:21:3c:4d:5e', dst: '00:0c:29:a1:b2:c3', etherType: ETH_IPV4 }, pkt);
    this.frames.push({ tUs: 1_700_000_000_000_000 + this.frames.length * 1000, data });
    return this;
  }
  tcp(src: string, sport: number, dst: string, dport: number, flags: number, seq: number, ack: number, payload: Uint8Array, _unused: undefined, window: number): this {
    return this.frame(src, dst, IP_TCP, tcp({ src, dst, sport, dport, seq, ack, flags, window }, payload));
  }
  udp(src: string, sport: number, dst: string, dport: number, payload: Uint8Array): this {
    return this.frame(src, dst, IP_UDP, udp({ src, dst, sport, dport }, payload));
  }
  write(file: string): string {
    writeFileSync(file, pcapFile(frameRecords(this.frames), { linktype: 1, snaplen: 65535 }));
    return file;
  }
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-connstate-'));
const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;

const CLI = '10.0.0.1';
const SRV = '10.0.0.2';

/** One TCP exchange between CLI:40000 and SRV:80: c()/s() send from the client/server. */
class Exchange {
  readonly b = new PcapBuilder();
  c(flags: number, seq: number, ack: number, data = '', win = 0xffff): this {
    this.b.tcp(CLI, 40000, SRV, 80, flags, seq, ack, Buffer.from(data, 'latin1'), undefined, win);
    return this;
  }
  s(flags: number, seq: number, ack: number, data = '', win = 0xffff): this {
    this.b.tcp(SRV, 80, CLI, 40000, flags, seq, ack, Buffer.from(data, 'latin1'), undefined, win);
    return this;
  }
  /** SYN (client ISN 1000), SYN/ACK (server ISN 5000), ACK. */
  handshake(): this {
    return this.c(SYN, 1000, 0).s(SYN | ACK, 5000, 1001).c(ACK, 1001, 5001);
  }
}

let n = 0;
async function flowsOf(b: PcapBuilder): Promise<Flow[]> {
  const file = b.write(path.join(tmp, `x${n++}.pcap`));
  const r = await analyze({ inputs: [file], keepFlows: true });
  return r.flows;
}

/** The single flow's [conn_state, history]. */
async function zeek(x: Exchange): Promise<[string, string]> {
  const flows = await flowsOf(x.b);
  assert.equal(flows.length, 1, 'one flow');
  return [connState(flows[0]), connHistory(flows[0])];
}

test('normal establishment and close: SF, ShADadFf', async () => {
  const x = new Exchange()
    .handshake()
    .c(PSH | ACK, 1001, 5001, 'GET / HTTP/1.0\r\n\r\n')
    .s(ACK, 5001, 1019)
    .s(PSH | ACK, 5001, 1019, 'HTTP/1.0 200 OK\r\n\r\n')
    .c(ACK, 1019, 5020)
    .c(FIN | ACK, 1019, 5020)
    .s(FIN | ACK, 5020, 1020)
    .c(ACK, 1020, 5021);
  assert.deepEqual(await zeek(x), ['SF', 'ShADadFf']);
});

test('a SYN without answer (sent twice, same sequence number): S0, S', async () => {
  const x = new Exchange().c(SYN, 1000, 0).c(SYN, 1000, 0);
  assert.deepEqual(await zeek(x), ['S0', 'S']);
});

test('a SYN answered by RST/ACK: REJ, Sr', async () => {
  const x = new Exchange().c(SYN, 1000, 0).s(RST | ACK, 0, 1001, '', 0);
  assert.deepEqual(await zeek(x), ['REJ', 'Sr']);
});

test('established, never closed: S1; one side closed without answer: S2 / S3', async () => {
  const open = () => new Exchange().handshake().c(PSH | ACK, 1001, 5001, 'hello');
  assert.deepEqual(await zeek(open()), ['S1', 'ShAD']);
  assert.deepEqual(await zeek(open().c(FIN | ACK, 1006, 5001)), ['S2', 'ShADF']);
  assert.deepEqual(await zeek(open().s(FIN | ACK, 5001, 1006)), ['S3', 'ShADf']);
});

test('half open: SYN then FIN without SYN/ACK (SH); SYN+FIN in one packet is q-flagged', async () => {
  assert.deepEqual(await zeek(new Exchange().c(SYN, 1000, 0).c(FIN, 1001, 0)), ['SH', 'SF']);
  assert.deepEqual(await zeek(new Exchange().c(SYN | FIN, 1000, 0)), ['SH', 'Q']);
});

test('resets from each side: RSTO, RSTR, RSTOS0', async () => {
  const open = () => new Exchange().handshake().c(PSH | ACK, 1001, 5001, 'hello');
  assert.deepEqual(await zeek(open().c(RST | ACK, 1006, 5001, '', 0)), ['RSTO', 'ShADR']);
  assert.deepEqual(await zeek(open().s(RST | ACK, 5001, 1006, '', 0)), ['RSTR', 'ShADr']);
  // a SYN, then the client's own RST, no SYN/ACK
  assert.deepEqual(await zeek(new Exchange().c(SYN, 1000, 0).c(RST, 1001, 0, '', 0)), ['RSTOS0', 'SR']);
});

test('the server speaks first (endpoints swapped, ^): RSTRH, SHR', async () => {
  // a SYN/ACK with no SYN seen, then RST / FIN from the same (server) side
  assert.deepEqual(await zeek(new Exchange().s(SYN | ACK, 5000, 1001).s(RST, 5001, 0, '', 0)), ['RSTRH', '^hr']);
  assert.deepEqual(await zeek(new Exchange().s(SYN | ACK, 5000, 1001).s(FIN | ACK, 5001, 1001)), ['SHR', '^hf']);
});

test('picked up midstream: OTH (both sides partial)', async () => {
  const x = new Exchange().c(PSH | ACK, 7000, 9000, 'abc').s(PSH | ACK, 9000, 7003, 'defg').c(ACK, 7003, 9004);
  assert.deepEqual(await zeek(x), ['OTH', 'DdA']);
  // the server's packet first: swapped, and its letters (lower case) come first after ^
  const y = new Exchange().s(PSH | ACK, 9000, 7000, 'defg').c(PSH | ACK, 7000, 9004, 'abc');
  assert.deepEqual(await zeek(y), ['OTH', '^dD']);
});

test('retransmitted payload and zero windows: letters again at the 10th, 100th … occurrence', async () => {
  const x = new Exchange().handshake().c(PSH | ACK, 1001, 5001, 'data');
  for (let i = 0; i < 10; i++) x.c(PSH | ACK, 1001, 5001, 'data'); // 10 retransmissions: T, T
  for (let i = 0; i < 9; i++) x.s(ACK, 5001, 1005, '', 0); // 9 zero windows: w
  x.c(PSH | ACK, 1005, 5001, 'more');
  x.s(ACK, 5001, 1009, '', 0); // the 10th: w again
  x.c(PSH | ACK, 1001, 5001, 'data'); // the 11th retransmission: nothing new
  // S h A D, T at the 1st and 10th retransmission, a and w on the first zero window, w at the 10th
  assert.deepEqual(await zeek(x), ['S1', 'ShADTTaww']);
});

test('a zero window after the peer\'s FIN is not recorded (nor one in a RST: REJ above)', async () => {
  const x = new Exchange().handshake().c(FIN | ACK, 1001, 5001).s(ACK, 5001, 1002, '', 0).s(FIN | ACK, 5001, 1002, '', 0).c(ACK, 1002, 5002);
  assert.deepEqual(await zeek(x), ['SF', 'ShAFaf']);
});

test('UDP: both ways SF Dd; one way S0 D; from the server only SHR ^d', async () => {
  const b = new PcapBuilder();
  const q = Buffer.from('q');
  b.udp(CLI, 40001, SRV, 5000, q).udp(SRV, 5000, CLI, 40001, q).udp(SRV, 5000, CLI, 40001, q);
  b.udp(CLI, 40002, SRV, 5000, q).udp(CLI, 40002, SRV, 5000, q);
  b.udp(SRV, 53, CLI, 40003, q); // from a well-known port to an ephemeral one: the sender is the server
  const flows = await flowsOf(b);
  const byPort = (p: number) => {
    const f = flows.find((x) => x.cliPort === p)!;
    return [connState(f), connHistory(f)];
  };
  assert.deepEqual(byPort(40001), ['SF', 'Dd']);
  assert.deepEqual(byPort(40002), ['S0', 'D']);
  assert.deepEqual(byPort(40003), ['SHR', '^d']);
});

test('Lua: flow.conn_state() and flow.history() give the same as the report (end hook)', async () => {
  const x = new Exchange().handshake().c(PSH | ACK, 1001, 5001, 'hello').s(RST | ACK, 5001, 1006, '', 0);
  const file = x.b.write(path.join(tmp, 'lua.pcap'));
  const check = checkFile('print(flow.conn_state() .. " " .. flow.history() .. " " .. type(flow.history()))', 'zeek.lua');
  const lines: string[] = [];
  const r = await analyze({ inputs: [file], checks: [{ file: check, hook: 'end' }], checkOptions: { stderr: (l) => lines.push(l) } });
  assert.deepEqual(r.checkErrors, []);
  assert.deepEqual(lines, ['[zeek.lua] RSTR ShADr string']);
});

test('ICMP (samples/mixed.pcap): OTH with an empty history', async () => {
  const r = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')], keepFlows: true });
  const icmp = r.flows.filter((f) => f.proto === 1);
  assert.ok(icmp.length > 0);
  for (const f of icmp) assert.deepEqual([connState(f), connHistory(f)], ['OTH', '']);
});

/**
 * KakaoTalk_chat.pcap, worked out packet by packet with Zeek's rules (Zeek would pick the same
 * originator for each: a FIN/data first packet from an ephemeral port keeps its sender, one
 * from port 80 is flipped, '^').
 */
test('corpus: KakaoTalk_chat.pcap as Zeek would log it', { skip: NO_CORPUS }, async () => {
  const r = await analyze({ inputs: [corpusFile('KakaoTalk_chat.pcap')], keepFlows: true });
  const byPort = (p: number) => {
    const f = r.flows.find((x) => x.proto === 6 && x.cliPort === p);
    assert.ok(f, `flow from port ${p}`);
    return [connState(f), connHistory(f)];
  };
  // client FIN (F), server ACK (a: server partial), server RST/ACK far outside its sequence
  // space (r), client ACK (A), server RST at its own sequence: a new RST sequence number, r again
  assert.deepEqual(byPort(42332), ['RSTR', 'FarAr']);
  // server port 80 speaks first (flipped): FIN (f), client ACKs (A: client partial), the same FIN
  // five more times (not recorded), then a FIN at another sequence number (f)
  assert.deepEqual(byPort(35922), ['SHR', '^fAf']);
  // client data then client RST, nothing from the server: not a SYN-first history, so OTH
  assert.deepEqual(byPort(58927), ['OTH', 'DR']);
  // a lone RST/ACK from server port 80: flipped, the responder reset without any SYN seen
  assert.deepEqual(byPort(34503), ['RSTRH', '^r']);
  // a full handshake, data both ways, frame 38 retransmits frame 37's 31 bytes (T)
  assert.deepEqual(byPort(51021), ['S1', 'ShADadT']);
});
