import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setProtocolNamer } from '../../lib/check/flow-api.js';
import { evalOn, makeFlow } from './helpers.js';

test('setProtocolNamer replaces the names given to l7_proto_name()', async () => {
  setProtocolNamer((m, a) => `m${m}a${a}`);
  assert.equal(await evalOn(makeFlow('10.0.0.1', 1, '10.0.0.2', 2, 6, { l7Master: 91, l7App: 126 }), 'flow.l7_proto_name()'), 'm91a126');
});
