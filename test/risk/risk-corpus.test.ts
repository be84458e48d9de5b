/**
 * The whole corpus against nDPI's risks (the `.out` lines), under nDPI's test configuration
 * (its protos.txt and block lists): precision and recall of (flow, risk) pairs held to what
 * docs/RISKS.md records, in total and for the risks flowcheck computes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseCustomProtocols } from '../../lib/classify/custom-protocols.js';
import { TEST_PROTOS } from '../../scripts/accuracy.js';
import { compareRisks, testConfigLists, TEST_CONFIG, type RiskResult } from '../../scripts/risk-accuracy.js';
import { NO_CORPUS, corpusCaptures } from '../helpers/corpus.js';

const skip = NO_CORPUS || (existsSync(TEST_CONFIG) ? false : `no ${TEST_CONFIG}`);

test('corpus risks: ≥ 98 % precision and ≥ 97 % recall in total; per risk where flowcheck computes it', { skip }, async () => {
  const protocols = parseCustomProtocols(readFileSync(TEST_PROTOS, 'utf8'), TEST_PROTOS);
  const lists = testConfigLists();
  const res: RiskResult = { flows: 0, byRisk: new Map(), diffs: [] };
  for (const f of corpusCaptures()) await compareRisks(f, res, lists, protocols);
  let both = 0;
  let ndpi = 0;
  let ours = 0;
  for (const r of res.byRisk.values()) {
    both += r.both;
    ndpi += r.both + r.ndpiOnly;
    ours += r.both + r.oursOnly;
  }
  assert.ok(ndpi > 4000, `${ndpi} (flow, risk) pairs in nDPI's files`);
  assert.ok(both / ours >= 0.98, `precision ${((100 * both) / ours).toFixed(2)} %`);
  assert.ok(both / ndpi >= 0.97, `recall ${((100 * both) / ndpi).toFixed(2)} %`);
  // the risks flowcheck computes, each at the recall docs/RISKS.md gives or better
  const floor: Record<string, number> = {
    'Unidirectional Traffic': 0.99,
    'Unsafe Protocol': 0.97,
    'Known Proto on Non Std Port': 0.95,
    'TLS (probably) Not Carrying HTTPS': 0.95,
    'Obsolete TLS (v1.1 or older)': 0.95,
    'Malicious Fingerpint': 0.95,
    'Weak TLS Cipher': 0.95,
    'HTTP/TLS/QUIC Numeric Hostname/SNI': 0.95,
    'TLS Cert Validity Too Long': 0.9,
    'TLS Cert Expired': 0.9,
    'TLS Cert Mismatch': 0.9,
    'HTTP Obsolete Server': 0.9,
    'Desktop/File Sharing': 0.9,
    'Malformed Packet': 0.85,
    'Fragmented DNS Message': 0.9,
    'Minor Issues': 0.9,
    'Susp DNS Traffic': 0.9,
    'SMB Insecure Vers': 0.9,
    'Clear-Text Credentials': 0.9,
    'SSH Obsolete Cli Vers/Cipher': 0.9,
    'SSH Obsolete Ser Vers/Cipher': 0.9,
    'HTTP Susp Header': 0.9,
    'TLS Fatal Alert': 0.9,
    'TLS Susp Extn': 0.9,
    'Obfuscated Traffic': 0.9,
    'Missing SNI TLS Extn': 0.8,
    'HTTP Susp Content': 0.9,
    'Binary App Transfer': 0.75,
    'Possible Exploit Attempt': 0.85,
    'Susp DGA Domain name': 0.95,
    'Risky Domain Name': 0.95,
    'Fully Encrypted Flow': 0.95,
    'Susp Entropy': 0.7,
    'TCP Connection Issues': 0.8,
    'Error Code': 0.85,
    'Client Contacted A Malware Host': 0.95,
    'SQL Injection': 0.95,
  };
  for (const [name, min] of Object.entries(floor)) {
    const r = res.byRisk.get(name);
    assert.ok(r, name);
    const recall = r.both / (r.both + r.ndpiOnly);
    assert.ok(recall >= min, `${name}: recall ${(100 * recall).toFixed(1)} % < ${100 * min} %`);
  }
});
