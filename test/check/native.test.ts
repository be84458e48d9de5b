/**
 * The native paths of the flow API (lib/check/lua-native.ts): values the host stores per flow
 * and the wasm getters read — they must follow the flow being checked, whoever runs the chunk.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAddr } from '../../lib/flow/flow.js';
import { FlowFilter } from '../../lib/check/filter.js';
import { harness, makeFlow } from './helpers.js';

test('IPv4 addresses formatted natively match formatAddr, octet by octet', async () => {
  const addrs = ['0.0.0.0', '255.255.255.255', '1.2.3.4', '10.0.100.9', '100.99.10.0', '9.90.199.200', '172.16.254.1'];
  const h = await harness('print(flow.cli() .. "|" .. flow.srv() .. "|" .. flow.cli())');
  for (let i = 0; i < addrs.length; i++) {
    const f = makeFlow(addrs[i], 1000, addrs[(i + 1) % addrs.length], 80);
    h.run(f);
    assert.equal(h.lines.at(-1)!.replace(/^\[[^\]]+\] /, ''), `${formatAddr(4, f.cli)}|${formatAddr(4, f.srv)}|${formatAddr(4, f.cli)}`);
    assert.equal(formatAddr(4, f.cli), addrs[i]);
  }
  h.runner.close();
});

test('values follow the flow: consecutive flows of both families on one state', async () => {
  const h = await harness('print(flow.cli(), flow.srv_port(), flow.direction(), flow.is_unicast(), flow.l7_proto_name())');
  const a = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17);
  const b = makeFlow('2001:db8::1', 2, 'ff02::1', 5353, 17);
  const c = makeFlow('192.168.0.9', 3, '192.168.0.255', 137, 17);
  for (const f of [a, b, c, a]) h.run(f);
  assert.deepEqual(
    h.lines.map((l) => l.replace(/^\[[^\]]+\] /, '')),
    ['10.0.0.1\t53\tlocal2remote\ttrue\tUnknown', '2001:db8::1\t5353\tremote2local\tfalse\tUnknown', '192.168.0.9\t137\tlocal2local\tfalse\tUnknown', '10.0.0.1\t53\tlocal2remote\ttrue\tUnknown'],
  );
  h.runner.close();
});

test('a flow method kept in a global reads the flow being checked, not the one it came from', async () => {
  const h = await harness('port = port or flow.srv_port\naddr = addr or flow.srv\nprint(port(), addr())');
  h.run(makeFlow('10.0.0.1', 1, '10.0.0.2', 80));
  h.run(makeFlow('10.0.0.1', 1, '10.0.0.3', 443));
  assert.deepEqual(h.lines.map((l) => l.replace(/^\[[^\]]+\] /, '')), ['80\t10.0.0.2', '443\t10.0.0.3']);
  h.runner.close();
});

test('--where filters read the flow they are given', async () => {
  const filter = await FlowFilter.create('flow.srv_port() ~= 53 and flow.srv() ~= "10.0.0.9"');
  try {
    assert.equal(filter.matches(makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17)), false);
    assert.equal(filter.matches(makeFlow('10.0.0.1', 1, '8.8.8.8', 80)), true);
    assert.equal(filter.matches(makeFlow('10.0.0.1', 1, '10.0.0.9', 80)), false);
    assert.equal(filter.matches(makeFlow('10.0.0.1', 1, '2001:db8::9', 80)), true);
  } finally {
    filter.close();
  }
});

test('triggerAlert: a number message is converted; wrong types name the function', async () => {
  const h = await harness('flow.triggerAlert(7, 42)\nflow.triggerAlert(300.5, "big")\nflow.triggerAlert("x", "y")');
  h.run(makeFlow('10.0.0.1', 1, '10.0.0.2', 80));
  assert.deepEqual(h.runner.alerts.map((a) => [a.score, a.message]), [[7, '42'], [255, 'big']]);
  assert.equal(h.runner.errors.length, 1);
  assert.match(h.runner.errors[0].message, /bad argument #1 to 'triggerAlert' \(number expected, got string\)/);
  h.runner.close();
});

test('protocol tables: a key set seen again reuses its constructor; every key set gets its own keys', async () => {
  const h = await harness('local t = flow.dns()\nlocal k = {}\nfor key in pairs(t) do k[#k + 1] = key end\ntable.sort(k)\nprint(table.concat(k, ","))');
  const mk = (dns: object) => {
    const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17);
    f.meta.dns = dns as never;
    return f;
  };
  h.run(mk({ query: 'a.org', qtype: 1 }));
  h.run(mk({ query: 'b.org', qtype: 28, rcode: 3, answers: [] }));
  h.run(mk({ query: 'c.org', qtype: 1 }));
  const lines = h.lines.map((l) => l.replace(/^\[[^\]]+\] /, ''));
  const base = 'invalid_chars,protos.dns.invalid_chars_in_query,protos.dns.last_query,protos.dns.last_query_type,query,query_type';
  assert.deepEqual(lines, [base, 'answers,' + base.replace('protos.dns.last_query_type,', 'protos.dns.last_query_type,protos.dns.last_return_code,') + ',return_code', base]);
  h.runner.close();
});


test('the native allocator counts a state\'s memory and enforces its cap', async () => {
  const { loadLuaRuntime, LUA_OK, LUA_ERRMEM } = await import('../../lib/check/lua-engine.js');
  const rt = await loadLuaRuntime();
  const st = rt.newState(2 * 1024 * 1024);
  try {
    const base = st.memoryUsed;
    assert.ok(base > 10_000 && base < 1024 * 1024, `after openlibs: ${base}`);
    assert.equal(st.load('big = string.rep("x", 500000)', '=t'), LUA_OK);
    assert.equal(st.pcall(0), LUA_OK);
    assert.ok(st.memoryUsed >= base + 500_000);
    assert.equal(st.load('big = nil; collectgarbage(); collectgarbage()', '=t'), LUA_OK);
    assert.equal(st.pcall(0), LUA_OK);
    assert.ok(st.memoryUsed < base + 100_000, `after collect: ${st.memoryUsed}`);
    assert.equal(st.load('return string.rep("x", 4 * 1024 * 1024)', '=t'), LUA_OK);
    assert.equal(st.pcall(0), LUA_ERRMEM);
    st.setTop(0);
    // still usable after the refusal
    assert.equal(st.load('return 6 * 7', '=t'), LUA_OK);
    assert.equal(st.pcall(0, 1), LUA_OK);
    assert.equal(rt.toNumber(st.L, -1), 42);
  } finally {
    st.close();
  }
});
