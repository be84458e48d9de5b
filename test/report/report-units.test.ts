import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byTime, sortByTime } from '../../lib/report/alerts.js';
import { alertsCsv, csvRow } from '../../lib/report/csv.js';
import type { AlertDoc, FlowRef, ReportDoc } from '../../lib/report/doc.js';
import { checkErrorsText, parseGate, reaches, verdict } from '../../lib/report/gate.js';
import { githubAnnotations } from '../../lib/report/github.js';
import { parseReport, stringifyReport } from '../../lib/report/json.js';
import { JsonBytes } from '../../lib/report/json-bytes.js';
import { isoText, isoTime, num, numText, timeValue, tsText } from '../../lib/report/values.js';
import { mergeReports, readReport, MergeError } from '../../lib/report/merge.js';
import { artifactUri, fingerprint, sarifLevel, sarifReport } from '../../lib/report/sarif.js';
import { renderTables } from '../../lib/report/table.js';
import { assertValidSarif } from '../helpers/sarif.js';

test('gates: severity names mean that severity or higher, numbers a minimum score', () => {
  const e = parseGate('error');
  assert.equal(reaches(e, { score: 100, severity: 'error' }), true);
  assert.equal(reaches(e, { score: 250, severity: 'emergency' }), true);
  assert.equal(reaches(e, { score: 99, severity: 'warning' }), false);
  const n = parseGate('60');
  assert.equal(reaches(n, { score: 60, severity: 'warning' }), true);
  assert.equal(reaches(n, { score: 59, severity: 'warning' }), false);
  assert.equal(parseGate('ERROR').text, 'error');
  assert.throws(() => parseGate('fatal'), /expected a severity/);
  assert.throws(() => parseGate('300'), /0-255/);
  assert.throws(() => parseGate('-1'), /expected a severity/);
  const v = verdict(e, [{ score: 100, severity: 'error' }, { score: 10, severity: 'notice' }]);
  assert.deepEqual([v.failed, v.hits, v.total], [true, 1, 2]);
  assert.equal(verdict(e, []).failed, false);
  assert.equal(verdict(undefined, [{ score: 255, severity: 'emergency' }]).failed, false);
});

test('verdict with check errors: ERROR under a gate (exit 2), told but allowed otherwise; the first error named, one line, bounded', () => {
  const e = parseGate('error');
  const alerts = [{ score: 100, severity: 'error' }];
  const errs = { count: 3, flows: 2, first: { check: 'p.lua', line: 4, message: 'checks/p.lua:4: boom' } };
  const v = verdict(e, alerts, errs);
  assert.deepEqual([v.error, v.failed], [true, true]);
  assert.equal(v.line, 'flowcheck: ERROR: 3 check errors in 2 flows (first: checks/p.lua:4: boom); 1 alert of 1 reach --fail-on error, highest error 100');
  const allowed = verdict(e, [], errs, { allowCheckErrors: true });
  assert.deepEqual([allowed.error, allowed.failed], [false, false]);
  assert.equal(allowed.line, 'flowcheck: PASS: no alert reaches --fail-on error (0 alerts); 3 check errors in 2 flows (first: checks/p.lua:4: boom) (allowed: --allow-check-errors)');
  const free = verdict(undefined, [], errs);
  assert.equal(free.error, false);
  assert.equal(free.line, 'flowcheck: 0 alerts (no --fail-on gate); 3 check errors in 2 flows (first: checks/p.lua:4: boom)');
  assert.equal(verdict(undefined, [], errs, { strict: true }).error, true);
  assert.equal(verdict(e, [], { count: 0, flows: 0 }).error, false, 'no errors, no ERROR');
  // a message without its place gets the check's name (and line); a long one is cut, newlines folded
  assert.equal(checkErrorsText({ count: 1, flows: 1, first: { check: 'm.lua', line: null, message: 'memory\nlimit' } }), '1 check error in 1 flow (first: m.lua: memory limit)');
  const long = checkErrorsText({ count: 1, flows: 1, first: { check: 'x.lua', line: 2, message: 'x.lua:2: ' + 'y'.repeat(5000) } });
  assert.ok(long.length < 220, `${long.length}`);
  assert.match(long, /…\)$/);
});

