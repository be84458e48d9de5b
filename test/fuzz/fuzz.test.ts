/**
 * The short fuzz run of `npm test`: a fixed seed and a fixed number of cases (about 20 s
 * on an idle machine), every oracle of scripts/fuzz-lib (reader, decoder, each dissector,
 * analyze() with and without a Lua check, the CLI on every 50th case). The long run is
 * `npm run fuzz -- --seconds N --seed S` (docs/ROBUSTNESS.md).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { Verdict } from '../../lib/classify/dissector.js';
import { quic } from '../../lib/classify/protocols/quic.js';
import { clientInitialKeys, decryptInitial, parseLongHeader } from '../../lib/classify/quic/initial.js';
import { Flow } from '../../lib/flow/flow.js';
import { CLI_FORMATS, reportProblem } from '../../scripts/fuzz-lib/cli.js';
import { mutateQuicPlaintext } from '../../scripts/fuzz-lib/quic-plain.js';
import { Rng } from '../../scripts/fuzz-lib/rng.js';
import { makeCase, runFuzz } from '../../scripts/fuzz-lib/runner.js';
import { loadSeeds } from '../../scripts/fuzz-lib/seeds.js';
import { quicClientInitial } from '../../scripts/support/quic.js';
import { HAVE_CORPUS, PROJECT_ROOT, SAMPLES_DIR } from '../helpers/corpus.js';

const SEED = 20261128;
const CASES = 600;

test('a case is reproduced by its seed alone', async () => {
  const seeds = await loadSeeds(HAVE_CORPUS);
  for (const i of [0, 1, 17, 599]) {
    const a = makeCase(seeds, SEED, i, 50);
    const b = makeCase(seeds, SEED, i, 50);
    assert.deepEqual(a.recipe, b.recipe);
    assert.ok(Buffer.from(a.bytes).equals(b.bytes), `case ${i}`);
  }
  assert.ok(!Buffer.from(makeCase(seeds, SEED, 0, 50).bytes).equals(makeCase(seeds, SEED + 1, 0, 50).bytes));
});

test(`fuzz: ${CASES} hostile inputs (seed ${SEED}) — no crash, hang, bad report or lost record`, async () => {
  const seeds = await loadSeeds(HAVE_CORPUS);
  const sum = await runFuzz(seeds, { seed: SEED, cases: CASES, cliEvery: 50, save: false });
  assert.equal(sum.cases, CASES);
  assert.ok(sum.cliRuns >= CASES / 50 - 1 && sum.luaRuns > 0);
  const text = sum.failures.map((f) => `case ${f.index} [${f.stage}] ${f.message}\n  ${f.recipe.join(', ')}`).join('\n');
  assert.equal(sum.failures.length, 0, `reproduce with: npm run fuzz -- --seed ${SEED} --case N\n${text}`);
});

test('QUIC inside its encryption: the damaged Initial still authenticates, with other frames', () => {
  const dcid = Uint8Array.of(0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08);
  const packet = quicClientInitial({ dcid, scid: Uint8Array.of(1, 2, 3, 4), sni: 'fuzz.example.com' });
  const plainOf = (b: Uint8Array): Uint8Array | null => {
    const h = parseLongHeader(b, 0, b.length)!;
    return decryptInitial(b, 0, h, clientInitialKeys(h.version, dcid)!);
  };
  const original = plainOf(packet)!;
  assert.ok(original);
  const kinds = new Set<string>();
  for (let s = 1; s <= 200; s++) {
    const b = Uint8Array.from(packet);
    const recipe: string[] = [];
    if (!mutateQuicPlaintext(b, 0, new Rng(s), recipe)) continue;
    kinds.add(recipe[0]);
    assert.equal(b.length, packet.length);
    const plain = plainOf(b);
    assert.ok(plain, `${recipe[0]}: authenticates after the damage`);
    assert.ok(Buffer.compare(plain, original) !== 0, `${recipe[0]}: other plaintext`);
    // the dissector reads behind the decryption: a ClientHello sent second half first is
    // reassembled whole; every other damage gets a verdict, never an exception
    const flow = new Flow(1);
    const v = quic.dissect({ flow, dir: 0, data: b, off: 0, len: b.length, packetIndex: 0, transport: 17, sport: 50000, dport: 443 });
    if (recipe[0] === 'quic:plain-split-reversed') {
      assert.equal(v, Verdict.Yes);
      assert.equal(flow.host, 'fuzz.example.com');
    } else assert.ok([Verdict.Yes, Verdict.YesMore, Verdict.More, Verdict.No].includes(v));
  }
  for (const k of ['crypto-offset', 'crypto-length', 'hello-bytes', 'hello-length', 'frame-type', 'split-reversed', 'overlap']) {
    assert.ok(kinds.has(`quic:plain-${k}`), `${k} made (${[...kinds].join(', ')})`);
  }
});

test('the CLI oracle: every format of a real run holds, broken ones do not', () => {
  const cli = path.join(PROJECT_ROOT, 'dist/cli/flowcheck.js');
  const mixed = path.join(SAMPLES_DIR, 'mixed.pcap');
  const example = path.join(SAMPLES_DIR, 'checks/example.lua');
  for (const format of CLI_FORMATS) {
    const r = spawnSync(process.execPath, [cli, mixed, '-c', example, '--format', format, '--no-config'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(reportProblem(format, r.stdout), null, format);
  }
  assert.match(reportProblem('csv', 'a,b\n1,2,3\n')!, /record 2 has 3 fields/);
  assert.match(reportProblem('csv', 'a,b\n"1,2\n')!, /unclosed quote/);
  assert.equal(reportProblem('csv', 'a,b\n"x, ""y""\nz",2\n'), null);
  assert.match(reportProblem('github', '::error title=x::m\nplain text\n')!, /not a workflow command/);
  assert.match(reportProblem('table', '│ bytes │ NaN │\n')!, /NaN/);
  assert.match(reportProblem('ndjson', '{"type":"flow"}\n')!, /.+/);
  assert.match(reportProblem('json', '{}')!, /newline/);
});
