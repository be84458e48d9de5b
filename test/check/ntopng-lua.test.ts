// ntopng's helper modules (lua_utils, format_utils, dkjson, alert_consts, flow_consts), ntop.*,
// interface.*, modules beside a check, the module form, --ntopng-compat and teaching errors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { harness, makeFlow } from './helpers.js';

const dns = () => makeFlow('10.0.0.1', 40000, '8.8.8.8', 53, 17, { lastSec: 1000, l7App: 5 });

/** Runs a script on one flow; returns its alerts' messages (fails on errors). */
async function alertsOf(src: string, flow = dns()): Promise<string[]> {
  const h = await harness(src);
  try {
    h.run(flow);
    assert.deepEqual(h.runner.errors.map((e) => e.message), []);
    return flow.alerts.map((a) => a.message);
  } finally {
    h.runner.close();
  }
}

/** Each [expression, expected tostring()] pair, after require "lua_utils". */
async function expectAll(pairs: [string, string][]): Promise<void> {
  const src = ['require "lua_utils"', ...pairs.map(([e]) => `flow.triggerAlert(1, tostring(${e}))`)].join('\n');
  const got = await alertsOf(src);
  assert.deepEqual(
    got.map((g, i) => `${pairs[i][0]} => ${g}`),
    pairs.map(([e, want]) => `${e} => ${want}`),
  );
}

test('require "lua_utils" defines ntopng globals and returns them', async () => {
  await expectAll([
    ['isEmptyString(nil)', 'true'],
    ['isEmptyString("")', 'true'],
    ['isEmptyString("x")', 'false'],
    ['ternary(1 > 0, "a", "b")', 'a'],
    ['ternary(false, "a", "b")', 'b'],
    ['starts("www.example.com", "www.")', 'true'],
    ['starts("example.com", "www.")', 'false'],
    ['starts(nil, "x")', 'false'],
    ['ends("www.example.com", ".com")', 'true'],
    ['ends("www.example.com", "")', 'true'],
    ['ends("a", "abc")', 'false'],
    ['string.starts("abc", "ab")', 'true'],
    ['string.ends("abc", "bc")', 'true'],
    ['("abc"):starts("a")', 'true'],
    ['table.concat(split("a,b,,c", ","), "|")', 'a|b||c'],
    ['#split("a.b.c", "%.")', '3'],
    ['table.concat(split("abc"), "|")', 'a|b|c'],
    ['#split(nil, ",")', '0'],
    ['string.split("a b", " ")[2]', 'b'],
    ['string.split("ab", ",")', 'nil'],
    ['table.len({ a = 1, b = 2, 3 })', '3'],
    ['table.len(nil)', '0'],
    ['table.concat(table.merge({ 1, 2 }, { 3 }), ",")', '1,2,3'],
    ['table.merge({ a = 1, t = { x = 1 } }, { b = 2, t = { y = 2 } }).t.y', '2'],
    ['table.merge({ a = 1, t = { x = 1 } }, { a = 5 }).a', '5'],
    ['(function() local o = { t = { 1 } } local c = table.clone(o) c.t[1] = 9 return o.t[1] end)()', '1'],
    ['isIPv4("192.168.1.1")', 'true'],
    ['isIPv4("256.1.1.1")', 'false'],
    ['isIPv4("1.2.3")', 'false'],
    ['isIPv4("2001:db8::1")', 'false'],
    ['isIPv6("2001:db8::1")', 'true'],
    ['isIPv6("::1")', 'true'],
    ['isIPv6("::ffff:1.2.3.4")', 'true'],
    ['isIPv6("1:2:3:4:5:6:7:8")', 'true'],
    ['isIPv6("1:2:3:4:5:6:7")', 'false'],
    ['isIPv6("1::2::3")', 'false'],
    ['isIPv6("192.168.1.1")', 'false'],
    ['isIPv6("fe80::zz")', 'false'],
    ['trimString("  a b  ")', 'a b'],
    ['firstToUpper("dns")', 'Dns'],
    ['string.contains("www.example.com", "example", true)', 'true'],
    ['table.contains({ "a", "b" }, "b")', 'true'],
    ['(function() local r = {} for k, v in pairsByKeys({ b = 2, a = 1, c = 3 }, asc) do r[#r + 1] = k .. v end return table.concat(r) end)()', 'a1b2c3'],
    ['(function() local r = {} for k in pairsByValues({ x = 3, y = 1, z = 2 }, rev) do r[#r + 1] = k end return table.concat(r) end)()', 'xzy'],
    ['require("lua_utils").isEmptyString == isEmptyString', 'true'],
    ['require("lua_utils") == require("lua_utils")', 'true'],
  ]);
});

