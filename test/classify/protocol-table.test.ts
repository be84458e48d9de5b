import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readHostPatterns, readProtocols } from '../../scripts/gen-protocols.js';
import { HOST_PATTERNS } from '../../lib/classify/host-patterns.js';
import { readFileSync } from 'node:fs';
import {
  PROTOCOLS,
  flowCategory,
  guessByPort,
  l7ProtoName,
  protocolCategory,
  protocolId,
  protocolName,
} from '../../lib/classify/protocol-table.js';
import { NO_CORPUS, PROJECT_ROOT, corpusCaptures } from '../helpers/corpus.js';

const REF = path.resolve(PROJECT_ROOT, process.env.FLOWCHECK_REFERENCE ?? '../shared/reference');
const NO_REF = existsSync(path.join(REF, 'ndpi-protocols.tsv')) ? false : `reference tables not found at ${REF}`;

test('generated protocol table matches ndpi-protocols.tsv row for row', { skip: NO_REF }, () => {
  const rows = readProtocols(path.join(REF, 'ndpi-protocols.tsv'));
  assert.equal(PROTOCOLS.length, rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const p = PROTOCOLS[i];
    assert.deepEqual(
      { ...p, tcpPorts: [...p.tcpPorts], udpPorts: [...p.udpPorts] },
      r,
      `row ${i} (${r.name})`,
    );
    assert.equal(protocolId(r.name), r.id);
    assert.equal(protocolName(r.id), r.name);
    assert.equal(protocolCategory(r.id), r.category);
  }
});

test('generated host patterns match ndpi-host-match.tsv', { skip: NO_REF }, () => {
  const rows = readHostPatterns(path.join(REF, 'ndpi-host-match.tsv'));
  assert.deepEqual(
    HOST_PATTERNS.map(([p, id]) => [p, id]),
    rows.map((r) => [r.pattern, r.id]),
  );
  // the list spells a few names differently (Teamviewer/TeamViewer): compare ids by name, case-insensitively
  for (const r of rows) assert.equal(protocolName(r.id).toLowerCase(), r.name.toLowerCase(), r.pattern);
});

test('protocolId throws for an unknown name', () => {
  assert.throws(() => protocolId('TSL'), /unknown nDPI protocol name 'TSL'/);
  assert.equal(protocolId('TLS'), 91);
  assert.equal(protocolId('Google'), 126);
});

test('l7ProtoName follows nDPI naming', () => {
  assert.equal(l7ProtoName(91, 126), 'TLS.Google');
  assert.equal(l7ProtoName(0, 5), 'DNS');
  assert.equal(l7ProtoName(5, 0), 'DNS');
  assert.equal(l7ProtoName(7, 7), 'HTTP');
  assert.equal(l7ProtoName(0, 0), 'Unknown');
  assert.equal(protocolName(0), 'Unknown');
  assert.equal(protocolName(99999), 'Unknown');
});

test('guessByPort uses the default-port table', () => {
  assert.equal(guessByPort(6, 443), 91);
  assert.equal(guessByPort(17, 443), 188);
  assert.equal(guessByPort(17, 53), 5);
  assert.equal(guessByPort(6, 445), protocolId('SMBv23'));
  assert.equal(guessByPort(6, 8080), protocolId('HTTP_Proxy'));
  assert.equal(guessByPort(6, 1), 0);
  assert.equal(guessByPort(1, 443), 0);
});

test('flowCategory: the app category, except under DNS', () => {
  assert.equal(flowCategory(5, 126), 'Network'); // DNS.Google
  assert.equal(flowCategory(91, 126), 'Web'); // TLS.Google
  assert.equal(flowCategory(91, 119), 'SocialNetwork'); // TLS.Facebook
  assert.equal(flowCategory(0, 92), 'RemoteAccess'); // SSH
  assert.equal(flowCategory(0, 0), 'Unspecified');
});

test('flowCategory agrees with nDPI on every DNS flow of the corpus', { skip: NO_CORPUS }, () => {
  let checked = 0;
  for (const cap of corpusCaptures()) {
    for (const line of readFileSync(`${cap}.out`, 'utf8').split('\n')) {
      const m = /\[proto: (?:\w+:)?(\d+)(?:\.(\d+))?\/([^\]]+)\].*?\[cat: ([^/\]]+)\/\d+\]/.exec(line);
      if (!m) continue;
      const [master, app] = m[2] !== undefined ? [Number(m[1]), Number(m[2])] : [0, Number(m[1])];
      // DNS.<service> keeps DNS's category (other masters take categories from nDPI's host lists too)
      if ((master || app) !== 5) continue;
      assert.equal(flowCategory(master, app), m[4], `${cap}: ${m[3]}`);
      checked++;
    }
  }
  assert.ok(checked > 50);
});