test('parseReport keeps every fraction digit of a number through a round trip', () => {
  const text = '{"a":1704067200.123456789,"b":[0.5,2,"x: 1.25"],"c":{"d":-3,"e":-994.999999993}}';
  const doc = parseReport(text) as { a: unknown; b: unknown[]; c: { d: number; e: unknown } };
  assert.equal(numText(doc.a), '1704067200.123456789');
  assert.equal(num(doc.b[0]), 0.5);
  assert.equal(doc.b[2], 'x: 1.25');
  assert.equal(doc.c.d, -3);
  assert.equal(numText(doc.c.e), '-994.999999993');
  assert.equal(stringifyReport(doc), text);
});

const FLOW: FlowRef = {
  protocol: 6, l4: 'TCP', cli: '10.0.0.1', cli_port: 40000, srv: '2001:db8::1', srv_port: 443, vlan_id: 7,
  first_seen: 1704067200, first_seen_iso: '2024-01-01T00:00:00Z', last_seen: 1704067201, last_seen_iso: '2024-01-01T00:00:01Z', community_id: '1:AAAAAAAAAAAAAAAAAAAAAAAAAAA=', l7_proto_name: 'TLS',
  host: '=cmd|x', packets: 10, bytes: 1000, capture: 'dir/a b.pcap',
};
function alert(score: number, severity: string, message: string, time: number, check = 'c.lua', flow_id = 1): AlertDoc {
  return { flow_id, score, severity, message, check, time, time_iso: isoTime(time), flow: FLOW };
}

test('tsText: exact text before 1970 and beyond 1e21', () => {
  assert.equal(tsText(-995, 7), '-994.999999993');
  assert.equal(tsText(-1, 0), '-1');
  assert.equal(tsText(-1, 500_000_000), '-0.5');
  assert.equal(tsText(0, 0), '0');
  assert.equal(tsText(1e21, 5), '1000000000000000000000.000000005');
  assert.equal(tsText(1704067200, 120_000_000), '1704067200.12');
});

