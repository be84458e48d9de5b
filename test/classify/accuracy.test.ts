import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addrSignature, compareCapture } from '../../scripts/accuracy.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

test("nDPI's IPv6 spellings reduce to the same signature as RFC 5952's", () => {
  assert.equal(addrSignature('2a03:2880:fffe:b:face:b00c::99'), addrSignature('2a03:2880:fffe:b:face:b00c:0:99'));
  assert.equal(addrSignature('2600:1900:4160:5999::19::'), addrSignature('2600:1900:4160:5999:0:19::'));
  assert.equal(addrSignature('::'), addrSignature('0:0:0:0:0:0:0:0'));
  assert.notEqual(addrSignature('2001:db8::1'), addrSignature('2001:db8::2'));
  assert.equal(addrSignature('10.0.0.1'), '10.0.0.1');
});

// end to end: capture → flows → names, against nDPI's verdicts for the DNS, HTTP and SSH captures
for (const name of ['dns.pcap', 'dns_fragmented.pcap', 'http-proxy.pcapng', 'http_connect.pcap', 'ssh.pcap', 'netflix.pcap']) {
  test(`flowcheck agrees with nDPI on every flow of ${name}`, { skip: NO_CORPUS }, async () => {
    const r = await compareCapture(corpusFile(name));
    assert.ok(r.flows > 0);
    assert.deepEqual(r.disagreements, []);
    assert.equal(r.flowsAgree, r.flows);
  });
}
