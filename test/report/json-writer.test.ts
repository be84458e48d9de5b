/**
 * flowJsonText (the CLI's direct flow writer) must give the very bytes of
 * stringifyReport(flowJson(f)): over every flow of the corpus and the samples, and over
 * crafted flows with the odd values real traffic rarely holds (escapes, surrogates, marker
 * look-alikes, times before 1970 or beyond 1e21, free-form metadata of every type).
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { Flow } from '../../lib/flow/flow.js';
import type { Tunnel } from '../../lib/decode/packet.js';
import { flowJsonText } from '../../lib/report/flow-json.js';
import { flowJson, jsonFlow, parseReport, stringifyReport } from '../../lib/report/json.js';
import { tsText } from '../../lib/report/values.js';
import { NO_CORPUS, SAMPLES_DIR, corpusCaptures } from '../helpers/corpus.js';

function same(f: Flow, label: string): void {
  const want = stringifyReport(flowJson(f));
  assert.equal(flowJsonText(f), want, label);
}

/** Every flow of the captures, with sample checks loaded so that real alerts are written too. */
async function allFlowsSame(captures: string[]): Promise<{ flows: number; alerts: number; kinds: Set<string> }> {
  const checks = ['example.lua', 'tls-weak.lua', 'unexpected-protocol-on-port.lua'].map((c) => ({
    file: path.join(SAMPLES_DIR, 'checks', c),
    hook: 'end' as const,
  }));
  let flows = 0;
  let alerts = 0;
  const kinds = new Set<string>();
  for (const cap of captures) {
    const r = await analyze({ inputs: [cap], keepFlows: true, checks, checkOptions: { stderr: () => {} } });
    for (const f of r.flows) {
      same(f, `${path.basename(cap)} flow ${f.id}`);
      flows++;
      alerts += f.alerts.length;
      for (const k of Object.keys(f.meta)) kinds.add(k);
      for (const r of f.risks ?? []) kinds.add(`risk:${r.id}${r.info === undefined ? '' : '+info'}`);
    }
  }
  return { flows, alerts, kinds };
}

test('every corpus flow: flowJsonText === stringifyReport(flowJson)', { skip: NO_CORPUS }, async () => {
  const caps = corpusCaptures();
  assert.ok(caps.length > 0);
  const { flows, alerts, kinds } = await allFlowsSame(caps);
  assert.ok(flows > 1000, `${flows} flows`);
  assert.ok(alerts > 0, 'some flows carry alerts');
  for (const k of ['dns', 'http', 'tls', 'quic', 'ssh', 'other']) assert.ok(kinds.has(k), `corpus has ${k} metadata`);
  // risks with and without info, and several of them (the writer's cached fragments)
  assert.ok(kinds.has('risk:46+info') && kinds.has('risk:22'), 'corpus flows carry risks with and without info');
  assert.ok([...kinds].filter((k) => k.startsWith('risk:')).length >= 15, 'many kinds of risk written');
});

test('every samples/*.pcap flow: flowJsonText === stringifyReport(flowJson)', async () => {
  const caps = readdirSync(SAMPLES_DIR)
    .filter((f) => f.endsWith('.pcap'))
    .map((f) => path.join(SAMPLES_DIR, f));
  assert.ok(caps.length > 0);
  const { flows } = await allFlowsSame(caps);
  assert.ok(flows > 0);
});

function flow(id = 7): Flow {
  const f = new Flow(id);
  f.proto = 6;
  f.cli[0] = 0x0a000001;
  f.srv[0] = 0xc0a80102;
  f.cliPort = 51000;
  f.srvPort = 443;
  f.firstSec = 1704067200;
  f.firstNsec = 123456000;
  f.lastSec = 1704067260;
  f.lastNsec = 5;
  f.cli2srvPackets = 3;
  f.cli2srvBytes = 400;
  f.capture = 'samples/mixed.pcap';
  return f;
}

const ODD_TEXTS = [
  '',
  'plain.example.com',
  'quote " inside',
  'back\\slash',
  'tab\tnew\nline\r\u0001\u001f',
  'del \u007f and é ü 漢字 🎉',
  'lone high \ud800 end',
  'lone low \udc00',
  'reversed pair \udc00\ud800',
  '\u2028\u2029',
  '\u0000',
  '\u0000ts:1.5',
  '\u0000ts:-12.000001',
  '\u0000ts:abc',
  'x"\u0000ts:1',
  'a\u0000ts:2"',
  '</script>',
];

