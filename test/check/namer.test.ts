import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowFilter } from '../../lib/check/filter.js';
import { evalOn, makeFlow } from './helpers.js';

const tlsGoogle = () => makeFlow('10.0.0.1', 1, '10.0.0.2', 2, 6, { l7Master: 91, l7App: 126 });

test('the protocolName option names the protocols of l7_proto_name(), per runner', async () => {
  assert.equal(await evalOn(tlsGoogle(), 'flow.l7_proto_name()', { protocolName: (m, a) => `m${m}a${a}` }), 'm91a126');
  // Another runner without the option uses nDPI's table: nothing is left behind in a module.
  assert.equal(await evalOn(tlsGoogle(), 'flow.l7_proto_name()'), 'TLS.Google');
});

test('the protocolName option of a --where filter', async () => {
  const f = await FlowFilter.create('flow.l7_proto_name() == "m91a126"', { protocolName: (m, a) => `m${m}a${a}` });
  const g = await FlowFilter.create('flow.l7_proto_name() == "TLS.Google"');
  try {
    assert.equal(f.matches(tlsGoogle()), true);
    assert.equal(g.matches(tlsGoogle()), true);
  } finally {
    f.close();
    g.close();
  }
});
