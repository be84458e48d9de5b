import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import type { CorpusPkt } from './dhcp-stun-fixtures.js';
import { drive, flowFor, hammer } from './dissector-harness.js';
import { line } from '../../lib/classify/protocols/line.js';
import { rtp } from '../../lib/classify/protocols/rtp.js';

const LINE = protocolId('Line');
const CLI = '10.200.3.125:51161';
const SRV = '147.92.169.90:29070';

/** A packet of `n` bytes starting with `head` (hex), the rest filler (synthesized). */
function pkt(from: string, to: string, head: string, n = 40): CorpusPkt {
  return { frame: 0, from, to, hex: head + '5a'.repeat(n - head.length / 2) };
}

/** Pre-RTP packets with a counter in byte 3: 0x10.. from the client, 0x40.. from the server. */
function counted(cb: number, sb: number): CorpusPkt[] {
  const out: CorpusPkt[] = [];
  for (let i = 0; i < 4; i++) {
    out.push(pkt(CLI, SRV, '0a0b0c' + (cb + i).toString(16).padStart(2, '0')));
    out.push(pkt(SRV, CLI, '0a0b0c' + (sb + i).toString(16).padStart(2, '0')));
  }
  return out;
}

test('LineCall: four packets per direction with consecutive counters in byte 3', () => {
  const r = drive(line, 17, counted(0x10, 0x40));
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('LineCall'));
  assert.equal(r.calls, 8);
});

test('LineCall: the same base in both directions, or a counter gap, is not LineCall', () => {
  assert.equal(drive(line, 17, counted(0x10, 0x10)).verdict, Verdict.No);
  const gap = counted(0x10, 0x40);
  gap[2] = pkt(CLI, SRV, '0a0b0c13');
  assert.equal(drive(line, 17, gap).verdict, Verdict.No);
});

test('LineCall: the call packet shapes only on addresses nDPI gives to LINE', () => {
  const p = pkt(CLI, SRV, 'b618006a', 110);
  const onLine = flowFor(17, p);
  onLine.ipProto = LINE;
  assert.equal(drive(line, 17, [p], {}, onLine).verdict, Verdict.Yes);
  const r = drive(line, 17, [p, pkt(CLI, SRV, 'b618006a', 110)]);
  assert.equal(r.verdict, Verdict.No);
});

test('RTP leaves a flow to LINE while its counters run in both directions', () => {
  const rtpPkt = (from: string, to: string, seq: number) => pkt(from, to, '8060' + seq.toString(16).padStart(4, '0') + '0000000100000002', 60);
  const f = flowFor(17, rtpPkt(CLI, SRV, 1));
  // LINE's counters first (two per direction), then RTP: RTP must not decide
  drive(line, 17, counted(0x10, 0x40).slice(0, 4), {}, f);
  const r = drive(rtp, 17, [rtpPkt(CLI, SRV, 1), rtpPkt(SRV, CLI, 7), rtpPkt(CLI, SRV, 2), rtpPkt(SRV, CLI, 8)], {}, f);
  assert.notEqual(r.verdict, Verdict.Yes);
});

test('LineCall: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(line, 17, counted(0x10, 0x40)) > 0);
});
