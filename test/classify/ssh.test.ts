import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { hassh, readKexinit, ssh } from '../../lib/classify/protocols/ssh.js';
import { Flow } from '../../lib/flow/flow.js';
import { lcg31 } from '../helpers/random.js';
import { CLIENT_KEXINIT, SERVER_KEXINIT } from './ssh-payloads.js';

const concat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const text = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

// ssh.pcap: 172.16.238.1:58395 ↔ 172.16.238.168:22; the server speaks first
const SERVER = concat(text('SSH-2.0-OpenSSH_5.3\r\n'), hex(SERVER_KEXINIT));
const CLIENT = concat(text('SSH-2.0-OpenSSH_5.6\r\n'), hex(CLIENT_KEXINIT));
// nDPI's ssh.pcap.out: HASSH-C 21B457A3…, HASSH-S B1C6C0D5…
const HASSH_C = '21b457a327ce7a2d4fce5ef2c42400bd';
const HASSH_S = 'b1c6c0d56317555b85c7005a3de29325';

function look(f: Flow, dir: 0 | 1, data: Uint8Array, len = data.length): Verdict {
  const inp: DissectInput = { flow: f, dir, data, off: 0, len, packetIndex: 0, transport: 6, sport: 0, dport: 22 };
  return ssh.dissect(inp);
}

function tcpFlow(): Flow {
  const f = new Flow(1);
  f.proto = 6;
  return f;
}

test('banners and HASSH of both sides (ssh.pcap), the stream growing per segment', () => {
  const f = tcpFlow();
  // server banner alone (frame 4), then client banner (frame 6)
  assert.equal(look(f, 1, SERVER, 21), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'SSH');
  assert.equal(f.meta.ssh?.serverBanner, 'SSH-2.0-OpenSSH_5.3');
  assert.equal(look(f, 0, CLIENT, 21), Verdict.YesMore);
  assert.equal(f.meta.ssh?.clientBanner, 'SSH-2.0-OpenSSH_5.6');
  // client KEXINIT half there: still waiting
  assert.equal(look(f, 0, CLIENT, 400), Verdict.YesMore);
  assert.equal(f.meta.ssh?.hasshClient, undefined);
  assert.equal(look(f, 0, CLIENT), Verdict.YesMore);
  assert.equal(f.meta.ssh?.hasshClient, HASSH_C);
  assert.equal(look(f, 1, SERVER), Verdict.Yes);
  assert.equal(f.meta.ssh?.hasshServer, HASSH_S);
});

test('KEXINIT lists are read per RFC 4253', () => {
  const lists = readKexinit(hex(CLIENT_KEXINIT), 0, CLIENT_KEXINIT.length / 2);
  assert.ok(lists);
  assert.equal(lists.length, 8);
  assert.ok(lists[0].startsWith('diffie-hellman-group-exchange-sha256'));
  assert.equal(lists[6], 'none,zlib@openssh.com,zlib');
  assert.equal(hassh(lists, true), HASSH_C);
});

test('not SSH; truncated and garbage payloads never throw', () => {
  assert.equal(look(tcpFlow(), 0, text('GET / HTTP/1.1\r\n\r\n')), Verdict.No);
  assert.equal(look(tcpFlow(), 0, hex('16030100')), Verdict.No);
  // nDPI decides on the first packet: a short one, or one not opening with "SSH-", is no SSH
  assert.equal(look(tcpFlow(), 0, text('SS')), Verdict.No);
  assert.equal(look(tcpFlow(), 0, text('SSH-2.0')), Verdict.No);
  assert.equal(look(tcpFlow(), 0, text('hello\r\nSSH-2.0-x\r\n')), Verdict.No);
  for (const msg of [SERVER, CLIENT]) {
    for (let n = 0; n <= msg.length; n += 7) {
      const v = look(tcpFlow(), 0, msg, n);
      assert.ok(v >= Verdict.No && v <= Verdict.YesMore);
    }
  }
  // a KEXINIT whose lengths point past the end
  const bad = concat(text('SSH-2.0-x\r\n'), hex('0000001004140000000000000000000000000000ffffffff'));
  assert.equal(look(tcpFlow(), 0, bad), Verdict.YesMore);
  const next = lcg31(3);
  const rnd = () => (next() >> 16) & 0xff;
  for (let k = 0; k < 1000; k++) {
    const b = new Uint8Array(30 + (k % 200));
    for (let i = 0; i < b.length; i++) b[i] = rnd();
    b.set(text('SSH-2.0-x\r\n'), 0);
    look(tcpFlow(), k & 1 ? 1 : 0, b);
  }
});
