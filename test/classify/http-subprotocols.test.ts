import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Verdict, type DissectInput, type Dissector } from '../../lib/classify/dissector.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { http } from '../../lib/classify/protocols/http.js';
import { http2 } from '../../lib/classify/protocols/http2.js';
import { jsonRpc } from '../../lib/classify/protocols/json-rpc.js';
import { soap } from '../../lib/classify/protocols/soap.js';
import { websocket } from '../../lib/classify/protocols/websocket.js';
import { Flow } from '../../lib/flow/flow.js';
import { hexBytes, hammer } from './dissector-harness.js';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

function tcpFlow(cliPort: number, srvPort: number): Flow {
  const f = new Flow(1);
  f.proto = 6;
  f.cliPort = cliPort;
  f.srvPort = srvPort;
  return f;
}

function look(d: Dissector, f: Flow, dir: 0 | 1, data: Uint8Array, packetIndex = 0): Verdict {
  const inp: DissectInput = {
    flow: f,
    dir,
    data,
    off: 0,
    len: data.length,
    packetIndex,
    transport: 6,
    sport: dir === 0 ? f.cliPort : f.srvPort,
    dport: dir === 0 ? f.srvPort : f.cliPort,
  };
  return d.dissect(inp);
}

const name = (f: Flow) => l7ProtoName(f.l7Master, f.l7App);

// ipp.pcap: CUPS asks a printer (port 631)
const IPP_REQ = bytes(
  'POST /ipp/ HTTP/1.1\r\nContent-Length: 289\r\nContent-Type: application/ipp\r\nHost: 10.10.10.251\r\n' +
    'User-Agent: CUPS/1.3.4\r\nExpect: 100-continue\r\n\r\n',
);
// mpeg-dash.pcap: a .mp4 segment request, and the video/mp4 answer of another flow
const DASH_REQ = bytes(
  'GET /as/bigo-ad-creatives/3s3/2lOTA7.mp4 HTTP/1.1\r\nUser-Agent: Mozilla/5.0 (Linux; Android 11)\r\n' +
    'Host: gdl.news-cdn.site\r\nConnection: Keep-Alive\r\nAccept-Encoding: gzip\r\n\r\n',
);
const DASH_RESP = bytes('HTTP/1.1 200 OK\r\nServer: openresty\r\nContent-Type: video/mp4\r\nContent-Length: 5734020\r\n\r\n');
// jsonrpc.pcap: Zabbix over HTTP
const JSONRPC_REQ = bytes(
  'POST /zabbix/jsrpc.php?output=json-rpc HTTP/1.1\r\nHost: mdotti.dyndns.org\r\nOrigin: http://mdotti.dyndns.org\r\n' +
    'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_2)\r\nContent-type: application/json-rpc\r\n\r\n',
);
// soap.pcap frame 6: a SOAP call from a Windows client to go.microsoft.com
const SOAP_REQ = bytes(
  'POST /fwlink/?LinkID=252669&clcid=0x409 HTTP/1.1\r\nConnection: Keep-Alive\r\n' +
    'Content-Type: text/xml; charset="UTF-16LE"\r\nUser-Agent: MICROSOFT_DEVICE_METADATA_RETRIEVAL_CLIENT\r\n' +
    'SOAPAction: "http://schemas.microsoft.com/windowsmetadata/services/2007/09/18/dms/DeviceMetadataService/GetDeviceMetadata"\r\n' +
    'Host: go.microsoft.com\r\n\r\n',
);
// http_invalid_server.pcap: an OCSP answer
const OCSP_REQ = bytes('GET / HTTP/1.1\r\nHost: ocsp.rootg2.amazontrust.com\r\nUser-Agent: **\r\nAccept: */*\r\n\r\n');
const OCSP_RESP = bytes('HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: 5\r\n\r\n');
// windowsupdate_over_http.pcap: Delivery Optimization from a numeric host
const WU_REQ = bytes(
  'GET /data/0783dedfb62fa709/msedge.b.tlu.dl.delivery.mp.microsoft.com/filestreamingservice/files/d1d060c0 HTTP/1.1\r\n' +
    'Connection: Keep-Alive\r\nUser-Agent: Microsoft-Delivery-Optimization/10.0\r\nHost: 151.99.72.125\r\n\r\n',
);
// xiaomi.pcap: a signing request naming a micloud host in its URL
const XIAOMI_REQ = bytes(
  'GET /164566/sign_d?host=appmarket.micloud.xiaomi.net&sdk=android_1.3.3 HTTP/1.1\r\n' +
    'User-Agent: Dalvik/2.1.0 (Linux; U; Android 10)\r\nHost: 203.107.1.65\r\n\r\n',
);
// conncheck.pcap: a captive portal run by ntopng
const NTOP_RESP = bytes('HTTP/1.1 302 Found\r\nServer: ntopng 6.1.240606 (x86_64)\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n');

