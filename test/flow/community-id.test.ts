import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityId } from '../../lib/flow/community-id.js';
import { Flow } from '../../lib/flow/flow.js';

function v4(s: string): number {
  return s.split('.').reduce((a, b) => ((a << 8) | Number(b)) >>> 0, 0);
}

function flow4(cli: string, cport: number, srv: string, sport: number, proto: number): Flow {
  const f = new Flow(1);
  f.ipVersion = 4;
  f.proto = proto;
  f.cli[0] = v4(cli);
  f.srv[0] = v4(srv);
  f.cliPort = cport;
  f.srvPort = sport;
  return f;
}

test('community id: the spec README example (TCP), same for both orders', () => {
  const a = flow4('128.232.110.120', 34855, '66.35.250.204', 80, 6);
  assert.equal(communityId(a), '1:LQU9qZlK+B5F3KDmev6m5PMibrg=');
  const b = flow4('66.35.250.204', 80, '128.232.110.120', 34855, 6);
  assert.equal(communityId(b), communityId(a));
});

test('community id: ICMP echo request and reply share the id; seed changes it', () => {
  const req = flow4('192.168.0.89', 0, '192.168.0.1', 0, 1);
  req.icmpType = 8;
  const rep = flow4('192.168.0.1', 0, '192.168.0.89', 0, 1);
  rep.icmpType = 0;
  assert.equal(communityId(req), communityId(rep));
  assert.notEqual(communityId(req, 1), communityId(req));
  assert.match(communityId(req), /^1:[A-Za-z0-9+/]{27}=$/);
});