test('csv: quoting, formula guard, sorted by time', () => {
  assert.equal(csvRow(['a,b', 'say "hi"', 'x\ny', 1, null]), '"a,b","say ""hi""","x\ny",1,\n');
  assert.equal(csvRow(['=1+1', '-2', '@x', 'plain']), "'=1+1,'-2,'@x,plain\n");
  const out = alertsCsv([alert(10, 'notice', 'later', 5), alert(100, 'error', 'first', 1)]).split('\n');
  assert.match(out[1], /^1,1970-01-01T00:00:01Z,error,100,c\.lua,first,/);
  assert.match(out[1], /,'=cmd\|x,/);
});

test('github: severity → command, escaping of properties and message', () => {
  const lines = githubAnnotations([alert(10, 'notice', 'n', 2), alert(200, 'critical', 'a%b\nc', 1), alert(60, 'warning', 'w', 3)]).trim().split('\n');
  assert.match(lines[0], /^::error file=dir\/a b\.pcap,title=flowcheck\/c\.lua%3A critical 200::a%25b%0Ac \[flow 10\.0\.0\.1:40000 → \[2001:db8::1\]:443 TCP, VLAN 7, 1970-01-01T00:00:01Z, community id 1:A+=\]$/);
  assert.match(lines[1], /^::warning /);
  assert.match(lines[2], /^::notice /);
});

function doc(alerts: AlertDoc[], over: Partial<ReportDoc> = {}): ReportDoc {
  return {
    schema_version: 2,
    tool: { name: 'flowcheck', version: '0.0.0' },
    options: { inputs: ['dir/a b.pcap'], checks: [{ file: 'x/c.lua', hook: 'detected' }, { file: 'quiet.lua', hook: 'end' }] },
    flows: [],
    captures: [{ file: 'dir/a b.pcap', format: 'pcapng', big_endian: false, gzip: false, linktypes: [{ id: 1, name: 'EN10MB' }], packets: 10, bytes: 1000, first_seen: 1704067200, first_seen_iso: '2024-01-01T00:00:00Z', last_seen: 1704067201, last_seen_iso: '2024-01-01T00:00:01Z', duration: 1, warnings: [] }],
    summary: { packets: 10, bytes: 1000, ip_packets: 10, non_ip_packets: 0, malformed_packets: 0, flows: 1, evicted_flows: 0, alerts: alerts.length, alerted_flows: 1, l4: [{ name: 'TCP', flows: 1, packets: 10, bytes: 1000 }], protocols: [{ name: 'TLS', flows: 1, packets: 10, bytes: 1000 }], fragments: { reassembled: 0, timed_out: 0, over_limit: 0 } },
    decode_problems: {},
    skipped_linktypes: [],
    alerts,
    check_errors: [],
    warnings: [],
    ...over,
  };
}

test('sarif: levels, rules of checks that raised nothing, escaped artifact URIs, fingerprints', () => {
  assert.deepEqual(['none', 'info', 'notice', 'warning', 'error', 'critical', 'emergency'].map(sarifLevel), ['none', 'note', 'note', 'warning', 'error', 'error', 'error']);
  assert.equal(artifactUri('dir/a b.pcap'), 'dir/a%20b.pcap');
  assert.equal(artifactUri('-'), 'stdin');
  const log = sarifReport(doc([alert(60, 'warning', 'm2', 2), alert(100, 'error', 'm1', 1)], { warnings: ['w'] })) as {
    runs: { tool: { driver: { rules: { id: string }[] } }; results: { message: { text: string }; ruleIndex: number; partialFingerprints: Record<string, string> }[] }[];
  };
  assertValidSarif(log);
  const run = log.runs[0];
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), ['flowcheck/c.lua', 'flowcheck/quiet.lua']);
  assert.deepEqual(run.results.map((r) => r.message.text.split(' ')[0]), ['m1', 'm2']);
  const a = alert(1, 'info', 'same', 1);
  const b = { ...alert(1, 'info', 'same', 99), flow_id: 42 };
  assert.equal(fingerprint(a), fingerprint(b), 'time and flow id do not change the finding');
  assert.notEqual(fingerprint(a), fingerprint({ ...a, message: 'other' }));
  assert.notEqual(fingerprint(a), fingerprint({ ...a, check: 'd.lua' }));
});