test('HTTP.IPP: POST with Content-Type application/ipp', () => {
  const f = tcpFlow(55341, 631);
  assert.equal(look(http, f, 0, IPP_REQ), Verdict.YesMore);
  assert.equal(name(f), 'HTTP.IPP');
  // a GET with that content type is not
  const g = tcpFlow(55341, 631);
  look(http, g, 0, bytes(Buffer.from(IPP_REQ).toString('latin1').replace('POST', 'GET')));
  assert.equal(name(g), 'HTTP');
});

test('HTTP.MpegDash: a .mp4 request line, or a video/mp4 answer on the detecting packet', () => {
  const f = tcpFlow(60926, 80);
  assert.equal(look(http, f, 0, DASH_REQ), Verdict.YesMore);
  assert.equal(name(f), 'HTTP.MpegDash');
  const g = tcpFlow(59144, 80);
  assert.equal(look(http, g, 1, DASH_RESP), Verdict.YesMore);
  assert.equal(name(g), 'HTTP.MpegDash');
  // the answer after a plain request does not change the name (nDPI checks the detecting packet)
  const k = tcpFlow(60927, 80);
  look(http, k, 0, OCSP_REQ.slice());
  const before = name(k);
  look(http, k, 1, DASH_RESP);
  assert.equal(name(k), before);
});

test('HTTP.JSON-RPC: Content-Type application/json-rpc', () => {
  const f = tcpFlow(51084, 80);
  assert.equal(look(http, f, 0, JSONRPC_REQ), Verdict.YesMore);
  assert.equal(name(f), 'HTTP.JSON-RPC');
});

test('HTTP.SOAP: a SOAPAction header wins over the Host service', () => {
  const f = tcpFlow(50100, 4176);
  assert.equal(look(http, f, 0, SOAP_REQ), Verdict.YesMore);
  assert.equal(name(f), 'HTTP.SOAP');
  assert.equal(f.host, 'go.microsoft.com');
});

test('HTTP.OCSP: the answer Content-Type overrides the Host service', () => {
  const f = tcpFlow(51536, 80);
  assert.equal(look(http, f, 0, OCSP_REQ), Verdict.YesMore);
  assert.equal(look(http, f, 1, OCSP_RESP), Verdict.Yes);
  assert.equal(name(f), 'HTTP.OCSP');
});

test('HTTP.WindowsUpdate: Delivery Optimization download from a numeric host', () => {
  const f = tcpFlow(49815, 80);
  look(http, f, 0, WU_REQ);
  assert.equal(name(f), 'HTTP.WindowsUpdate');
  // the same request to a named host is not (nDPI needs the numeric-host risk)
  const g = tcpFlow(49815, 80);
  look(http, g, 0, bytes(Buffer.from(WU_REQ).toString('latin1').replace('Host: 151.99.72.125', 'Host: cdn.example.net')));
  assert.notEqual(name(g), 'HTTP.WindowsUpdate');
});

test('HTTP.Xiaomi: a micloud.xiaomi.net URL; HTTP.ntop: an ntopng Server', () => {
  const f = tcpFlow(48698, 80);
  look(http, f, 0, XIAOMI_REQ);
  assert.equal(name(f), 'HTTP.Xiaomi');
  const g = tcpFlow(46980, 80);
  look(http, g, 0, bytes('GET /generate204 HTTP/1.1\r\nHost: conn-service-eu-04.example.com\r\n\r\n'));
  look(http, g, 1, NTOP_RESP);
  assert.equal(name(g), 'HTTP.ntop');
});

test('HTTP.MS-RPCH: RPC_IN_DATA / RPC_OUT_DATA requests', () => {
  const f = tcpFlow(40000, 593);
  assert.equal(look(http, f, 0, bytes('RPC_IN_DATA /rpc/rpcproxy.dll?x:6001 HTTP/1.1\r\nHost: x\r\n\r\n')), Verdict.YesMore);
  assert.equal(name(f), 'HTTP.MS-RPCH');
});

test('SOAP without HTTP: a SOAPAction line in a later packet, or an <?xml start then 4 packets', () => {
  const f = tcpFlow(50100, 80);
  const garbage = hexBytes('38002e0030002e0030002e0030002d00');
  assert.equal(look(soap, f, 0, garbage, 0), Verdict.More);
  const stream = new Uint8Array(garbage.length + SOAP_REQ.length);
  stream.set(garbage);
  stream.set(SOAP_REQ, garbage.length);
  assert.equal(look(soap, f, 0, stream, 1), Verdict.Yes);
  assert.equal(name(f), 'SOAP');
  const g = tcpFlow(56028, 80);
  const xml = bytes('<?xml version="1.0" encoding="UTF-8"?>\n<ZMessage target="ZBBP.1.ResolveKID">');
  assert.equal(look(soap, g, 0, xml, 0), Verdict.More);
  assert.equal(look(soap, g, 1, hexBytes('0102030405'), 1), Verdict.More);
  assert.equal(look(soap, g, 1, hexBytes('010203040506'), 2), Verdict.More);
  assert.equal(look(soap, g, 0, xml, 3), Verdict.Yes);
  const k = tcpFlow(56029, 80);
  for (let i = 0; i < 3; i++) assert.equal(look(soap, k, 0, garbage, i), Verdict.More);
  assert.equal(look(soap, k, 0, garbage, 3), Verdict.No);
});