test('format_utils (and lua_utils globals): bytesToSize, formatPackets, formatValue, secondsToTime …', async () => {
  await expectAll([
    ['bytesToSize(1)', '1 Byte'],
    ['bytesToSize(512)', '512 Bytes'],
    ['bytesToSize(1024)', '1 KB'],
    ['bytesToSize(1536)', '1.5 KB'],
    ['bytesToSize(5 * 1024 * 1024)', '5 MB'],
    ['bytesToSize(3.25 * 1024 ^ 3)', '3.25 GB'],
    ['bytesToSize(2 * 1024 ^ 4)', '2 TB'],
    ['bytesToSize("x")', '0'],
    ['formatValue(1234567)', '1,234,567'],
    ['formatValue(-1234)', '-1,234'],
    ['formatValue(999)', '999'],
    ['formatPackets(1)', '1 Pkt'],
    ['formatPackets(12345)', '12,345 Pkts'],
    ['secondsToTime(0.5)', '< 1 sec'],
    ['secondsToTime(75)', '01:15'],
    ['secondsToTime(3725)', '01:02:05'],
    ['secondsToTime(86400 + 61)', '1 day, 01:01'],
    ['secondsToTime(2 * 86400 + 3600)', '2 days, 01:00:00'],
    ['secondsToTime(400 * 86400)', '1 year, 35 days, 00:00'],
    ['require("format_utils").round(2.345, 2)', '2.35'],
    ['require("format_utils").round(7)', '7'],
    ['require("format_utils").bitsToSize(2500000)', '2.5 Mbit/s'],
    ['require("format_utils").msToTime(0.5)', '< 1 ms'],
    ['require("format_utils").formatEpoch(0)', ''],
    ['require("format_utils").formatEpochISO8601(86400)', '1970-01-02T00:00:00Z'],
  ]);
});

test('dkjson (and json): encode with sorted keys, decode, errors', async () => {
  await expectAll([
    ['require("dkjson").encode({ b = 1, a = { 1, 2, "x" }, c = true, d = "q\\"\\n" })', '{"a":[1,2,"x"],"b":1,"c":true,"d":"q\\"\\n"}'],
    ['require("json").encode({})', '[]'],
    ['require("dkjson").encode(1.5)', '1.5'],
    ['require("dkjson").encode({ [1] = 1, [3] = 3 })', '[1,null,3]'],
    ['require("dkjson").decode(\'{"a":[1,2,{"b":null}],"s":"\\\\u00e9x","n":-1.5e2,"t":true}\').s', 'éx'],
    ['require("dkjson").decode(\'{"a":[1,2,{"b":null}]}\').a[2]', '2'],
    ['math.type(require("dkjson").decode("42"))', 'integer'],
    ['require("dkjson").decode("-1.5e2")', '-150.0'],
    ['select(3, require("dkjson").decode("{\\"a\\":}"))', "unexpected character '}' at position 6"],
    ['require("dkjson") == require("json")', 'true'],
    ['pcall(require("dkjson").encode, { f = print })', 'false'],
  ]);
});

