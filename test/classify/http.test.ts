import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Verdict, type DissectInput } from '../../lib/classify/dissector.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { http } from '../../lib/classify/protocols/http.js';
import { Flow } from '../../lib/flow/flow.js';
import { lcg31 } from '../helpers/random.js';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

// http-proxy.pcapng: 192.168.1.103:1241 → 192.168.1.146:8080, request and response heads
const PROXY_REQ = bytes(
  'GET http://http.com/ HTTP/1.1\r\nHost: http.com\r\n' +
    'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:91.0) Gecko/20100101 Firefox/91.0\r\n' +
    'Accept: */*\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate\r\nDNT: 1\r\n' +
    'Connection: keep-alive\r\nPragma: no-cache\r\nCache-Control: no-cache\r\n\r\n',
);
const PROXY_RESP = bytes(
  'HTTP/1.1 200 OK\r\nDate: Sat, 11 Sep 2021 23:39:10 GMT\r\nServer: Apache/2.4.41 (Ubuntu)\r\n' +
    'Cache-Control: public, must-revalidate, proxy-revalidate, max-age=3600\r\n' +
    'Content-type: text/html; charset=UTF-8\r\nVia: 1.1 192.168.1.146:8080\r\nContent-Length: 268\r\n\r\n',
);
// http_connect.pcap: 192.168.1.103:1714 → 192.168.1.146:8080
const CONNECT_REQ = bytes(
  'CONNECT apache.org:443 HTTP/1.1\r\n' +
    'User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:92.0) Gecko/20100101 Firefox/92.0\r\n' +
    'Proxy-Connection: keep-alive\r\nConnection: keep-alive\r\nHost: apache.org:443\r\n\r\n',
);
const CONNECT_RESP = bytes('HTTP/1.0 200 Connection Established\r\nProxy-agent: Apache/2.4.41 (Ubuntu)\r\n\r\n');
// netflix.pcap frame 346: 192.168.1.7:53148 → 184.25.204.25:80
const NETFLIX_REQ = bytes(
  'GET /af7a5/362643424e775d0393ddb46e145c2375367af7a5.webp HTTP/1.1\r\nHost: art-2.nflximg.net\r\n' +
    'Accept: */*\r\nAccept-Language: en-US;q=1\r\nConnection: keep-alive\r\nAccept-Encoding: gzip, deflate\r\n' +
    'User-Agent: Argo/9.1.0 (iPhone; iOS 10.2; Scale/2.00)\r\n\r\n',
);

function tcpFlow(cliPort: number, srvPort: number): Flow {
  const f = new Flow(1);
  f.proto = 6;
  f.cliPort = cliPort;
  f.srvPort = srvPort;
  return f;
}

function look(f: Flow, dir: 0 | 1, data: Uint8Array, len = data.length): Verdict {
  const inp: DissectInput = {
    flow: f,
    dir,
    data,
    off: 0,
    len,
    packetIndex: 0,
    transport: 6,
    sport: dir === 0 ? f.cliPort : f.srvPort,
    dport: dir === 0 ? f.srvPort : f.cliPort,
  };
  return http.dissect(inp);
}

