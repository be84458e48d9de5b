import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flattenRecord, flowDetailText } from '../../lib/report/flow-detail.js';

test('flow detail: nested records become dotted keys in their own order; lists of scalars one line', () => {
  const pairs = flattenRecord({ id: 3, tcp: { cli_flags: 'SA', handshake_completed: true }, risks: [{ name: 'A' }, { name: 'B' }], tags: ['x', 'y'], host: null, empty: [] });
  assert.deepEqual(pairs, [
    ['id', '3'],
    ['tcp.cli_flags', 'SA'],
    ['tcp.handshake_completed', 'true'],
    ['risks[0].name', 'A'],
    ['risks[1].name', 'B'],
    ['tags', 'x, y'],
    ['host', 'null'],
    ['empty', '[]'],
  ]);
});

test('flow detail: long values wrap, never cut', () => {
  const url = 'http://example.org/' + 'a'.repeat(150);
  const text = flowDetailText('Flow 1', [['http.url', url]], 80);
  const lines = text.trimEnd().split('\n');
  assert.ok(lines.every((l) => l.length <= 80), 'fits 80 columns');
  assert.equal(lines.slice(2).map((l) => l.slice(10)).join(''), url);
});
