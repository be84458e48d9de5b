import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HostMatcher, matchHost, matchHostPattern } from '../../lib/classify/hosts.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { lcg31 } from '../helpers/random.js';

const GOOGLE = protocolId('Google');
const AMAZON = protocolId('Amazon');

test('exact and dot-boundary suffix matches, case-insensitive', () => {
  assert.equal(matchHost('amazon.com'), AMAZON);
  assert.equal(matchHost('WWW.Amazon.COM'), AMAZON);
  assert.equal(matchHost('notamazon.com'), 0);
  assert.equal(matchHost('amazonaws.com'), protocolId('AmazonAWS'));
  assert.equal(matchHost('s3.eu-west-1.amazonaws.com'), protocolId('AmazonAWS'));
  assert.equal(matchHost(''), 0);
  assert.equal(matchHost('com'), 0);
  assert.equal(matchHost('.'), 0);
});

test("a pattern ending in '.' or '-' matches the start of a label", () => {
  // amazon. (Amazon) matches inside the name, at a label start
  assert.equal(matchHost('www.amazon.co.uk'), AMAZON);
  assert.equal(matchHost('amazon.de'), AMAZON);
  assert.equal(matchHost('xamazon.de'), 0);
  // fbcdn- (Facebook)
  assert.equal(matchHost('scontent.fbcdn-video.net'), protocolId('Facebook'));
  assert.equal(matchHost('scontent.xfbcdn-video.net'), 0);
  // google. (Google)
  assert.equal(matchHost('www.google.it'), GOOGLE);
});

test("a pattern starting with '-' may start mid-label", () => {
  assert.equal(matchHost('alt1-mtalk.google.com'), protocolId('GoogleServices'));
  assert.equal(matchHost('p12-buy.itunes.apple.com'), protocolId('AppleStore'));
  assert.equal(matchHost('nyc-speedtest.example.net'), protocolId('Ookla'));
  assert.equal(matchHost('nycspeedtest.example.net'), 0);
});

test('nDPI ranks the kinds of match: whole name, prefix at the start, suffix, prefix inside', () => {
  // dns_ambiguous_names.pcap: instagram. at the start beats the suffix fna.fbcdn.net
  assert.equal(matchHost('instagram.faae1-1.fna.fbcdn.net'), protocolId('Instagram'));
  // ... and the suffix qq.com beats weixin. inside the name
  assert.equal(matchHost('short.weixin.qq.com'), protocolId('QQ'));
});

test('within a kind, the longest (most specific) pattern wins', () => {
  // amazon. (Amazon) vs atv-ext.amazon.com (AmazonVideo)
  assert.equal(matchHost('atv-ext.amazon.com'), protocolId('AmazonVideo'));
  assert.equal(matchHost('x.atv-ext.amazon.com'), protocolId('AmazonVideo'));
  // maps.google. (GoogleMaps) is longer than google.
  assert.equal(matchHost('maps.google.fr'), protocolId('GoogleMaps'));
  assert.equal(matchHostPattern('maps.google.fr')?.pattern, 'maps.google.');
});

test('a matcher of other patterns follows the same rules', () => {
  const m = new HostMatcher([
    ['Example-Test.org', 7],
    ['exampletest.', 9],
  ]);
  const id = (name: string) => m.best(name)?.id ?? 0;
  assert.equal(id('a.b.example-test.org'), 7);
  assert.equal(id('example-test.org.'), 7);
  assert.equal(id('aexample-test.org'), 0);
  assert.equal(id('foo.exampletest.net'), 9);
  assert.equal(id('exampletest'), 0);
  // nDPI's table is not changed by it
  assert.equal(matchHost('a.b.example-test.org'), 0);
});

test('a long name is matched without scanning the list', () => {
  const name = `${'a.'.repeat(5000)}google.com`;
  assert.equal(matchHost(name), GOOGLE);
});

/**
 * The rules written out plainly: every pattern tried against the name; the best kind of
 * match wins (whole name, label-start pattern at the start, suffix, label-start pattern
 * further in), then the longest pattern, then the earlier row.
 */
function bruteForce(list: readonly (readonly [string, number])[], name: string): number {
  let h = name.toLowerCase();
  if (h.length > 1 && h.endsWith('.')) h = h.slice(0, -1);
  let best = 0;
  let bestLen = 0;
  let bestClass = 9;
  for (const [raw, id] of list) {
    const p = raw.toLowerCase();
    let cls = 9;
    if (p.endsWith('.') || p.endsWith('-')) {
      for (let i = 0; i + p.length <= h.length; i++) {
        if ((i === 0 || h[i - 1] === '.' || p[0] === '-') && h.startsWith(p, i) && i + p.length < h.length) {
          cls = Math.min(cls, i === 0 ? 1 : 3);
        }
      }
    } else if (h === p) cls = 0;
    else if (h.endsWith(`.${p}`) || (p[0] === '-' && h.endsWith(p))) cls = 2;
    if (cls === 9) continue;
    if (cls < bestClass || (cls === bestClass && p.length > bestLen)) {
      best = id;
      bestLen = p.length;
      bestClass = cls;
    }
  }
  return best;
}

test('matches the plain reading of the rules on names built from the table', async () => {
  const { HOST_PATTERNS } = await import('../../lib/classify/host-patterns.js');
  const next = lcg31(99);
  const rnd = (n: number) => (next() >> 8) % n;
  const pieces = ['www', 'a', 'cdn', 'x-1', 'Media', 'co', 'uk', 'com', 'net', '-', 'static'];
  let checked = 0;
  for (let k = 0; k < 3000; k++) {
    const parts: string[] = [];
    const n = 1 + rnd(4);
    for (let j = 0; j < n; j++) {
      parts.push(rnd(3) === 0 ? HOST_PATTERNS[rnd(HOST_PATTERNS.length)][0].replace(/[.-]$/, '') : pieces[rnd(pieces.length)]);
    }
    let name = parts.join(rnd(5) === 0 ? '-' : '.');
    if (rnd(10) === 0) name = name.toUpperCase();
    assert.equal(matchHost(name), bruteForce(HOST_PATTERNS, name), name);
    checked++;
  }
  assert.equal(checked, 3000);
});
