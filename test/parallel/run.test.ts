/**
 * lib/parallel/run.ts on its own: a worker that fails ends the run with one error naming it
 * (never a hang), and the packet stream a worker reads back (wire.ts) is what the decoder gave.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readCapture } from '../../lib/capture/reader.js';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../../lib/decode/packet.js';
import { runJobs } from '../../lib/parallel/run.js';
import { BatchWriter, readBatch } from '../../lib/parallel/wire.js';
import { SAMPLES_DIR } from '../helpers/corpus.js';

const MIXED = path.join(SAMPLES_DIR, 'mixed.pcap');

test('a worker that fails ends the run with one error naming it', async () => {
  await assert.rejects(
    runJobs({
      jobs: 2,
      files: [MIXED],
      worker: new URL('data:text/javascript,throw new Error("no pipeline here")'),
      data: null,
      decoder: {},
      maxFrame: 262144,
      maxFlows: Infinity,
      onFlow: () => assert.fail('no flow can be written'),
    }),
    /^Error: --jobs: worker \d failed: no pipeline here$/,
  );
});

test('a batch gives back every decoded packet as the decoder filled it', async () => {
  const decoder = new Decoder();
  const p = new PacketInfo();
  const w = new BatchWriter(1024);
  const sent: string[] = [];
  const show = (q: PacketInfo): string =>
    JSON.stringify([q.tsSec, q.tsNsec, q.wirelen, q.frames, q.ipVersion, [...q.src], [...q.dst], q.proto, q.sport, q.dport, q.vlanId, q.tunnel, q.tcpFlags, q.tcpSeq, q.tcpAck, q.tcpWin, q.icmpType, q.icmpCode, q.icmpId, Buffer.from(q.payload.subarray(q.payloadOff, q.payloadOff + q.payloadLen)).toString('hex')]);
  let seq = 0;
  await readCapture(MIXED, {
    onRecord(data, off, caplen, wirelen, sec, nsec, lt) {
      if (decoder.decode(data, off, caplen, wirelen, lt, sec, nsec, p) !== DecodeStatus.Ok) return;
      seq++;
      if (seq % 7 === 0) w.tick(seq, p.tsSec, p.tsNsec);
      w.packet(seq, p);
      sent.push(show(p));
    },
  });
  assert.ok(sent.length > 20);
  const { buf, len } = w.take();
  const got: string[] = [];
  const seqs: number[] = [];
  const ticks: number[] = [];
  readBatch(buf, len, new PacketInfo(), {
    packet: (s, q) => {
      seqs.push(s);
      got.push(show(q));
    },
    tick: (s) => ticks.push(s),
    memCheck: () => assert.fail(),
    capture: () => assert.fail(),
  });
  assert.deepEqual(got, sent);
  assert.deepEqual(seqs, sent.map((_, i) => i + 1));
  assert.deepEqual(ticks, seqs.filter((s) => s % 7 === 0));
});
