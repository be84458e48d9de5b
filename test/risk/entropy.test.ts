/**
 * Susp Entropy, Fully Encrypted Flow and payload signatures of TCP/UDP flows
 * (lib/risk/entropy.ts, lib/risk/payload-magic.ts): crafted packets through the per-packet
 * rule, and corpus captures where nDPI's .out has the risks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { Flow } from '../../lib/flow/flow.js';
import { entropy32, entropyEnd, entropyPacket, looksFullyEncrypted, newEntropyScratch, newEntropyState } from '../../lib/risk/entropy.js';
import { payloadSignatures } from '../../lib/risk/payload-magic.js';
import { RISK } from '../../lib/risk/risks.js';
import { testConfigLists } from '../../scripts/risk-accuracy.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

/** Bytes 0..255 repeated: 8 bits a byte. */
function uniform(n: number): Uint8Array {
  return Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);
}
const text = new TextEncoder().encode('GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n');

function udpFlow(): Flow {
  const f = new Flow(1);
  f.proto = 17;
  f.cliPort = 40000;
  f.srvPort = 9999;
  return f;
}
const info = (f: Flow, id: number) => f.risks?.find((r) => r.id === id)?.info;
const has = (f: Flow, id: number) => f.risks?.some((r) => r.id === id) ?? false;

test('entropy: Shannon bits per byte, as nDPI prints them', () => {
  assert.equal(entropy32(uniform(256), 0, 256).toFixed(3), '8.000');
  assert.equal(entropy32(new Uint8Array(100), 0, 100), 0);
  assert.equal(entropy32(new Uint8Array(0), 0, 0), 0);
  const two = Uint8Array.from({ length: 64 }, (_, i) => i & 1);
  assert.equal(entropy32(two, 0, 64).toFixed(3), '1.000');
});

test('entropy: each term computed once per distinct count gives the very floats of the term-by-term sum', () => {
  const f = Math.fround;
  const reference = (b: Uint8Array, off: number, len: number): number => {
    const counts = new Uint32Array(256);
    for (let i = off; i < off + len; i++) counts[b[i]]++;
    let h = 0;
    for (let i = 0; i < 256; i++) {
      if (counts[i] === 0) continue;
      const p = f(counts[i] / len);
      h = f(h + f(p * f(Math.log2(f(1 / p)))));
    }
    return h;
  };
  // a deterministic generator: random bytes, skewed ones, runs, long payloads (counts over 255)
  let seed = 12345;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
  const scratch = newEntropyScratch();
  for (let k = 0; k < 600; k++) {
    const len = 1 + (next() % (k % 3 === 0 ? 4000 : 1500));
    const shape = k % 4;
    const b = Uint8Array.from({ length: len + 7 }, (_, i) => (shape === 0 ? next() & 255 : shape === 1 ? next() & 15 : shape === 2 ? (i >> 5) & 255 : (next() % 3) * 80));
    const got = entropy32(b, 7, len, scratch);
    assert.equal(got, reference(b, 7, len), `input ${k} (${len} bytes, shape ${shape})`);
    // the same length again with other bytes: the terms kept for that length serve
    b.reverse();
    assert.equal(entropy32(b, 0, len, scratch), reference(b, 0, len), `input ${k} reversed`);
    assert.ok(scratch.counts.every((c) => c === 0), 'the counts are left at zero');
  }
});

test('entropy: counting in the run\'s array gives the same value each time and leaves it zeroed', () => {
  const scratch = newEntropyScratch();
  const counts = scratch.counts;
  for (const b of [text, uniform(256), uniform(1000), new Uint8Array(10)]) {
    const h = entropy32(b, 0, b.length);
    assert.equal(entropy32(b, 0, b.length, scratch), h);
    assert.equal(entropy32(b, 0, b.length, scratch), h);
    assert.ok(counts.every((c) => c === 0));
  }
  // an offset window counts only its bytes
  assert.equal(entropy32(text, 4, 10, scratch), entropy32(text.subarray(4, 14), 0, 10));
});

test('Susp Entropy: random payload of an unclassified flow; a later low-entropy or empty packet clears it; the fifth is not looked at', () => {
  const f = udpFlow();
  const st = newEntropyState();
  const r = uniform(512);
  entropyPacket(f, st, false, r, 0, r.length);
  assert.equal(info(f, RISK.SUSPICIOUS_ENTROPY), 'Entropy: 8.000 (Encrypted or Random?)');
  entropyPacket(f, st, false, text, 0, text.length);
  assert.equal(info(f, RISK.SUSPICIOUS_ENTROPY), undefined);
  entropyPacket(f, st, false, r, 0, r.length);
  entropyPacket(f, st, false, r, 0, r.length); // 4th with payload: set again
  assert.ok(info(f, RISK.SUSPICIOUS_ENTROPY));
  entropyPacket(f, st, false, text, 0, text.length); // 5th: nDPI stops looking
  assert.ok(info(f, RISK.SUSPICIOUS_ENTROPY));
});

