import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { zabbix } from '../../lib/classify/protocols/zabbix.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// zabbix.pcap: a ZBXD request for proc.num[]; near miss: flags 2
const GOOD = '5a425844010a0000000000000070726f632e6e756d5b5d';
const BAD = '5a425844020a0000000000000070726f632e6e756d5b5d';

test('Zabbix: recognised on the first payload', () => {
  const r = feed(zabbix, makeFlow(6, 57162, 10050), [{ dir: 0, hex: GOOD }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Zabbix'));
});

test('Zabbix: a near miss is refused at once', () => {
  assert.equal(feed(zabbix, makeFlow(6, 57162, 10050), [{ dir: 0, hex: BAD }]).verdict, Verdict.No);
});

test('Zabbix: truncated and garbage payloads never throw', () => {
  assert.ok(robustness(zabbix, [bytes(GOOD)], [57162, 10050]) > 0);
});

test('Zabbix: a compressed message (flags 0x03) is recognised too', () => {
  const r = feed(zabbix, makeFlow(6, 36699, 10051), [{ dir: 0, hex: '5a425844034e00000045000000789caa562a4a2d2c4d2d2e' }]);
  assert.equal(r.verdict, Verdict.Yes);
});
