import assert from 'node:assert/strict';
import { test } from 'node:test';
import { communityId } from '../../lib/flow/community-id.js';
import { Flow } from '../../lib/flow/flow.js';

function v4(s: string): number {
  return s.split('.').reduce((a, b) => ((a << 8) | Number(b)) >>> 0, 0);
}

function flowOf(version: 4 | 6, cli: number[], cport: number, srv: number[], sport: number, proto: number): Flow {
  const f = new Flow(1);
  f.ipVersion = version;
  f.proto = proto;
  f.cli.splice(0, cli.length, ...cli);
  f.srv.splice(0, srv.length, ...srv);
  f.cliPort = cport;
  f.srvPort = sport;
  return f;
}

function flow4(cli: string, cport: number, srv: string, sport: number, proto: number): Flow {
  return flowOf(4, [v4(cli)], cport, [v4(srv)], sport, proto);
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

/** IPv6 text → the four 32-bit words kept in Flow.cli/srv. */
function v6(s: string): number[] {
  const [head, tail = ''] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = s.includes('::') && tail ? tail.split(':') : [];
  const groups = [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t].map((g) => parseInt(g, 16));
  return [0, 1, 2, 3].map((i) => ((groups[2 * i] << 16) | groups[2 * i + 1]) >>> 0);
}

function flow6(cli: string, cport: number, srv: string, sport: number, proto: number): Flow {
  return flowOf(6, v6(cli), cport, v6(srv), sport, proto);
}

// Expected values computed by tshark 4 (`--enable-protocol communityid -e communityid`) on
// corpus packets (http_ipv6.pcap, 6in4tunnel.pcap)
test('community id: IPv6 TCP and ICMPv6 echo, as tshark computes them', () => {
  const tcp = flow6('2a00:d40:1:3:7aac:c0ff:fea7:d4c', 40526, '2a00:1450:4006:804::200e', 443, 6);
  assert.equal(communityId(tcp), '1:3PAFI61AGBbn+KeSpUH+cRqBaSI=');
  const echo = flow6('2001:470:1f17:13f:3e97:eff:fe73:4dec', 0, '2604:a880:1:20::224:b001', 0, 58);
  echo.icmpType = 128;
  assert.equal(communityId(echo), '1:jp+utRV3Ih5rfuIuZ9JlpnqCPt8=');
});
