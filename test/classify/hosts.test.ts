import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addHostPattern, matchHost, matchHostPattern } from '../../lib/classify/hosts.js';
import { protocolId } from '../../lib/classify/protocol-table.js';

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

test('the longest (most specific) pattern wins', () => {
  // amazon. (Amazon) vs atv-ext.amazon.com (AmazonVideo)
  assert.equal(matchHost('atv-ext.amazon.com'), protocolId('AmazonVideo'));
  assert.equal(matchHost('x.atv-ext.amazon.com'), protocolId('AmazonVideo'));
  // maps.google. (GoogleMaps) is longer than google.
  assert.equal(matchHost('maps.google.fr'), protocolId('GoogleMaps'));
  assert.equal(matchHostPattern('maps.google.fr')?.pattern, 'maps.google.');
});

test('added patterns follow the same rules', () => {
  addHostPattern('Example-Test.org', 7);
  addHostPattern('exampletest.', 9);
  assert.equal(matchHost('a.b.example-test.org'), 7);
  assert.equal(matchHost('example-test.org.'), 7);
  assert.equal(matchHost('aexample-test.org'), 0);
  assert.equal(matchHost('foo.exampletest.net'), 9);
  assert.equal(matchHost('exampletest'), 0);
});

test('a long name is matched without scanning the list', () => {
  const name = `${'a.'.repeat(5000)}google.com`;
  assert.equal(matchHost(name), GOOGLE);
});
