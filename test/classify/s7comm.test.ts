import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { s7comm } from '../../lib/classify/protocols/s7comm.js';
import { bytes, feed, makeFlow, robustness } from './longtail-feed.js';

// s7comm-plus.pcap: COTP CR, then an S7CommPlus CreateObject (0x72 … 0x72 trailer)
const CR = '030000241fe00000011200c1020620c21053494d415449432d524f4f542d484d49c0010a';
const PLUS = '030000d902f080720100ca31000004ca0000000100000120360000011d00040000000000a1000000d3821f0000a3816900151653657276657253657373696f6e5f3130303030303030a3822100150a313a3a3a362e33323a3aa38228001508484d492055534552a38229001505534d405254a3822a001508484d4920484f5354a3822b000402a3822c001210000000a3822d0015164f4d532b20666f7220534d4152542052756e74696d65a1000000d3817f0000a38169001515537562736372697074696f6e436f6e7461696e6572a2a20000000072010000';
// classic S7Comm setup communication (job, reserved 0)
const S7 = '0300001902f08032010000000000080000f0000001000101e0';

test('S7CommPlus after the COTP connection request', () => {
  const r = feed(s7comm, makeFlow(6, 53162, 102), [{ dir: 0, hex: CR }, { dir: 0, hex: PLUS }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('S7CommPlus'));
});

test('classic S7Comm', () => {
  const r = feed(s7comm, makeFlow(6, 53162, 102), [{ dir: 0, hex: S7 }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('S7Comm'));
});

test('not on port 102, or not TPKT: refused', () => {
  assert.equal(feed(s7comm, makeFlow(6, 53162, 103), [{ dir: 0, hex: S7 }]).verdict, Verdict.No);
  assert.equal(feed(s7comm, makeFlow(6, 53162, 102), [{ dir: 0, hex: '04' + S7.slice(2) }]).verdict, Verdict.No);
});

test('robustness', () => {
  assert.ok(robustness(s7comm, [bytes(CR), bytes(PLUS), bytes(S7)], [53162, 102]) > 0);
});
