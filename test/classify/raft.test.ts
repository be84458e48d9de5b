import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { raft, raftHeader } from '../../lib/classify/protocols/raft.js';
import { drive, hammer } from './dissector-harness.js';

/** A request-vote message: type 3, length 24 (little-endian 64-bit words), then 24 bytes. */
const VOTE = '0300000000000000' + '1800000000000000' + '00'.repeat(24);
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:9000', hex: VOTE };

test('Raft: a message whose length is the rest of the segment', () => {
  const r = drive(raft, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Raft'));
});

test('Raft: a valid type with another length decides on the third segment; type 7 is not Raft', () => {
  const partial = { ...PKT, hex: VOTE.slice(0, 48) };
  assert.equal(raftHeader(Buffer.from(partial.hex, 'hex'), 0, 24), 0);
  assert.equal(drive(raft, 6, [partial]).verdict, Verdict.More);
  assert.equal(raftHeader(Buffer.from('07' + VOTE.slice(2), 'hex'), 0, 40), -1);
});

test('Raft: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(raft, 6, [PKT]) > 0);
});
