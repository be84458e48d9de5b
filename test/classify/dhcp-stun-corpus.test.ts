/**
 * The DHCP … STUN dissectors against nDPI's verdicts on the corpus, through the whole
 * pipeline (analyze): every flow that nDPI names with one of these protocols — or that we
 * do — must get the same name, and the metadata nDPI prints for it (host name, user and
 * password, STUN addresses, Discord client address, RTP stream content) must match ours.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../lib/analyze.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import type { Flow } from '../../lib/flow/flow.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

const MINE =
  /^(DHCP|DHCPV6|NTP|SNMP|Syslog|NetBIOS|SMBv1|SMBv23|SSDP|SMTP|SMTPS|POP3|POPS|IMAP|IMAPS|FTP_CONTROL|FTP_DATA|FTPS|SIP|RTP|RTCP|STUN|Discord)\b|^(NetBIOS|STUN|DTLS)\.|\.(GoogleCall|FacebookVoip|Skype_TeamsCall)$/;

const CAPTURES = [
  'android.pcap',
  'NTPv4.pcap',
  'snmp.pcap',
  'syslog.pcap',
  'netbios.pcap',
  'kerberos.pcap',
  'smtp.pcap',
  'imap.pcap',
  'pop3.pcap',
  'ftp.pcap',
  'sip.pcap',
  'rtp.pcapng',
  'stun.pcap',
  'gre.pcapng',
];

interface Ref {
  name: string;
  confidence: string;
  line: string;
}

/** [Field: value] of an nDPI flow line (values may hold brackets, e.g. IPv6 addresses). */
function field(line: string, name: string): string | undefined {
  const i = line.indexOf(`[${name}: `);
  if (i < 0) return undefined;
  let depth = 0;
  for (let j = i + name.length + 3; j < line.length; j++) {
    if (line[j] === '[') depth++;
    else if (line[j] === ']') {
      if (depth === 0) return line.slice(i + name.length + 3, j);
      depth--;
    }
  }
  return undefined;
}

/**
 * An address in a loose spelling for matching: IPv6 as its non-zero groups only (nDPI's
 * inet_ntop may compress a single zero group, and once printed "…:5999::19::" for
 * "…:5999:0:19::"; RFC 5952 spells them otherwise).
 */
function canon(addr: string): string {
  if (!addr.includes(':')) return addr;
  return addr
    .split(':')
    .filter((g) => g !== '' && parseInt(g, 16) !== 0)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':');
}

/** nDPI's flow lines keyed by "addr:port-addr:port/vlan", both orders. */
function refs(capture: string): Map<string, Ref> {
  const m = new Map<string, Ref>();
  for (const line of readFileSync(corpusFile(`${capture}.out`), 'utf8').split('\n')) {
    const r = /^\t\d+\t(?:TCP|UDP) (\S+):(\d+) <?->? (\S+):(\d+) (?:\[VLAN: (\d+)\])?.*?\[proto: (?:[A-Z]+:)?[\d.]+\/([^\]]+)\]/.exec(line);
    if (!r) continue;
    const a = canon(r[1].replace(/^\[|\]$/g, ''));
    const b = canon(r[3].replace(/^\[|\]$/g, ''));
    const v = r[5] ?? '0';
    const ref = { name: r[6], confidence: field(line, 'Confidence') ?? '', line };
    m.set(`${a}:${r[2]}-${b}:${r[4]}/${v}`, ref);
    m.set(`${b}:${r[4]}-${a}:${r[2]}/${v}`, ref);
  }
  return m;
}

/** Same address:port, whatever the IPv6 spelling. */
function sameEndpoint(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  const split = (s: string) => {
    const i = s.lastIndexOf(':');
    return [s.slice(0, i).replace(/^\[|\]$/g, ''), s.slice(i + 1)];
  };
  const [a, p] = split(ours);
  const [b, q] = split(theirs);
  return p === q && canon(a) === canon(b);
}

function checkMeta(flow: Flow, ref: Ref, where: string): number {
  const other = flow.meta.other ?? {};
  let checked = 0;
  const host = field(ref.line, 'Hostname/SNI');
  const ours = l7ProtoName(flow.l7Master, flow.l7App);
  if (host !== undefined && !ours.startsWith('DTLS')) {
    assert.equal(flow.host, host, `${where}: host`);
    checked++;
  }
  const user = field(ref.line, 'User');
  if (user !== undefined) {
    const key = Object.keys(other).find((k) => k.endsWith('.user'));
    assert.equal(key === undefined ? undefined : other[key], user, `${where}: user`);
    const pwd = field(ref.line, 'Pwd');
    const pkey = Object.keys(other).find((k) => k.endsWith('.password'));
    assert.equal(pkey === undefined ? undefined : other[pkey], pwd, `${where}: password`);
    checked += 2;
  }
  const addrs: [string, string][] = [
    ['Mapped IP/Port', 'stun.mapped_address'],
    ['Relayed IP/Port', 'stun.relayed_address'],
    ['Peer IP/Port', 'stun.peer_address'],
    ['Rsp Origin IP/Port', 'stun.response_origin'],
    ['Other IP/Port', 'stun.other_address'],
  ];
  for (const [name, key] of addrs) {
    const v = field(ref.line, name);
    if (v === undefined) continue;
    assert.ok(sameEndpoint(String(other[key]), v), `${where}: ${key} ${String(other[key])} vs ${v}`);
    checked++;
  }
  const client = field(ref.line, 'Client IP');
  if (client !== undefined) {
    assert.equal(other['discord.client_ip'], client, `${where}: Discord client`);
    checked++;
  }
  const content = field(ref.line, 'Stream Content');
  if (content !== undefined) {
    assert.equal(other['rtp.stream_content'], content, `${where}: RTP stream content`);
    checked++;
  }
  return checked;
}

for (const capture of CAPTURES) {
  test(`corpus ${capture}: DHCP … STUN flows agree with nDPI (names and metadata)`, { skip: NO_CORPUS }, async () => {
    const ref = refs(capture);
    const r = await analyze({ inputs: [corpusFile(capture)] });
    let compared = 0;
    for (const flow of r.flows) {
      if (flow.proto !== 6 && flow.proto !== 17) continue;
      const key = `${canon(flow.cliAddr())}:${flow.cliPort}-${canon(flow.srvAddr())}:${flow.srvPort}/${flow.vlanId}`;
      const want = ref.get(key);
      const ours = l7ProtoName(flow.l7Master, flow.l7App);
      if (want === undefined) {
        assert.ok(!MINE.test(ours), `${capture} ${key}: we say ${ours}, nDPI has no such flow`);
        continue;
      }
      if (!MINE.test(want.name) && !MINE.test(ours)) continue;
      assert.equal(ours, want.name, `${capture} ${key}`);
      // nDPI's port guesses are ours too; what nDPI found by inspection, we must find so
      if (want.confidence === 'DPI') assert.equal(flow.confidence, 'dpi', `${capture} ${key}: confidence`);
      checkMeta(flow, want, `${capture} ${key}`);
      compared++;
    }
    assert.ok(compared > 0, `${capture}: no flow of these protocols`);
  });
}
