import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { AddressTrie, parseIpv4, parseIpv6 } from '../../lib/classify/address-trie.js';
import { IpLists } from '../../lib/classify/ip-lists.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { flatten, parseIpLists } from '../../scripts/gen-ip-lists.js';
import { PROJECT_ROOT as ROOT } from '../helpers/corpus.js';

const v4 = (s: string) => [parseIpv4(s)!, 0, 0, 0];
const v6 = (s: string) => parseIpv6(s)!;

test('parseIpv4 / parseIpv6: the textual forms, and refusals', () => {
  assert.equal(parseIpv4('217.138.197.43'), 0xd98ac52b);
  assert.equal(parseIpv4('1.2.3'), undefined);
  assert.equal(parseIpv4('1.2.3.256'), undefined);
  assert.deepEqual(parseIpv6('2001:db8::1'), [0x20010db8, 0, 0, 1]);
  assert.deepEqual(parseIpv6('::'), [0, 0, 0, 0]);
  assert.deepEqual(parseIpv6('::ffff:1.2.3.4'), [0, 0, 0xffff, 0x01020304]);
  assert.deepEqual(parseIpv6('fe80::76ac:b9ff:fe6c:c124'), [0xfe800000, 0, 0x76acb9ff, 0xfe6cc124]);
  assert.equal(parseIpv6('1::2::3'), undefined);
  assert.equal(parseIpv6('12345::'), undefined);
});

test('AddressTrie: the longest prefix wins, a later equal prefix replaces, ports restrict', () => {
  const t = new AddressTrie(32, 2);
  t.insert(v4('10.0.0.0'), 8, 1);
  t.insert(v4('10.1.0.0'), 16, 2);
  t.insert(v4('10.1.2.3'), 32, 3, 443);
  assert.equal(t.lookup(v4('10.9.9.9')), 1);
  assert.equal(t.lookup(v4('10.1.9.9')), 2);
  assert.equal(t.lookup(v4('10.1.2.3'), 443), 3);
  assert.equal(t.lookup(v4('10.1.2.3'), 80), 2);
  assert.equal(t.lookup(v4('11.0.0.0')), 0);
  t.insert(v4('10.0.0.0'), 8, 7);
  assert.equal(t.lookup(v4('10.9.9.9')), 7);
  const all = new AddressTrie(32);
  all.insert(v4('0.0.0.0'), 0, 9);
  assert.equal(all.lookup(v4('255.255.255.255')), 9);
  const t6 = new AddressTrie(128);
  t6.insert(v6('2001:db8::'), 32, 4);
  t6.insert(v6('2001:db8:0:1::'), 64, 5);
  assert.equal(t6.lookup(v6('2001:db8::9')), 4);
  assert.equal(t6.lookup(v6('2001:db8:0:1::9')), 5);
  assert.equal(t6.lookup(v6('2001:db9::')), 0);
  assert.throws(() => t.insert(v4('1.2.3.4'), 33, 1), RangeError);
});

test('flatten: nested and disjoint networks become segments with the longest match', () => {
  const rows = parseIpLists('cidr\tprotocol_id\tprotocol_name\tndpi_list\n10.0.0.0/8\t1\tA\tl\n10.1.0.0/16\t2\tB\tl\n10.1.0.0/16\t3\tC\tl\n12.0.0.0/8\t1\tA\tl\n');
  const segs = flatten(rows).map(([s, id]) => [Number(s), id]);
  assert.deepEqual(segs, [
    [0, 0],
    [parseIpv4('10.0.0.0')!, 1],
    [parseIpv4('10.1.0.0')!, 3], // the later of two equal networks
    [parseIpv4('10.2.0.0')!, 1],
    [parseIpv4('11.0.0.0')!, 0],
    [parseIpv4('12.0.0.0')!, 1],
    [parseIpv4('13.0.0.0')!, 0],
  ]);
});

test("nDPI's lists: known addresses, both families, and no match outside them", () => {
  const l = new IpLists();
  assert.equal(l.lookup(4, v4('217.138.197.43')), protocolId('NordVPN'));
  assert.equal(l.lookup(4, v4('8.8.8.8')), protocolId('Google'));
  assert.equal(l.lookup(4, v4('149.154.167.91')), protocolId('Telegram'));
  assert.equal(l.lookup(4, v4('192.168.1.1')), 0);
  assert.equal(l.lookup(4, v4('0.0.0.0')), 0);
  assert.equal(l.lookup(4, v4('255.255.255.255')), 0);
  assert.equal(l.lookup(6, v6('2a03:2880:f12f:183:face:b00c:0:25de')), protocolId('Facebook'));
  assert.equal(l.lookup(6, v6('::1')), 0);
  assert.equal(l.lookup(6, v6('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')), 0);
});

const TSV = path.join(ROOT, '../shared/reference/ndpi-ip-lists.tsv');

test('the generated segments answer every network of ndpi-ip-lists.tsv as a longest-prefix trie does', { skip: existsSync(TSV) ? false : `no ${TSV}` }, () => {
  const rows = parseIpLists(readFileSync(TSV, 'utf8'));
  const t4 = new AddressTrie(32);
  const t6 = new AddressTrie(128);
  for (const r of rows) (r.v6 ? t6 : t4).insert(r.words, r.bits, r.id);
  const l = new IpLists();
  let checked = 0;
  for (const r of rows) {
    // the network's first and last address, and one past the end
    const words = r.v6 ? [...r.words] : [r.words[0], 0, 0, 0];
    const first = words.slice();
    const last = words.slice();
    const width = r.v6 ? 128 : 32;
    for (let b = r.bits; b < width; b++) last[b >>> 5] = (last[b >>> 5] | (1 << (31 - (b & 31)))) >>> 0;
    for (const a of [first, last]) {
      assert.equal(l.lookup(r.v6 ? 6 : 4, a), (r.v6 ? t6 : t4).lookup(a), `${a.join('.')}`);
      checked++;
    }
  }
  assert.ok(checked > 30000);
});
