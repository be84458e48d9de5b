import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { tivoconnect } from '../../lib/classify/protocols/tivoconnect.js';
import { drive, hammer } from './dissector-harness.js';

/** A TiVoConnect discovery beacon (key=value lines). */
const BEACON = Buffer.from('tivoconnect=1\nmethod=broadcast\nidentity=uuid:1234-abcd\nmachine=Living Room\nplatform=pc/linux\nservices=TiVoMediaServer:80/http\n').toString('hex');
const PKT = { frame: 0, from: '10.0.0.1:2190', to: '10.0.0.255:2190', hex: BEACON };

test('TiVoConnect: a discovery beacon, with its identity and machine', () => {
  const r = drive(tivoconnect, 17, [PKT]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('TiVoConnect'));
  assert.equal(r.flow.meta.other?.['tivo.identity'], '1234-abcd');
  assert.equal(r.flow.meta.other?.['tivo.machine'], 'Living Room');
});

test('TiVoConnect: other text is not TiVoConnect', () => {
  assert.equal(drive(tivoconnect, 17, [{ ...PKT, hex: Buffer.from('tivoconnects=1\n').toString('hex') }]).verdict, Verdict.No);
});

test('TiVoConnect: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(tivoconnect, 17, [PKT]) > 0);
});
