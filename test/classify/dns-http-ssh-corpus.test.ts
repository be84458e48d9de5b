import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import type { Flow } from '../../lib/flow/flow.js';
import { addrSignature } from '../../scripts/accuracy.js';
import { ndpiField, readNdpiOut } from '../../scripts/support/ndpi-out.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

// The DNS, HTTP and SSH metadata of every such flow in these captures, against nDPI's .out.
const CAPTURES = [
  'dns.pcap',
  'dns_fragmented.pcap',
  'KakaoTalk_chat.pcap',
  'android.pcap',
  'netflix.pcap',
  'http-proxy.pcapng',
  'http_connect.pcap',
  'ocs.pcap',
  'ssh.pcap',
  'capwap.pcap',
];
const DNS = 5;
const HTTP_FAMILY = [7, 130, 131];
const SSH = 92;

function key(proto: number, vlan: number, a: string, ap: number, b: string, bp: number): string {
  const x = `${addrSignature(a)}:${ap}`;
  const y = `${addrSignature(b)}:${bp}`;
  return `${proto}|${vlan}|${x < y ? x + y : y + x}`;
}

for (const name of CAPTURES) {
  test(`DNS/HTTP/SSH metadata agree with nDPI in ${name}`, { skip: NO_CORPUS }, async () => {
    const file = corpusFile(name);
    const { flows } = await analyze({ inputs: [file] });
    const ours = new Map<string, Flow>();
    for (const f of flows) ours.set(key(f.proto, f.vlanId, f.cliAddr(), f.cliPort, f.srvAddr(), f.srvPort), f);
    let checked = 0;
    for (const nf of readNdpiOut(`${file}.out`).flows) {
      const wire = nf.master || nf.app;
      if (wire !== DNS && wire !== SSH && !HTTP_FAMILY.includes(wire)) continue;
      const f = ours.get(key(nf.ipProto, nf.vlan, nf.a.addr, nf.a.port, nf.b.addr, nf.b.port));
      assert.ok(f, `${name}: flow ${nf.index} not found`);
      const where = `${name} #${nf.index} ${nf.protoName}`;
      assert.equal(l7ProtoName(f.l7Master, f.l7App), nf.protoName, where);
      const L = nf.raw;
      if (wire === SSH) {
        assert.equal(f.meta.ssh?.hasshClient, ndpiField(L, 'HASSH-C')?.toLowerCase(), where);
        assert.equal(f.meta.ssh?.hasshServer, ndpiField(L, 'HASSH-S')?.toLowerCase(), where);
        // nDPI shows the first banner it saw as the client's; flowcheck keeps each side's own
        const banners = [f.meta.ssh?.clientBanner, f.meta.ssh?.serverBanner].sort();
        assert.deepEqual(banners, [nf.hostname, ndpiField(L, 'Server')].sort(), where);
      } else {
        if (nf.hostname !== undefined) assert.equal(f.host, nf.hostname, where);
        if (wire === DNS) assert.ok(f.meta.dns?.query !== undefined, where);
      }
      if (HTTP_FAMILY.includes(wire)) {
        const h = f.meta.http ?? {};
        const status = ndpiField(L, 'StatusCode');
        if (status !== undefined) assert.equal(h.status, Number(status), where);
        assert.equal(h.userAgent, ndpiField(L, 'User-Agent'), where);
        const server = ndpiField(L, 'Server');
        if (server !== undefined) assert.equal(h.server, server, where);
        const ct = ndpiField(L, 'Content-Type');
        if (ct !== undefined) assert.equal(h.contentType, ct, where);
        const url = ndpiField(L, 'URL');
        if (url !== undefined) {
          // flowcheck's URL has no scheme (ntopng's last_url); nDPI cuts long URLs
          const bare = url.replace(/^[a-z]+:\/\//, '');
          assert.ok(h.url !== undefined && h.url.startsWith(bare), `${where}: ${h.url} vs ${url}`);
        }
      }
      checked++;
    }
    assert.ok(checked > 0, name);
  });
}
