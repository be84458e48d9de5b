import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { dnscrypt } from '../../lib/classify/protocols/dnscrypt.js';
import { avast } from '../../lib/classify/protocols/avast.js';
import { avastSecureDns } from '../../lib/classify/protocols/avast-securedns.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** dnscrypt-v1-and-resolver-pings.pcap frame 28 (first 80 bytes): resolver ping, a TXT query for 2.dnscrypt-cert.rdns.faelix.net. */
const PING: CorpusPkt = {
  frame: 28,
  from: '10.0.0.1:37413',
  to: '185.134.196.55:8443',
  hex: '7f1f0100000100000000000101320d646e7363727970742d636572740472646e73066661656c6978036e6574000010000100000000000000000001c4000c01c000000000000000000000000000000000',
};
/** dnscrypt-v1-and-resolver-pings.pcap frame 588 (first 100 bytes): a version 1 message with the "r6fnvWj8" magic. */
const MAGIC: CorpusPkt = {
  frame: 588,
  from: '151.80.222.79:443',
  to: '10.0.0.1:47545',
  hex: '7236666e76576a38ee94820de238d992cb31419a920c05262a97dde3d0453dc5d424db07d6d7c5f082ceae61089d445984296c8bc55f6ba7a0a11d596843f64c522f9e7c268370cc20c3e3d57f77805267948095eacd5b60a710d0856cce64a8bd5dbd32',
};
/** dnscrypt_skype_false_positive.pcapng frame 1 (first 60 bytes): the client's encrypted query, no magic. */
const CLIENT_Q: CorpusPkt = {
  frame: 1,
  from: '192.168.2.100:46858',
  to: '212.47.228.136:443',
  hex: 'd31b02042ac406f3497e6993424b0a16c06e75586651bb4a47b500e1d021af661e16c5859f9d160f796107117ec517179b83ae7412ca145de55cdcc9453d',
};

test('DNScrypt: a resolver ping (2.dnscrypt-cert.…) is DNScrypt on any port', () => {
  const r = drive(dnscrypt, 17, [PING]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'DNScrypt');
  // case does not matter
  const upper = { ...PING, hex: PING.hex.replace('646e7363727970742d63657274', '444e5343525950542d63657274') };
  assert.equal(drive(dnscrypt, 17, [upper]).verdict, Verdict.Yes);
});

test('DNScrypt: the v1 magic may come from the server after an opaque client packet', () => {
  const reply = { ...MAGIC, from: CLIENT_Q.to, to: CLIENT_Q.from };
  const r = drive(dnscrypt, 17, [CLIENT_Q, reply]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.Yes]);
  // under 64 bytes the magic is not enough
  assert.equal(drive(dnscrypt, 17, [CLIENT_Q, { ...reply, hex: MAGIC.hex.slice(0, 126) }]).verdict, Verdict.No);
});

test('DNScrypt: given up once both directions were seen without a match', () => {
  const back = { ...CLIENT_Q, from: CLIENT_Q.to, to: CLIENT_Q.from };
  const r = drive(dnscrypt, 17, [CLIENT_Q, back]);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.No]);
  // one direction only: up to 8 packets
  const r8 = drive(dnscrypt, 17, Array(10).fill(CLIENT_Q));
  assert.equal(r8.calls, 8);
  assert.equal(r8.verdict, Verdict.No);
});

test('DNScrypt: over TCP each new segment is read from its first byte', () => {
  const a = { ...CLIENT_Q, from: '10.0.0.1:40000', to: '10.0.0.2:443', hex: CLIENT_Q.hex.slice(0, 40) };
  const b = { ...MAGIC, from: '10.0.0.1:40000', to: '10.0.0.2:443' };
  assert.deepEqual(drive(dnscrypt, 6, [a, b]).verdicts, [Verdict.More, Verdict.Yes]);
});

test('DNScrypt: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(dnscrypt, 17, [PING, MAGIC]) > 0);
  assert.ok(hammer(dnscrypt, 6, [PING, MAGIC]) > 0);
});

/** avast_securedns.pcapng frame 1: TXT query for 2.SeCUReDnS.aVAsT.CoM to UDP 443. */
const SECUREDNS: CorpusPkt = {
  frame: 1,
  from: '192.168.2.100:57970',
  to: '181.214.35.149:443',
  hex: '48c401000001000000000000013209536543555265646e5305615661735403436f4d0000100001',
};

test('AVASTSecureDNS: 0x00013209 at 11 and "securedns" at 15 in the first datagram', () => {
  const r = drive(avastSecureDns, 17, [SECUREDNS]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'AVASTSecureDNS');
  // a different label, or not the first packet, is not it
  const other = { ...SECUREDNS, hex: SECUREDNS.hex.replace('536543555265646e53', '536543555265646e54') };
  assert.equal(drive(avastSecureDns, 17, [other]).verdict, Verdict.No);
  assert.equal(drive(avastSecureDns, 17, [{ ...SECUREDNS, hex: SECUREDNS.hex.slice(0, 66) }]).verdict, Verdict.No);
});

/** avast.pcap frames 4 and 6: "NOSA" messages whose length field is the packet length. */
const NOSA: readonly CorpusPkt[] = [
  {
    frame: 4,
    from: '192.168.2.100:64357',
    to: '5.62.54.29:80',
    hex: '4e4f5341006001010000030108b25a294252451400000000f82eb3a6aec4314391f91ff0dc39b4228f656c104c4943142e229dcfea64fdad516761600ecbdc90edbb2fee2e27af344c554e1002c64bde00960f8c74a37d1695545ac985fd0850',
  },
  { frame: 6, from: '5.62.54.29:80', to: '192.168.2.100:64357', hex: '4e4f53410010010200000000e8e67a0c' },
];

test('AVAST: "NOSA" + 16-bit length equal to the packet length, in the first packet', () => {
  const r = drive(avast, 6, NOSA);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 1);
  assert.equal(l7ProtoName(r.flow.l7Master, r.flow.l7App), 'AVAST');
  // a wrong length, or a first packet that is something else
  assert.equal(drive(avast, 6, [{ ...NOSA[0], hex: NOSA[0].hex.slice(0, -2) }]).verdict, Verdict.No);
  assert.equal(drive(avast, 6, [{ ...NOSA[0], hex: '474554202f20485454502f312e310d0a' }, NOSA[1]]).verdict, Verdict.No);
});

test('AVAST / AVASTSecureDNS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(avast, 6, NOSA) > 0);
  assert.ok(hammer(avastSecureDns, 17, [SECUREDNS]) > 0);
});
