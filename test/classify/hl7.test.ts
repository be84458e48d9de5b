import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { hl7 } from '../../lib/classify/protocols/hl7.js';
import { feed, makeFlow, robustness } from './longtail-feed.js';

// an MLLP-framed ADT message (VT, MSH segment, …)
const MSG = '\x0bMSH|^~\\&|SENDING_APPLICATION|SENDING_FACILITY|RECEIVING_APPLICATION|RECEIVING_FACILITY|20110613083617||ADT^A01|934576120110613083617|P|2.3||||\rEVN|A01|20110613083617|||\r\x1c\r';
const hex = (s: string) => Buffer.from(s, 'latin1').toString('hex');

test('an MSH segment in a payload of more than 100 bytes', () => {
  const r = feed(hl7, makeFlow(6, 49242, 6661), [{ dir: 0, hex: hex(MSG) }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('HL7'));
});

test('short payloads, or other encoding characters: refused', () => {
  assert.equal(feed(hl7, makeFlow(6, 49242, 6661), [{ dir: 0, hex: hex(MSG.slice(0, 90)) }]).verdict, Verdict.No);
  assert.equal(feed(hl7, makeFlow(6, 49242, 6661), [{ dir: 0, hex: hex(MSG.replace('^~', '^-')) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(hl7, [Buffer.from(MSG, 'latin1')]) > 0);
});