test('HTTP request then response: service from Host (netflix.pcap)', () => {
  const f = tcpFlow(53148, 80);
  assert.equal(look(f, 0, NETFLIX_REQ), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP.NetFlix');
  assert.equal(f.host, 'art-2.nflximg.net');
  assert.deepEqual({ ...f.meta.http }, {
    method: 'GET',
    host: 'art-2.nflximg.net',
    url: 'art-2.nflximg.net/af7a5/362643424e775d0393ddb46e145c2375367af7a5.webp',
    userAgent: 'Argo/9.1.0 (iPhone; iOS 10.2; Scale/2.00)',
  });
  assert.equal(look(f, 1, bytes('HTTP/1.1 206 Partial Content\r\nServer: nginx\r\nContent-Type: image/webp\r\n\r\n')), Verdict.Yes);
  assert.equal(f.meta.http?.status, 206);
  assert.equal(f.meta.http?.server, 'nginx');
  assert.equal(f.meta.http?.contentType, 'image/webp');
});

test('HTTP_Proxy: absolute-form request to port 8080 (http-proxy.pcapng)', () => {
  const f = tcpFlow(1241, 8080);
  assert.equal(look(f, 0, PROXY_REQ), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP_Proxy');
  assert.equal(f.host, 'http.com');
  assert.equal(f.meta.http?.url, 'http.com/');
  assert.equal(look(f, 1, PROXY_RESP), Verdict.Yes);
  assert.equal(f.meta.http?.status, 200);
  assert.equal(f.meta.http?.server, 'Apache/2.4.41 (Ubuntu)');
  assert.equal(f.meta.http?.contentType, 'text/html');
  // the same absolute-form request on port 80 is still a proxy request
  const g = tcpFlow(1241, 80);
  assert.equal(look(g, 0, PROXY_REQ), Verdict.YesMore);
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'HTTP_Proxy');
});

test('HTTP_Connect: CONNECT method (http_connect.pcap)', () => {
  const f = tcpFlow(1714, 8080);
  assert.equal(look(f, 0, CONNECT_REQ), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP_Connect');
  assert.equal(f.host, 'apache.org');
  assert.equal(f.meta.http?.url, 'apache.org:443');
  assert.equal(look(f, 1, CONNECT_RESP), Verdict.Yes);
  assert.equal(f.meta.http?.status, 200);
});

test('a request split over segments: HTTP once the method is there, headers as they come', () => {
  const f = tcpFlow(53148, 80);
  assert.equal(look(f, 0, NETFLIX_REQ, 2), Verdict.More);
  // nDPI names the flow HTTP on a first packet that only starts the request line
  assert.equal(look(f, 0, NETFLIX_REQ, 30), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP');
  assert.equal(look(f, 0, NETFLIX_REQ, 95), Verdict.YesMore);
  assert.equal(f.meta.http?.host, 'art-2.nflximg.net');
  assert.equal(f.meta.http?.userAgent, undefined);
  assert.equal(look(f, 0, NETFLIX_REQ), Verdict.YesMore);
  assert.equal(f.meta.http?.userAgent, 'Argo/9.1.0 (iPhone; iOS 10.2; Scale/2.00)');
});

test('a response seen first is HTTP; the request that follows still names the service', () => {
  const f = tcpFlow(53148, 80);
  assert.equal(look(f, 1, PROXY_RESP), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP');
  assert.equal(look(f, 0, NETFLIX_REQ), Verdict.Yes);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP.NetFlix');
});

test('a plain request to a proxy port is HTTP; only an absolute http:// target is HTTP_Proxy', () => {
  const f = tcpFlow(33684, 8080);
  assert.equal(look(f, 0, bytes('GET / HTTP/1.1\r\nHost: www.lan:8080\r\nUser-Agent: curl/7.64.0\r\n\r\n')), Verdict.YesMore);
  assert.equal(l7ProtoName(f.l7Master, f.l7App), 'HTTP');
  const g = tcpFlow(33685, 3128);
  assert.equal(look(g, 0, bytes('GET https://a.lan/ HTTP/1.1\r\nHost: a.lan\r\n\r\n')), Verdict.YesMore);
  assert.equal(l7ProtoName(g.l7Master, g.l7App), 'HTTP');
});

test('not HTTP: other text protocols and binary data', () => {
  for (const s of [
    'SSH-2.0-OpenSSH_5.3\r\n',
    'DESCRIBE rtsp://x/y RTSP/1.0\r\n\r\n',
    'GETX / HTTP/1.1\r\n\r\n',
    'HTTP/x.y 200\r\n\r\n',
    '\u0016\u0003\u0001\u0002\u0000\u0001',
  ]) {
    const f = tcpFlow(50000, 80);
    const d = bytes(s);
    assert.equal(look(f, 0, d), Verdict.No, JSON.stringify(s));
  }
});

test('truncated and garbage payloads never throw', () => {
  for (const msg of [PROXY_REQ, PROXY_RESP, CONNECT_REQ, NETFLIX_REQ]) {
    for (let n = 0; n <= msg.length; n++) {
      const v = look(tcpFlow(50000, 80), 0, msg, n);
      assert.ok(v >= Verdict.No && v <= Verdict.YesMore);
    }
  }
  const next = lcg31(7);
  const rnd = () => (next() >> 16) & 0xff;
  for (let k = 0; k < 2000; k++) {
    const b = new Uint8Array(1 + (k % 300));
    for (let i = 0; i < b.length; i++) b[i] = rnd();
    if (k % 2 === 0 && b.length >= 24) b.set(bytes('GET / HTTP/1.1\r\nHost:'), 0);
    look(tcpFlow(50000, 80), 0, b);
  }
});

test('Authorization: the scheme and the Basic user name are kept, never the password', () => {
  const f = tcpFlow(40000, 80);
  const req = bytes('GET /admin HTTP/1.1\r\nHost: router.lan\r\nAuthorization: Basic ' + Buffer.from('alice:s3cret').toString('base64') + '\r\n\r\n');
  assert.equal(http.dissect({ flow: f, dir: 0, data: req, off: 0, len: req.length, packetIndex: 0, transport: 6, sport: 40000, dport: 80 }), Verdict.YesMore);
  assert.equal(f.meta.http?.authorization, 'Basic alice');
  assert.doesNotMatch(JSON.stringify(f.meta), /s3cret/);
  const g = tcpFlow(40001, 80);
  const bearer = bytes('GET / HTTP/1.1\r\nHost: api.lan\r\nAuthorization: Bearer eyJhbGciOi.x.y\r\n\r\n');
  http.dissect({ flow: g, dir: 0, data: bearer, off: 0, len: bearer.length, packetIndex: 0, transport: 6, sport: 40001, dport: 80 });
  assert.equal(g.meta.http?.authorization, 'Bearer');
});
