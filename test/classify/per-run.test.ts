/**
 * Everything a run's dissectors use belongs to that run (lib/classify/context.ts): two
 * analyze() calls at once, with different limits, give the results they give apart; and a
 * dissector that throws is named in the run's warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, type AnalysisResult, type AnalyzeOptions } from '../../lib/analyze.js';
import type { Dissector } from '../../lib/classify/dissector.js';
import { DISSECTORS } from '../../lib/classify/protocols/index.js';
import { protocolId } from '../../lib/classify/protocol-table.js';
import { NO_CORPUS, corpusFile } from '../helpers/corpus.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SAMPLE = path.join(ROOT, 'samples/mixed.pcap');

/** What a run found: every flow's verdict and metadata, the warnings and limit hits. */
function digest(r: AnalysisResult): string {
  return JSON.stringify({
    flows: r.flows.map((f) => ({
      id: f.id,
      ends: [f.cliAddr(), f.cliPort, f.srvAddr(), f.srvPort, f.proto, f.vlanId],
      l7: [f.l7Master, f.l7App, f.confidence, f.host],
      meta: f.meta,
      risks: f.risks,
    })),
    warnings: r.warnings,
    limits: r.limits,
    summary: r.summary,
  });
}

test('two analyses at once (different dissector limits, FTP data, TLS, DNS) equal the same runs done apart', { skip: NO_CORPUS }, async () => {
  // several inputs each, so that the runs take turns between files
  const a: AnalyzeOptions = {
    inputs: ['ftp.pcap', 'tls_long_cert.pcap', 'bad-dns-traffic.pcap', 'tls_certificate_too_long.pcap'].map(corpusFile),
    limits: { tlsHandshakeBytes: 1024, dnsNameLength: 24, dnsCompressionHops: 1, quicCryptoBytes: 512 },
  };
  const b: AnalyzeOptions = {
    inputs: ['tls_certificate_too_long.pcap', 'bad-dns-traffic.pcap', 'tls_long_cert.pcap', 'ftp.pcap'].map(corpusFile),
  };
  const apartA = await analyze(a);
  const apartB = await analyze(b);
  // the runs differ where their limits do: otherwise the test would prove nothing
  assert.ok((apartA.limits['tls-handshake-bytes'] ?? 0) > 0, JSON.stringify(apartA.limits));
  assert.ok((apartA.limits['dns-name-length'] ?? 0) > 0, JSON.stringify(apartA.limits));
  assert.equal(apartB.limits['tls-handshake-bytes'], undefined);
  assert.equal(apartB.limits['dns-name-length'], undefined);
  // FTP control and data in both (expectations announced by control connections live in
  // the run's context: ftp.test.ts shows one run's announcement unknown to another)
  const ftp = (r: AnalysisResult) => r.flows.filter((f) => f.l7App === protocolId('FTP_DATA') || f.l7App === protocolId('FTP_CONTROL')).length;
  assert.ok(ftp(apartA) >= 2);
  assert.equal(ftp(apartB), ftp(apartA));

  const order: string[] = [];
  const [togetherA, togetherB] = await Promise.all([
    analyze({ ...a, onProgress: (p) => order.push(`a${p.fileIndex}`) }),
    analyze({ ...b, onProgress: (p) => order.push(`b${p.fileIndex}`) }),
  ]);
  // they did run interleaved: some file of b was read between two files of a
  const firstB = order.indexOf('b0');
  assert.ok(firstB >= 0 && order.slice(firstB).some((e) => e.startsWith('a')), order.join(' '));
  assert.equal(digest(togetherA), digest(apartA));
  assert.equal(digest(togetherB), digest(apartB));
});

test('a dissector that throws is reported in the warnings: its name, the count, the first error', async () => {
  let calls = 0;
  const boom: Dissector = {
    name: 'Boom',
    transports: [6, 17],
    dissect() {
      calls++;
      throw new Error(`bad look ${calls}`);
    },
  };
  const plain = await analyze({ inputs: [SAMPLE] });
  const r = await analyze({ inputs: [SAMPLE], dissectors: [boom, ...DISSECTORS] });
  assert.ok(calls > 1);
  const lines = r.warnings.filter((w) => w.includes('Boom'));
  assert.equal(lines.length, 1, r.warnings.join('\n'));
  assert.match(lines[0], new RegExp(`^dissector Boom failed ${calls} times .*first error: bad look 1$`));
  // the other dissectors classified as without it
  assert.deepEqual(
    r.flows.map((f) => [f.l7Master, f.l7App]),
    plain.flows.map((f) => [f.l7Master, f.l7App]),
  );
  assert.equal(plain.warnings.some((w) => w.startsWith('dissector ')), false);
});