test('crafted hosts, captures and end reasons: escapes as JSON.stringify (and the marker replace)', () => {
  for (const t of ODD_TEXTS) {
    const f = flow();
    f.host = t;
    same(f, `host ${JSON.stringify(t)}`);
    f.capture = t;
    same(f, `capture ${JSON.stringify(t)}`);
    f.confidence = t as never;
    f.endReason = t as never;
    same(f, `reason ${JSON.stringify(t)}`);
  }
});

test('crafted times: before 1970, beyond 1e21, odd nanoseconds, negative durations', () => {
  const cases: [number, number][] = [
    [0, 0],
    [-0, 0],
    [0, 1],
    [1, 999999999],
    [1704067200, 100000000],
    [1704067200, 120],
    [-995, 7],
    [-1, 0],
    [-1, 5],
    [-1e20, 999999999],
    [1e20, 1],
    [1e21, 5],
    [-1e21, 5],
    [1e22, 0],
    [2 ** 53 + 2, 10],
    [5, 1e9],
    [5, 1e9 + 7],
    [5, -3],
    [5, 0.5],
    [5.25, 0],
    [1e-7, 0],
    [NaN, 0],
    [5, NaN],
    [Infinity, 0],
    [-Infinity, 3],
  ];
  for (const [s1, n1] of cases) {
    for (const [s2, n2] of cases) {
      const f = flow();
      f.firstSec = s1;
      f.firstNsec = n1;
      f.lastSec = s2;
      f.lastNsec = n2;
      same(f, `times ${s1}.${n1} .. ${s2}.${n2}`);
    }
  }
});

test('tsText keeps its exact decimal form (fast path against the general formula)', () => {
  const general = (sec: number, nsec: number): string => {
    const neg = sec < 0;
    let whole = BigInt(sec) * 1000000000n + BigInt(nsec);
    if (neg) whole = -whole;
    const w = (whole / 1000000000n).toString();
    const frac = (whole % 1000000000n).toString().padStart(9, '0').replace(/0+$/, '');
    return (neg && whole !== 0n ? '-' : '') + w + (frac ? '.' + frac : '');
  };
  let x = 12345;
  for (let i = 0; i < 20000; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const sec = (x % 4000000000) - 2000000000;
    const nsec = [0, x % 1000000000, (x % 1000000) * 1000, (x % 1000) * 1000000, 999999999][i % 5];
    assert.equal(tsText(sec, nsec), general(sec, nsec), `${sec} ${nsec}`);
  }
  assert.equal(tsText(-995, 7), '-994.999999993');
  assert.equal(tsText(-1, 1), '-0.999999999');
  assert.equal(tsText(1e21, 5), '1000000000000000000000.000000005');
});

test('crafted addresses, protocols, tunnels, TCP flags and ICMP', () => {
  for (const proto of [0, 1, 6, 17, 58, 132, 254, 255, 300]) {
    for (const v6 of [false, true]) {
      const f = flow();
      f.proto = proto;
      if (v6) {
        f.ipVersion = 6;
        f.cli.splice(0, 4, 0x20010db8, 0, 0, 1);
        f.srv.splice(0, 4, 0, 0, 0xffff, 0x0a000002);
      }
      f.icmpType = 8;
      f.icmpCode = 0;
      f.icmpId = 4242;
      f.cliTcpFlags = 0x1b;
      f.srvTcpFlags = 0xff;
      f.handshakeDone = proto === 6;
      same(f, `proto ${proto} v6 ${v6}`);
    }
  }
  for (let t = 0; t < 9; t++) {
    const f = flow();
    f.tunnel = t as Tunnel;
    f.vlanId = t * 100;
    same(f, `tunnel ${t}`);
  }
  for (const [m, a] of [
    [0, 0],
    [5, 0],
    [0, 91],
    [5, 91],
    [91, 91],
    [7, 9999],
    [70000, 3],
  ]) {
    const f = flow();
    f.l7Master = m;
    f.l7App = a;
    f.confidence = 'dpi';
    same(f, `l7 ${m}/${a}`);
  }
  const f = flow();
  f.cli2srvBytes = NaN;
  f.srv2cliBytes = Infinity;
  f.vlanId = -0;
  same(f, 'non-finite counters');
});

test('crafted alerts: odd messages and fields', () => {
  const f = flow();
  f.score = 250;
  for (const message of ODD_TEXTS) {
    f.alerts.push({ flowId: 7, score: 100, severity: 'error', message, check: 'c "1".lua', tsSec: 1, tsNsec: 2 });
  }
  f.alerts.push({ flowId: 7, score: NaN, severity: undefined as never, message: 'no severity', check: 'x.lua', tsSec: 1, tsNsec: 2 });
  f.alerts.push({ flowId: 7, score: 1.5, severity: 'info', message: undefined as never, check: undefined as never, tsSec: 0, tsNsec: 0 });
  f.alerts.push({ flowId: 7, score: undefined as never, severity: undefined as never, message: undefined as never, check: undefined as never, tsSec: 0, tsNsec: 0 });
  f.alerts.push({ flowId: 7, score: 3, severity: 'x', message: ['a', 1] as never, check: { n: 1 } as never, tsSec: 0, tsNsec: 0 });
  same(f, 'alerts');
});

