import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { git, gitPktLines } from '../../lib/classify/protocols/git.js';
import { drive, hammer } from './dissector-harness.js';

/** A git-upload-pack request as a pkt-line (0032 = 50 bytes incl. the length). */
const REQUEST = Buffer.from('0032git-upload-pack /project.git\0host=example.org\0').toString('hex');
const PKT = { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:9418', hex: REQUEST };

test('Git: a pkt-line request to port 9418', () => {
  assert.equal(Buffer.from(REQUEST, 'hex').length, 0x32);
  const r = drive(git, 6, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('Git'));
});

test('Git: a length beyond the segment, a zero length or another port is not Git', () => {
  const b = Buffer.from('00ffabcdef', 'hex');
  assert.equal(gitPktLines(b, 0, b.length), false);
  const z = Buffer.from('0000abcdef');
  assert.equal(gitPktLines(z, 0, z.length), false);
  assert.equal(drive(git, 6, [{ ...PKT, to: '10.0.0.2:9419' }]).verdict, Verdict.No);
});

test('Git: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(git, 6, [PKT]) > 0);
});