test('alert_consts and flow_consts: severities, flow alert type ids, score mapping', async () => {
  await expectAll([
    ['require("alert_consts").alert_severities.error.severity_id', '5'],
    ['require("alert_consts").alert_severities.warning.severity_id', '4'],
    ['require("alert_consts").alertSeverityById(6).label', 'critical'],
    ['require("alert_consts").severityFromScore(100).label', 'error'],
    ['require("alert_consts").severityFromScore(250).label', 'emergency'],
    ['require("alert_consts").severityFromScore(0)', 'nil'],
    ['require("alert_consts").alert_types.alert_flow_risk.alert_key', '31'],
    ['require("alert_consts").getAlertType(54).key', 'alert_ndpi_tls_missing_sni'],
    ['require("flow_alert_keys").flow_alert_longlived', '11'],
    ['require("flow_consts").max_score', '255'],
    ['require("flow_consts").getStatusInfo(1)', 'nil'],
  ]);
});

test('ntop.*: cache with TTL in packet time, hashes, sets, keys, time, addresses, info', async () => {
  const h = await harness(
    [
      'local t = flow.last_seen()',
      'if t == 1000 then',
      '  assert(ntop.getCache("k") == "")',
      '  ntop.setCache("k", 42, 10)',
      '  ntop.setCache("forever", "v")',
      '  ntop.setHashCache("h", "f1", "x") ntop.setHashCache("h", "f2", "y")',
      '  ntop.setMembersCache("s", "m1") ntop.setMembersCache("s", "m2")',
      'end',
      'local keys = {} for k in pairs(ntop.getKeysCache("*") or {}) do keys[#keys + 1] = k end table.sort(keys)',
      'local hk = {} for k, v in pairs(ntop.getHashAllCache("h") or {}) do hk[#hk + 1] = k .. "=" .. v end table.sort(hk)',
      'flow.triggerAlert(1, table.concat({ t, ntop.getCache("k"), ntop.getCache("forever"), table.concat(keys, ","),',
      '  ntop.getHashCache("h", "f2"), table.concat(hk, ","), table.concat(ntop.getMembersCache("s"), ","),',
      '  ntop.incrCache("n"), ntop.getTime(), os.time(), os.date("!%H:%M:%S") }, " "))',
      'assert(ntop.isLocalAddress("192.168.7.7") and not ntop.isLocalAddress("8.8.8.8") and ntop.isLocalAddress("fd00::1"))',
      'assert(ntop.isMulticastAddress("224.0.0.251") and not ntop.isMulticastAddress("10.0.0.1"))',
      'assert(ntop.resolveName("8.8.8.8") == "8.8.8.8" and ntop.isIPv6("::1") and not ntop.isIPv6("1.2.3.4"))',
      'assert(ntop.getInfo().product == "flowcheck" and type(ntop.getInfo().version) == "string")',
      'assert(ntop.isPro() == false and ntop.isEnterprise() == false and ntop.getDirs().installdir)',
      'assert(ntop.gmtime(0).year == 1970)',
    ].join('\n'),
  );
  const at = (sec: number) => {
    const f = makeFlow('10.0.0.1', 1, '8.8.8.8', 53, 17, { lastSec: sec });
    h.run(f);
    return f;
  };
  at(1000);
  at(1009);
  at(1010);
  at(1005); // out of order: the key is valid again at 1005 (expiry is not a deletion)
  h.runner.close();
  assert.deepEqual(h.runner.errors.map((e) => e.message), []);
  assert.deepEqual(h.runner.alerts.map((a) => a.message), [
    '1000 42 v forever,h,k,s y f1=x,f2=y m1,m2 1 1000 1000 00:16:40',
    '1009 42 v forever,h,k,n,s y f1=x,f2=y m1,m2 2 1009 1009 00:16:49',
    '1010  v forever,h,n,s y f1=x,f2=y m1,m2 3 1010 1010 00:16:50',
    '1005 42 v forever,h,k,n,s y f1=x,f2=y m1,m2 4 1005 1005 00:16:45',
  ]);
});