test('table at a fixed width, colour off: every table line fits, cut cells end in an ellipsis', () => {
  const long = 'x'.repeat(200);
  const d = doc([alert(100, 'error', long, 1), alert(60, 'warning', 'short', 2)]);
  for (const width of [80, 100, 140]) {
    const out = renderTables(d, [], { color: false, top: 10, width, checks: true });
    assert.doesNotMatch(out, /\x1b\[/);
    const lines = out.split('\n').filter((l) => /^[┌│├└]/.test(l));
    for (const l of lines) assert.ok([...l].length <= width, `${width}: ${l}`);
    assert.match(out, /x…/);
  }
  const wide = renderTables(d, [], { color: false, top: 10, width: 80, wide: true, checks: true });
  assert.ok(wide.includes(long));
  const coloured = renderTables(d, [], { color: true, top: 10, checks: true });
  assert.match(coloured, /\x1b\[31merror\x1b\[0m/);
});

test('merge: ids continue, counts add, tallies merge and re-sort, bad input is named', () => {
  const a = doc([alert(100, 'error', 'a', 5)]);
  const b = doc([{ ...alert(60, 'warning', 'b', 3), flow_id: 1 }], {
    summary: { ...a.summary, flows: 2, protocols: [{ name: 'DNS', flows: 2, packets: 4, bytes: 5000 }] },
    decode_problems: { 'ipv4.bad-ihl': 2 },
  });
  const m = mergeReports([a, b], ['a.json', 'b.json']);
  assert.deepEqual(m.alerts.map((x) => [x.flow_id, x.message]), [[2, 'b'], [1, 'a']]);
  assert.equal(m.summary.flows, 3);
  assert.equal(m.summary.packets, 20);
  assert.deepEqual(m.summary.protocols.map((t) => t.name), ['DNS', 'TLS']);
  assert.deepEqual(m.decode_problems, { 'ipv4.bad-ihl': 2 });
  assert.equal(m.captures.length, 2);
  assert.throws(() => readReport('[1]', 'x.json'), MergeError);
  assert.throws(() => readReport('{"tool":{"name":"flowcheck"},"schema_version":9}', 'x.json'), /schema_version 9/);
  assert.throws(() => readReport('nope', 'x.json'), /x\.json: not a JSON report/);
});

test('table: a timestamp beyond what a Date holds shows as seconds since 1970, never NaN', () => {
  const far = 18448448140909.55; // a pcapng timestamp of 2^64 µs
  const cap = { ...doc([]).captures[0], first_seen: far, last_seen: far + 0.012 };
  const d = doc([alert(100, 'error', 'far', far), alert(60, 'warning', 'near', 1704067200.5)], { captures: [cap] });
  const out = renderTables(d, [], { color: false, top: 10, wide: true, checks: true });
  assert.doesNotMatch(out, /NaN/);
  assert.match(out, /@18448448140909\.55 /);
  assert.match(out, /│ @18448448140909\.55 +│/, 'the far alert: seconds alone');
  assert.match(out, /2024-01-01 00:00:00\.500/, 'the near one: a date and a clock time');
});

test('times: a number a double holds (to the microsecond) and an RFC 3339 string of every digit', () => {
  const v = timeValue(1795864079, 437141273);
  assert.equal(numText(v), '1795864079.437141');
  // what a JSON parser reads back is the same number, digit for digit
  assert.equal(String(JSON.parse(stringifyReport({ v })).v), '1795864079.437141');
  assert.equal(isoText(1795864079, 437141273), '2026-11-28T11:07:59.437141273Z');
  assert.equal(isoText(1704067200, 0), '2024-01-01T00:00:00Z');
  assert.equal(isoText(1704067200, 120_000_000), '2024-01-01T00:00:00.12Z');
  assert.equal(isoTime('2024-01-01T00:00:00.12Z'), '2024-01-01T00:00:00.12Z');
});

test('isoText: the same text as a Date for every year 0000-9999 (day boundaries, leap days, before 1970)', () => {
  const viaDate = (sec: number, nsec: number): string =>
    new Date(sec * 1000).toISOString().slice(0, 19) + (nsec === 0 ? '' : '.' + String(nsec).padStart(9, '0').replace(/0+$/, '')) + 'Z';
  const secs = [-62167219200, -62167219199, -62162035201, -1, 0, 1, 86399, 86400, 951782400, 951868799, 4107542400, 253402300799];
  // a deterministic walk over the whole range, with a day boundary and a second either side of it
  for (let s = -62167219200; s < 253402300800; s += 86400 * 997 + 12345) secs.push(s, s - (s % 86400), s - (s % 86400) - 1);
  for (const sec of secs) {
    if (sec < -62167219200 || sec >= 253402300800) continue;
    for (const nsec of [0, 1, 120_000_000, 999_999_999]) {
      assert.equal(isoText(sec, nsec), viaDate(sec, nsec), `${sec} ${nsec}`);
      // the flow writer's bytes: the same text as a JSON string
      const w = new JsonBytes(16);
      w.iso(sec, nsec);
      assert.equal(w.toString(), JSON.stringify(viaDate(sec, nsec)));
    }
  }
  // outside the fast range: the general text, as a JSON string
  for (const [sec, nsec] of [[253402300800, 5], [-62167219201, 0], [1.5, 0], [10, -1]]) {
    const w = new JsonBytes(16);
    w.iso(sec, nsec);
    assert.equal(w.toString(), JSON.stringify(isoText(sec, nsec)));
  }
});

test('sortByTime: the order of sort(byTime) (same microsecond, nanoseconds beyond it, ties by flow, check, score, message)', () => {
  const alerts: AlertDoc[] = [];
  for (let i = 0; i < 500; i++) {
    const sec = 1700000000 + (i % 7);
    const nsec = [0, 1000, 1001, 1999, 500_000_000][(i * 13) % 5];
    const a = { flow_id: (i * 31) % 11, score: (i * 7) % 3, severity: 'notice', message: `m${(i * 17) % 4}`, check: `c${(i * 5) % 3}`, time: timeValue(sec, nsec), time_iso: isoText(sec, nsec) };
    alerts.push(a as AlertDoc);
  }
  // a merged report's alert may lack time_iso, or have a plain number
  alerts.push({ ...alerts[3], time_iso: undefined } as unknown as AlertDoc, { ...alerts[4], time: 1700000003 } as unknown as AlertDoc);
  const want = [...alerts].sort(byTime);
  sortByTime(alerts);
  assert.deepEqual(alerts, want);
});

test('merge: a schema_version 1 report is converted, and the merged report says so', () => {
  const v1 = {
    schema_version: 1,
    tool: { name: 'flowcheck', version: '0.0.0' },
    options: {},
    flows: [
      {
        id: 1, first_seen: 'T', last_seen: 1795864080.5, duration: 'D', alerts: [],
        dns: { query: 'a.example', qtype: 1, rcode: 3 },
        http: { status: 404, user_agent: 'curl/8' },
        tls: { version: 771, cipher: 49199, sans: ['a.example'] },
        ssh: { client_banner: 'SSH-2.0-OpenSSH_9.6', hassh_client: 'abc' },
        quic: { version: 1, alpn: ['h3'] },
        other: { 'bgp.router_id': '1.2.3.4' },
      },
    ],
    captures: [{ file: 'a.pcap', first_seen: 'T', last_seen: null, duration: 0, warnings: [] }],
    summary: { flows: 1 },
    decode_problems: {},
    skipped_linktypes: [],
    alerts: [{ flow_id: 1, score: 10, severity: 'notice', message: 'm', check: 'c.lua', time: 'T' }],
    check_errors: [],
    warnings: [],
  };
  const d = readReport(JSON.stringify(v1).replace(/"T"/g, '1795864079.437141273').replace('"D"', '1.062858727'), 'old.json');
  assert.equal(d.schema_version, 2);
  const f = d.flows[0];
  assert.equal(numText(f.first_seen), '1795864079.437141');
  assert.equal(f.first_seen_iso, '2026-11-28T11:07:59.437141273Z');
  assert.equal(numText(f.duration), '1.062858727');
  assert.deepEqual(f.dns, { query: 'a.example', query_type: 1, return_code: 3 });
  assert.deepEqual(f.http, { return_code: 404, user_agent: 'curl/8' });
  assert.deepEqual(f.tls, { version: 771, version_name: 'TLSv1.2', cipher: 49199, cipher_name: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', server_names: ['a.example'] });
  assert.deepEqual(f.ssh, { client_signature: 'SSH-2.0-OpenSSH_9.6', hassh_client: 'abc' });
  assert.deepEqual(f.quic, { quic_version: 1, alpn_offered: ['h3'] });
  assert.deepEqual(f.other, { 'bgp.router_id': '1.2.3.4' });
  assert.equal(d.alerts[0].time_iso, '2026-11-28T11:07:59.437141273Z');
  assert.equal(d.captures[0].first_seen_iso, '2026-11-28T11:07:59.437141273Z');
  assert.equal(d.captures[0].last_seen_iso, null);
  assert.match(d.warnings.join('\n'), /old\.json: a schema_version 1 report, converted to 2/);
});
