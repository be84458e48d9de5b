import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { jabber } from '../../lib/classify/protocols/jabber.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

/** jabber.pcap, the client's first two packets: the XML declaration, then the stream header. */
const OPEN: readonly CorpusPkt[] = [
  { frame: 292, from: '192.168.58.1:53460', to: '192.168.58.153:5222', hex: '3c3f786d6c2076657273696f6e3d27312e3027203f3e' },
  { frame: 294, from: '192.168.58.1:53460', to: '192.168.58.153:5222', hex: '3c73747265616d3a73747265616d20746f3d273139322e3136382e35382e3135332720786d6c6e733d276a61626265723a636c69656e742720786d6c6e733a73747265616d3d27687474703a2f2f6574686572782e6a61626265722e6f72672f73747265616d73272076657273696f6e3d27312e30273e' },
];

test('Jabber: the stream header with the etherx namespace', () => {
  const r = drive(jabber, 6, OPEN);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Jabber'));
  assert.equal(r.calls, 2);
});

test('Jabber: im.truphone.com in the stream header is TruPhone', () => {
  const hdr = Buffer.from("<stream:stream to='im.truphone.com' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>").toString('hex');
  const r = drive(jabber, 6, [{ ...OPEN[0], hex: hdr }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TruPhone'));
});

test('Jabber: an XML stream without the jabber namespace is given up at the third packet', () => {
  const other = Buffer.from("<stream:stream to='x' xmlns:stream='urn:example'>").toString('hex');
  const pkts = [0, 1, 2].map((i) => ({ ...OPEN[0], frame: i, hex: other }));
  const r = drive(jabber, 6, pkts);
  assert.equal(r.verdict, Verdict.No);
  assert.deepEqual(r.verdicts, [Verdict.More, Verdict.More, Verdict.No]);
});

test('Jabber: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(jabber, 6, OPEN) > 0);
  assert.ok(hammer(jabber, 17, OPEN) > 0);
});