test('ntop.* that makes no sense offline, and unknown functions, say so', async () => {
  const h = await harness(
    [
      'local n = flow.srv_port()',
      'if n == 1 then ntop.sendMail("a", "b") end',
      'if n == 2 then ntop.noSuchThing() end',
      'if n == 3 then host.getIp() end',
      'if n == 4 then flow.srv_prot() end',
      'if n == 5 then network.getNetworkStats() end',
      'if n == 6 then flow.triggerAlert(1, tostring(rawget(ntop, "noSuchThing"))) end',
    ].join('\n'),
  );
  for (let p = 1; p <= 6; p++) h.run(makeFlow('10.0.0.1', 1, '8.8.8.8', p, 17));
  h.runner.close();
  const msgs = h.runner.errors.map((e) => e.message.replace(/^.*?:\d+: /, ''));
  assert.deepEqual(msgs, [
    'ntop.sendMail is not available in flowcheck (offline analysis)',
    'ntop.noSuchThing: flowcheck does not provide this ntopng function',
    "host.getIp: ntopng's host API is not available in flowcheck (offline analysis: checks see flows, not hosts)",
    "flow.srv_prot is not a function of ntopng's flow API, and flowcheck does not provide it",
    "network.getNetworkStats: ntopng's network API is not available in flowcheck (offline analysis: checks see flows, not networks)",
  ]);
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['nil']);
  assert.match(h.runner.errors[0].message, /check\d+\.lua:2: /);
});

test('interface.*: the capture as the interface, counters so far', async () => {
  const f = dns();
  f.capture = 'samples/mixed.pcap';
  const got = await alertsOf('local s = interface.getStats()\nflow.triggerAlert(1, interface.getId() .. " " .. interface.getName() .. " " .. s.name .. " " .. s.stats.flows)', f);
  assert.deepEqual(got, ['0 samples/mixed.pcap samples/mixed.pcap 1']);
});

test('indexing a nil protocol table names the accessor and the flow protocol', async () => {
  const h = await harness('local url = flow.http()["protos.http.last_url"]\nlocal h = flow.http()\nreturn h.url');
  const f = dns();
  h.run(f);
  h.runner.close();
  assert.equal(h.runner.errors.length, 1);
  assert.match(h.runner.errors[0].message, new RegExp(`check\\d+\\.lua:1: attempt to index a nil value \\(flow\\.http\\(\\) is nil: flow ${f.id} is DNS\\)$`));
  const h2 = await harness('local h = flow.dns()\nlocal x = flow.http()\nreturn x.url');
  h2.run(dns());
  h2.runner.close();
  assert.match(h2.runner.errors[0].message, /:3: attempt to index a nil value \(local 'x'; flow\.http\(\) is nil: flow \d+ is DNS\)$/);
  // no protocol accessor involved: Lua's message unchanged
  const h3 = await harness('local t = nil\nreturn t.x');
  h3.run(dns());
  h3.runner.close();
  assert.match(h3.runner.errors[0].message, /:2: attempt to index a nil value \(local 't'\)$/);
});

test("--ntopng-compat: {} for other protocols' tables, local@remote, last triggerAlert wins, score mod 256", async () => {
  const src = [
    'local h = flow.http()',
    'flow.triggerAlert(200, "first")',
    'flow.triggerAlert(20, tostring(next(h)) .. " " .. flow.direction())',
  ].join('\n');
  const doc = await harness(src);
  const f1 = doc.run(dns());
  doc.runner.close();
  assert.equal(doc.runner.errors.length, 1); // next(nil)
  assert.deepEqual(f1.alerts.map((a) => a.message), ['first']);
  const compat = await harness(src, { compat: true });
  const f2 = compat.run(dns());
  const f3 = compat.run(dns());
  compat.runner.close();
  assert.deepEqual(compat.runner.errors, []);
  assert.deepEqual(f2.alerts.map((a) => `${a.score} ${a.message}`), ['20 nil local@remote']);
  assert.equal(f2.score, 20);
  assert.deepEqual(compat.runner.alerts.map((a) => a.flowId), [f2.id, f3.id]);
  const mod = await harness('flow.triggerAlert(300, "x")\nflow.triggerAlert(-1, "y")', { compat: true });
  const f4 = mod.run(dns());
  mod.runner.close();
  assert.deepEqual(f4.alerts.map((a) => a.score), [255]);
  const every = await harness('flow.triggerAlert(200, "a")\nflow.triggerAlert(20, "b")');
  const f5 = every.run(dns());
  every.runner.close();
  assert.deepEqual(f5.alerts.map((a) => a.score), [200, 20]);
  assert.equal(f5.score, 200);
});

