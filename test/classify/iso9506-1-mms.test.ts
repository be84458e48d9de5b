import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { isMmsInitiate, iso9506Mms } from '../../lib/classify/protocols/iso9506-1-mms.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// iso9506-1-mms.pcap: COTP CR, CC, then the client's MMS initiate request
const CR = '0300001611e00000077800c1020001c2020001c0010d';
const CC = '0300001611d00778340000c1020001c2020001c0010a';
const INITIATE = '030000a702f0800d9e0506130100160102140200023302000134020001c188318185a003800101a27e810400000001820400000001a423300f0201010604520100013004060251013010020103060528ca2202013004060251018802060061473045020101a040603e80020780a107060528ca220203be2f282d020103a028a826800300fa0081010a82010a830105a416800101810305e100820c03a00000000000000000e110';

test('COTP set-up, then the initiate request from the client', () => {
  const r = feed(iso9506Mms, makeFlow(6, 1345, 102), [{ dir: 0, hex: CR }, { dir: 1, hex: CC }, { dir: 0, hex: INITIATE }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('ISO9506-1-MMS'));
});

test('the request from the server side does not count; three client packets without it give up', () => {
  assert.equal(feed(iso9506Mms, makeFlow(6, 1345, 102), [{ dir: 1, hex: INITIATE }]).verdict, Verdict.More);
  const r = feed(iso9506Mms, makeFlow(6, 1345, 102), [{ dir: 0, hex: CR }, { dir: 0, hex: CR }, { dir: 0, hex: CR }]);
  assert.equal(r.verdict, Verdict.No);
  const b = bytes(INITIATE);
  b[b.length - 37] = 0;
  assert.equal(isMmsInitiate(b, 0, b.length), false);
});

test('robustness', () => {
  assert.ok(robustness(iso9506Mms, [bytes(CR), bytes(INITIATE)], [1345, 102]) > 0);
});
