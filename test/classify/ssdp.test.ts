import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Verdict } from '../../lib/classify/dissector.js';
import { ssdp } from '../../lib/classify/protocols/ssdp.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { SIP_REGISTER, SSDP_MSEARCH } from './dhcp-stun-fixtures.js';
import { drive, hammer } from './dissector-harness.js';

test('SSDP: an M-SEARCH is SSDP; HOST is the host name, ST and MAN are kept', () => {
  const r = drive(ssdp, 17, SSDP_MSEARCH);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.l7App, protocolId('SSDP'));
  const text = Buffer.from(SSDP_MSEARCH[0].hex, 'hex').toString('latin1');
  assert.equal(r.flow.host, /HOST: ?([^\r\n]*)/i.exec(text)![1]);
  assert.equal(r.flow.meta.other?.['ssdp.method'], 'M-SEARCH');
  assert.equal(r.flow.meta.other?.['ssdp.st'], /\nST: ?([^\r\n]*)/i.exec(text)![1]);
  assert.equal(r.flow.meta.other?.['ssdp.man'], '"ssdp:discover"');
});

test('SSDP: a NOTIFY is SSDP; a SIP request is not', () => {
  const notify = 'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n\r\n';
  const r = drive(ssdp, 17, [{ ...SSDP_MSEARCH[0], hex: Buffer.from(notify).toString('hex') }]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['ssdp.nts'], 'ssdp:alive');
  assert.equal(drive(ssdp, 17, SIP_REGISTER).verdict, Verdict.No);
});

test('SSDP: truncated and garbage payloads never throw', () => {
  assert.ok(hammer(ssdp, 17, SSDP_MSEARCH) > 0);
});

test('SSDP: a unicast search response from an ephemeral port is SSDP (anyconnect-vpn.pcap, nDPI ssdp.c)', () => {
  const resp = 'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nST: upnp:rootdevice\r\nUSN: uuid:1::upnp:rootdevice\r\n\r\n';
  const pkt = { frame: 397, from: '10.0.0.149:38616', to: '10.0.0.227:61328', hex: Buffer.from(resp).toString('hex') };
  const r = drive(ssdp, 17, [pkt]);
  assert.equal(r.verdict, Verdict.Yes);
  assert.equal(r.flow.meta.other?.['ssdp.method'], 'RESPONSE');
  assert.equal(drive(ssdp, 17, [{ ...pkt, hex: Buffer.from('HTTP/1.1 404 Not Found\r\n\r\n').toString('hex') }]).verdict, Verdict.No);
});