test('modules beside the check: found, cached, sandboxed, no way out of the directory', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-mods-'));
  mkdirSync(path.join(dir, 'sub'));
  writeFileSync(path.join(dir, 'rules.lua'), 'loads = (loads or 0) + 1\nlocal M = { n = 5 }\nfunction M.io() return type(io.open) end\nreturn M\n');
  writeFileSync(path.join(dir, 'sub', 'deep.lua'), 'return "deep"\n');
  const outside = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-outside-'));
  writeFileSync(path.join(outside, 'secret.lua'), 'return "secret"\n');
  symlinkSync(path.join(outside, 'secret.lua'), path.join(dir, 'link.lua'));
  writeFileSync(path.join(dir, 'broken.lua'), 'return {\n');
  const check = path.join(dir, 'check.lua');
  writeFileSync(
    check,
    [
      'local r = require "rules"',
      'local r2 = require("rules")',
      'flow.triggerAlert(1, r.n .. " " .. loads .. " " .. tostring(r == r2) .. " " .. require("sub.deep") .. " " .. r.io())',
      'for _, m in ipairs({ "link", "../x", "nope", "broken" }) do',
      '  local ok, err = pcall(require, m)',
      '  flow.triggerAlert(2, err)',
      'end',
    ].join('\n'),
  );
  const h = await harness(check);
  h.run(dns());
  h.runner.close();
  assert.deepEqual(h.runner.errors, []);
  const msgs = h.runner.alerts.map((a) => a.message);
  assert.equal(msgs[0], '5 1 true deep function');
  assert.match(msgs[1], /^module 'link': .*link\.lua leads outside the check's directory/);
  assert.match(msgs[2], /^module '\.\.\/x' not found: a module name is dotted identifiers/);
  assert.match(msgs[3], /^module 'nope' not found: no file .*nope\.lua beside the check; flowcheck provides alert_consts, dkjson, flow_alert_keys, flow_consts, format_utils, json, lua_utils/);
  assert.match(msgs[4], /broken\.lua:2: .*expected/);
});

test('a module-form check: the chunk runs once, check(flow_info) per flow', async () => {
  const h = await harness(
    [
      'require("flow_consts")',
      'loads = (loads or 0) + 1',
      'local my_check = {}',
      'function my_check.check(flow_info)',
      '  flow.triggerAlert(10, loads .. " " .. flow_info["cli.ip"] .. ":" .. flow_info["cli.port"] .. " " .. flow_info["srv.ip"] .. ":" .. flow_info["srv.port"] .. " " .. flow_info["proto.l4"] .. " " .. flow_info.bytes)',
      'end',
      'return my_check',
    ].join('\n'),
  );
  h.run(dns());
  h.run(makeFlow('10.0.0.2', 2, '1.1.1.1', 443, 6));
  h.runner.close();
  assert.deepEqual(h.runner.errors, []);
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['1 10.0.0.1:40000 8.8.8.8:53 17 500', '1 10.0.0.2:2 1.1.1.1:443 6 500']);
});

test('a classic check that returns a table without check() still runs per flow', async () => {
  const h = await harness('n = (n or 0) + 1\nflow.triggerAlert(1, "n" .. n)\nreturn { other = 1 }');
  h.run(dns());
  h.run(dns());
  h.runner.close();
  assert.deepEqual(h.runner.alerts.map((a) => a.message), ['n1', 'n2']);
});