test('crafted metadata: every FlowMeta kind and meta.other with mixed types', () => {
  const f = flow();
  f.meta.dns = { query: 'a"b.example', qtype: 1, rcode: 3, answers: ['1.2.3.4', '::1', 'x\ny'], invalidChars: true };
  f.meta.http = { method: 'GET', url: '/p?q="1"&\\', host: 'h', userAgent: 'UA/1.0 (\u0007)', contentType: 'text/html', status: 200, authorization: 'Basic alice' };
  f.meta.tls = {
    version: 771,
    sni: 'sni.example',
    alpnOffered: ['h2', 'http/1.1'],
    supportedVersions: [772, 771],
    cipher: 4865,
    ja3c: 'd98ca6f932459c9a33708bc47ceeeb8d',
    ja4: 't13d1712h2_5b57614c22b0_4b99b185ee6b',
    subject: 'CN=é\ud83c',
    sans: [],
    notBefore: -1.5,
    notAfter: 1e21,
    sha1: undefined,
  };
  f.meta.quic = { version: 1, sni: 'q', alpn: ['h3'], userAgent: 'chrome' };
  f.meta.ssh = { clientBanner: 'SSH-2.0-x\r', serverBanner: 'SSH-2.0-y', hasshClient: 'a', hasshServer: 'b' };
  f.meta.other = { 'dhcp.hostname': 'pc"1', 'dhcp.msg_type': 3, 'ssdp.ok': true, 'x.neg': -0, 'x.nan': NaN, 'x.inf': -Infinity, 'x.big': 1e300, 'x.small': 5e-324 };
  same(f, 'all kinds');

  const odd = (o: Record<string, unknown>, label: string) => {
    const g = flow();
    g.meta.other = o as never;
    same(g, label);
    const h = flow();
    h.meta.tls = o as never;
    same(h, `${label} (as tls)`);
  };
  odd({}, 'empty');
  odd({ b: 1, 10: 'ten', a: 2, 2: 'two', '-1': 'neg', '01': 'lead' }, 'integer-like keys first');
  odd({ fooBar: 1, 'q"k': 2, 'k\\\u0001': 3, é: 4, '\ud800': 5, '\u0000ts:7': 8 }, 'odd keys');
  odd({ fooBar: 1, foo_bar: 2 }, 'collision, camel first');
  odd({ foo_bar: 1, fooBar: 2 }, 'collision, snake first');
  odd({ userAgent: 'a', user_agent: 'b' }, 'known key beside its snake form');
  odd({ userAgent: 'a', other_thing: 'b' }, 'known renamed beside unknown');
  odd({ toJSON: () => 'x', ToJSON: 1 }, 'toJSON keys');
  odd({ u: undefined, f: () => 1, s: Symbol('s'), n: null, k: 1 }, 'skipped values');
  odd({ nested: { aB: 1, t: '\u0000ts:3', d: new Date(0) }, arr: [1, , undefined, () => 0, 'x"', null, [true]] }, 'nested values');
  odd({ boxed: [new String('s'), new Number(2)], date: new Date(86400000), big: [] }, 'boxed values');
  const proto = {};
  Object.defineProperty(proto, '__proto__', { value: { a: 1 }, enumerable: true });
  (proto as Record<string, unknown>).z = 1;
  odd(proto as Record<string, unknown>, '__proto__ own key');
  const withArrayJson = Object.assign([1, 2], { toJSON: () => 'arr' });
  odd({ a: withArrayJson }, 'array with toJSON');
  const inherited = Object.create({ inheritedKey: 1 }) as Record<string, unknown>;
  inherited.ownKey = 2;
  odd(inherited, 'inherited keys are not written');
});

test('jsonFlow takes a flow object or its text, with the same line', () => {
  const f = flow();
  f.host = 'h"';
  assert.equal(jsonFlow(flowJsonText(f), true), jsonFlow(flowJson(f), true));
  assert.equal(jsonFlow(flowJsonText(f), false), jsonFlow(flowJson(f), false));
  // and the text is a report a reader parses back with exact times
  const doc = parseReport(flowJsonText(f)) as { cli: string; duration: unknown };
  assert.equal(doc.cli, '10.0.0.1');
});