test('JSON-RPC over TCP, HTTP2 preface, WebSocket frames: first packet only', () => {
  // jsonrpc.pcap frame 4 (start), websocket.pcap frame 1, http2.pcapng frame 1 (preface)
  const rpc = bytes('{"jsonrpc": "2.0", "method": "echo", "params": ["Testing!"], "id": "ca08159b"}');
  const f = tcpFlow(36646, 8080);
  assert.equal(look(jsonRpc, f, 0, rpc), Verdict.Yes);
  assert.equal(name(f), 'JSON-RPC');
  assert.equal(look(jsonRpc, tcpFlow(1, 2), 0, bytes('{"method": "echo", "params": ["Testing!"], "id": 1}')), Verdict.No);
  assert.equal(look(jsonRpc, tcpFlow(1, 2), 0, rpc, 1), Verdict.No);
  const pri = hexBytes('505249202a20485454502f322e300d0a0d0a534d0d0a0d0a000012040000000000000200000000');
  const g = tcpFlow(37824, 29518);
  assert.equal(look(http2, g, 0, pri), Verdict.Yes);
  assert.equal(name(g), 'HTTP2');
  assert.equal(look(http2, tcpFlow(1, 2), 0, bytes('PRI * HTTP/1.1\r\n\r\nSM\r\n\r\n')), Verdict.No);
  const ws = hexBytes('811757656c636f6d652c203139322e3136382e34332e312021');
  const k = tcpFlow(50999, 12345);
  assert.equal(look(websocket, k, 1, ws), Verdict.Yes);
  assert.equal(name(k), 'WebSocket');
  const longer = hexBytes('811757656c636f6d652c203139322e3136382e34332e31202100');
  assert.equal(look(websocket, tcpFlow(1, 2), 0, longer), Verdict.No);
  const badOp = hexBytes('831757656c636f6d652c203139322e3136382e34332e312021');
  assert.equal(look(websocket, tcpFlow(1, 2), 0, badOp), Verdict.No);
});

test('HTTP family: truncated and garbage payloads never throw', () => {
  const pkt = (hex: string) => ({ frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:80', hex });
  const heads = [SOAP_REQ, IPP_REQ, DASH_REQ, JSONRPC_REQ].map((b) => pkt(Buffer.from(b).toString('hex')));
  for (const d of [http, soap, jsonRpc, http2, websocket]) assert.ok(hammer(d, 6, heads) > 0);
});

test('HTTP.WebDAV: RFC 4918 methods (nDPI webdav.pcap)', () => {
  for (const m of ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK']) {
    const f = tcpFlow(35612, 80);
    assert.equal(look(http, f, 0, bytes(`${m} /webdav HTTP/1.1\r\nHost: www.dlp-test.com\r\nUser-Agent: curl/7.68.0\r\n\r\n`)), Verdict.YesMore, m);
    assert.equal(name(f), 'HTTP.WebDAV', m);
  }
  const g = tcpFlow(35613, 80);
  look(http, g, 0, bytes('GET /webdav HTTP/1.1\r\nHost: www.dlp-test.com\r\n\r\n'));
  assert.equal(name(g), 'HTTP');
});

test('HTTP.IceCast: an Icecast server answering a plain GET (nDPI icecast.pcapng)', () => {
  const f = tcpFlow(58596, 8000);
  look(http, f, 0, bytes('GET /streamTV1.ogg HTTP/1.1\r\nHost: 68.34.83.26:8000\r\nUser-Agent: Mozilla/5.0\r\n\r\n'));
  assert.equal(name(f), 'HTTP');
  assert.equal(look(http, f, 1, bytes('HTTP/1.0 200 OK\r\nContent-Type: application/ogg\r\nServer: Icecast 2.4.4\r\n\r\n')), Verdict.Yes);
  assert.equal(name(f), 'HTTP.IceCast');
});

test('HTTP.HLS: an mpegurl answer (nDPI hls.pcapng); a .m3u8 URL alone is HTTP (http_on_sip_port.pcap)', () => {
  const f = tcpFlow(41644, 8080);
  look(http, f, 0, bytes('GET /output.m3u8 HTTP/1.1\r\nHost: 192.168.88.231:8080\r\nUser-Agent: VLC/3.0.18 LibVLC/3.0.18\r\n\r\n'));
  assert.equal(name(f), 'HTTP');
  look(http, f, 1, bytes('HTTP/1.1 403 Forbidden\r\nServer: Flussonic\r\n\r\n'));
  assert.equal(name(f), 'HTTP');
  const g = tcpFlow(41645, 8080);
  look(http, g, 0, bytes('GET /live HTTP/1.1\r\nHost: 192.168.88.231:8080\r\n\r\n'));
  assert.equal(name(g), 'HTTP');
  look(http, g, 1, bytes('HTTP/1.0 200 OK\r\nServer: SimpleHTTP/0.6\r\nContent-Type: application/vnd.apple.mpegurl\r\n\r\n'));
  assert.equal(name(g), 'HTTP.HLS');
});