test('Susp Entropy: not for TLS/QUIC, nor for a classified flow outside Web/Data Transfer/Unspecified, nor after the protocol was found', () => {
  const r = uniform(300);
  const tls = udpFlow();
  tls.proto = 6;
  tls.l7Master = 91;
  tls.confidence = 'dpi';
  entropyPacket(tls, newEntropyState(), false, r, 0, r.length);
  assert.equal(tls.risks, null);
  // SIP (VoIP) found by inspection on this packet
  const sip = udpFlow();
  sip.l7Master = 100;
  sip.confidence = 'dpi';
  entropyPacket(sip, newEntropyState(), false, r, 0, r.length);
  assert.equal(sip.risks, null);
  // a protocol guessed by port is not "found": the risk stands
  const guessed = udpFlow();
  guessed.l7Master = 100;
  guessed.confidence = 'port';
  entropyPacket(guessed, newEntropyState(), false, r, 0, r.length);
  assert.ok(info(guessed, RISK.SUSPICIOUS_ENTROPY));
  // packets after the protocol was found are not looked at
  const later = udpFlow();
  entropyPacket(later, newEntropyState(), true, r, 0, r.length);
  assert.equal(later.risks, null);
});

test('Fully Encrypted: the first payload of a TCP flow after its handshake, when inspection never finds the protocol', () => {
  const r = uniform(400);
  assert.equal(looksFullyEncrypted(r, 0, r.length), true);
  assert.equal(looksFullyEncrypted(text, 0, text.length), false); // printable
  assert.equal(looksFullyEncrypted(new Uint8Array(64), 0, 64), false); // 0 bits a byte
  const f = udpFlow();
  f.proto = 6;
  f.handshakeDone = true;
  const st = newEntropyState();
  entropyPacket(f, st, false, r, 0, r.length);
  assert.equal(st.fullyEncrypted, true);
  assert.equal(f.risks, null); // no entropy risk for it
  entropyEnd(f, st);
  assert.ok(has(f, RISK.FULLY_ENCRYPTED));
  // no handshake seen: not tested
  const g = udpFlow();
  g.proto = 6;
  const sg = newEntropyState();
  entropyPacket(g, sg, false, r, 0, r.length);
  assert.equal(sg.fullyEncrypted, false);
});

test('payload signatures: PE and ELF images, shell scripts, in unclassified flows only', () => {
  const pe = new Uint8Array(200);
  pe.set([0x4d, 0x5a]);
  pe[0x3c] = 0x80; // PE header at 0x80
  pe.set([0x50, 0x45, 0, 0], 0x80);
  const f = udpFlow();
  payloadSignatures(f, 1, pe, 0, pe.length);
  assert.equal(info(f, RISK.BINARY_APPLICATION_TRANSFER), 'Portable Executable (PE32/PE32+) found');
  const elf = new Uint8Array(64);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
  elf[20] = 1;
  const g = udpFlow();
  payloadSignatures(g, 2, elf, 0, elf.length);
  assert.equal(info(g, RISK.BINARY_APPLICATION_TRANSFER), 'ELF found');
  const sh = new TextEncoder().encode('#!/bin/sh\nid\n');
  const h = udpFlow();
  payloadSignatures(h, 1, sh, 0, sh.length);
  assert.equal(info(h, RISK.POSSIBLE_EXPLOIT), 'Shellscript found');
  // a classified flow, or the sixth packet with payload: not looked at
  const c = udpFlow();
  c.confidence = 'dpi';
  payloadSignatures(c, 1, sh, 0, sh.length);
  payloadSignatures(h, 6, pe, 0, pe.length);
  assert.equal(c.risks, null);
  assert.ok(!has(h, RISK.BINARY_APPLICATION_TRANSFER));
});

test('corpus kerberos.pcap, shell.pcap, elf.pcap: the entropy and signatures nDPI reports', { skip: NO_CORPUS }, async () => {
  const k = await analyze({ inputs: [corpusFile('kerberos.pcap')], keepFlows: true, riskLists: testConfigLists() });
  // kerberos.pcap.out: TCP 172.16.8.201:49173 <-> 172.16.8.8:88 [Risk Info: Entropy: 7.775 (Encrypted or Random?)]
  const krb = k.flows.find((f) => f.cliPort === 49173 && f.srvPort === 88);
  assert.equal(krb?.risks?.find((r) => r.id === RISK.SUSPICIOUS_ENTROPY)?.info, 'Entropy: 7.775 (Encrypted or Random?)');
  const s = await analyze({ inputs: [corpusFile('shell.pcap')], keepFlows: true, riskLists: testConfigLists() });
  // shell.pcap.out: UDP 127.0.0.1:58538 -> 127.0.0.1:33333 [Shellscript found / Entropy: 4.969 (Executable?)]
  const udp = s.flows.find((f) => f.proto === 17 && (f.cliPort === 58538 || f.srvPort === 58538));
  assert.equal(udp?.risks?.find((r) => r.id === RISK.POSSIBLE_EXPLOIT)?.info, 'Shellscript found');
  assert.equal(udp?.risks?.find((r) => r.id === RISK.SUSPICIOUS_ENTROPY)?.info, 'Entropy: 4.969 (Executable?)');
  const e = await analyze({ inputs: [corpusFile('elf.pcap')], keepFlows: true, riskLists: testConfigLists() });
  assert.ok(e.flows.some((f) => f.risks?.some((r) => r.id === RISK.BINARY_APPLICATION_TRANSFER && r.info === 'ELF found')));
});
