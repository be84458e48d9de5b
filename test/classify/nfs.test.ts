import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { nfs, nfsCall } from '../../lib/classify/protocols/nfs.js';
import { NFS_PORTMAP } from './enterprise-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('NFS: an RPC call to the portmapper', () => {
  const r = drive(nfs, 17, NFS_PORTMAP);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('NFS'));
});

test('NFS: over TCP the call follows a record marker', () => {
  const body = NFS_PORTMAP[0].hex;
  const marker = (0x80000000 + body.length / 2).toString(16);
  const b = Buffer.from(marker + body, 'hex');
  assert.equal(nfsCall(b, 0, b.length, true), true);
  assert.equal(nfsCall(Buffer.from(body, 'hex'), 0, body.length / 2, true), false);
});

test('NFS: a reply, another program or RPC version 3 is not NFS', () => {
  const h = NFS_PORTMAP[0].hex;
  const reply = Buffer.from(h.slice(0, 8) + '00000001' + h.slice(16), 'hex');
  assert.equal(nfsCall(reply, 0, reply.length, false), false);
  const prog = Buffer.from(h.slice(0, 24) + '000186a4' + h.slice(32), 'hex');
  assert.equal(nfsCall(prog, 0, prog.length, false), false);
  const vers = Buffer.from(h.slice(0, 16) + '00000003' + h.slice(24), 'hex');
  assert.equal(nfsCall(vers, 0, vers.length, false), false);
});

test('NFS: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(nfs, 17, NFS_PORTMAP) > 0);
});
