import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { TimelineBuilder } from '../../lib/report/timeline.js';
import { analyze } from '../../lib/analyze.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';

test('timeline: packets, bytes, flows and alerts land in intervals aligned on the epoch, gaps included', () => {
  const t = new TimelineBuilder(1);
  t.packet(100, 500_000_000, 60);
  t.packet(100, 900_000_000, 40);
  t.packet(103, 0, 1000);
  t.packet(101, 1, 10); // out of time order
  t.flow(100, 500_000_000);
  t.alert(103, 0);
  assert.deepEqual(t.span(), { start: 100, end: 104 });
  assert.deepEqual(t.rows(1), [
    { start: 100, packets: 2, bytes: 100, flows: 1, alerts: 0 },
    { start: 101, packets: 1, bytes: 10, flows: 0, alerts: 0 },
    { start: 102, packets: 0, bytes: 0, flows: 0, alerts: 0 },
    { start: 103, packets: 1, bytes: 1000, flows: 0, alerts: 1 },
  ]);
  // 2 s intervals start at even seconds
  assert.deepEqual(t.rows(2).map((r) => [r.start, r.packets]), [[100, 3], [102, 1]]);
});

test('timeline: sub-second resolution and the automatic interval', () => {
  const t = new TimelineBuilder(0.1);
  t.packet(10, 50_000_000, 1);
  t.packet(10, 250_000_000, 1);
  t.packet(10, 260_000_000, 1);
  assert.deepEqual(t.rows(0.1).map((r) => [r.start, r.packets]), [[10, 1], [10.1, 0], [10.2, 2]]);
  assert.equal(t.autoInterval(60), 0.1);
  const long = new TimelineBuilder(1);
  long.packet(0, 0, 1);
  long.packet(7200, 0, 1);
  assert.equal(long.autoInterval(60), 300);
  assert.equal(long.rows().length, 25);
  assert.throws(() => new TimelineBuilder(0));
});

test('timeline: too many rows for the interval asked widen it', () => {
  const t = new TimelineBuilder(1);
  t.packet(0, 0, 1);
  t.packet(999, 0, 1);
  const rows = t.rows(1, 100);
  assert.ok(rows.length <= 100);
  assert.equal(rows.reduce((m, r) => m + r.packets, 0), 2);
});

test('timeline: over a real capture the rows add up to the capture', async () => {
  const timeline = new TimelineBuilder(1);
  const res = await analyze({ inputs: [path.join(SAMPLES_DIR, 'mixed.pcap')], timeline });
  const rows = timeline.rows(1);
  assert.equal(rows.reduce((m, r) => m + r.packets, 0), res.stats.packets);
  assert.equal(rows.reduce((m, r) => m + r.bytes, 0), res.stats.bytes);
  assert.equal(rows.reduce((m, r) => m + r.flows, 0), res.flowsSeen);
  assert.equal(rows.reduce((m, r) => m + r.alerts, 0), res.alerts.length);
});
