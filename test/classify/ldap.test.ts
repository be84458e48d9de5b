import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { ldap, ldapMessage } from '../../lib/classify/protocols/ldap.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';
import { classifyCapture } from './longtail-corpus.js';
import { bytes, feed, makeFlow, noise, robustness } from './longtail-feed.js';

// kerberos.pcap frame 14: bindResponse (success, SASL GSS-SPNEGO reply), 4-byte long-form lengths
const BIND_RESPONSE =
  '3084000000cc0201036184000000c30a010004000400878200b8a181b53081b2a0030a0100a10b06092a864882f712010202' +
  'a2819d04819a60819706092a864886f71201020202006f8187308184a003020105a10302010fa2783076a003020112a26f04' +
  '6d5f3e51bb6ca59dae1d870fa729cfe3228c199f843703487460c68b0c9f071b0a2d59467ad588606d302da742fea65540d2' +
  '25aa57fe6660b5ce25f402dbfbf8e8931b2448222dd0665f05794187a48ea7b83d9dcff6593e261b97be7dcb6db4d5b82a2c' +
  '6c0564cbb24e14d13b03';
// A simple bind (RFC 4511 §4.2): messageID 1, version 3, name "cn=admin,dc=example,dc=org", password "secret"
const SIMPLE_BIND =
  '302c0201016027020103041a636e3d61646d696e2c64633d6578616d706c652c64633d6f72678006736563726574';

test('kerberos.pcap: the LDAP flows (SASL-wrapped requests) are LDAP from their cleartext response', { skip: NO_CORPUS }, () => {
  const vs = classifyCapture(corpusFile('kerberos.pcap')).filter((v) => v.ndpi === 'LDAP');
  assert.equal(vs.length, 7);
  for (const v of vs) {
    assert.equal(v.ours, 'LDAP');
    assert.equal(v.flow.meta.other?.['ldap.op'], 'bindResponse');
  }
});

test('bind response found in the server direction after an opaque request', () => {
  const r = feed(ldap, makeFlow(6, 49161, 389), [noise(266, 3), bytes(BIND_RESPONSE).subarray(0, 206)], [0, 1]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.calls, 2);
});

test('simple bind request: operation and bind DN', () => {
  const b = bytes(SIMPLE_BIND);
  assert.equal(b.length, 46);
  assert.equal(ldapMessage(b, 0, b.length), 0x60);
  const r = feed(ldap, makeFlow(6, 50000, 389), [b]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['ldap.op'], 'bindRequest');
  assert.equal(r.flow.meta.other?.['ldap.bind_dn'], 'cn=admin,dc=example,dc=org');
});

test('SNMP and other BER that is not an LDAPMessage is refused', () => {
  // SNMPv2c get-request: SEQUENCE, version INTEGER, community OCTET STRING
  const snmp = bytes('302602010104067075626c6963a019020401020304020100020100300b300906052b060102010500');
  assert.equal(ldapMessage(snmp, 0, snmp.length), 0);
  assert.equal(feed(ldap, makeFlow(17, 50000, 161), [snmp]).verdict, Verdict.No);
  // a bind with version 9
  const bad = bytes(SIMPLE_BIND);
  bad[9] = 9;
  assert.equal(ldapMessage(bad, 0, bad.length), 0);
  // both directions not LDAP: give up
  assert.equal(feed(ldap, makeFlow(6, 1, 2), [noise(50, 1), noise(50, 2)], [0, 1]).verdict, Verdict.No);
});

test('a message cut in its header waits for more', () => {
  const b = bytes(BIND_RESPONSE);
  assert.equal(ldapMessage(b, 0, 4), -1);
  assert.equal(feed(ldap, makeFlow(6, 1, 389), [b.subarray(0, 5)]).verdict, Verdict.More);
});

test('robustness: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(ldap, [bytes(BIND_RESPONSE), bytes(SIMPLE_BIND)], [50000, 389]) > 0);
});
