import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../lib/analyze.js';
import { parseIpv4, parseIpv6 } from '../../lib/classify/address-trie.js';
import { CustomCategories, parseCategoriesFile, parseDomainList } from '../../lib/classify/categories.js';
import { Flow } from '../../lib/flow/flow.js';
import { flowJson } from '../../lib/report/json.js';
import { NO_CORPUS, PROJECT_ROOT, corpusFile } from '../helpers/corpus.js';

function flow(cli: string, srv: string, host = ''): Flow {
  const f = new Flow(1);
  const v6 = cli.includes(':');
  f.ipVersion = v6 ? 6 : 4;
  const a = v6 ? parseIpv6(cli)! : [parseIpv4(cli)!, 0, 0, 0];
  const b = v6 ? parseIpv6(srv)! : [parseIpv4(srv)!, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    f.cli[i] = a[i];
    f.srv[i] = b[i];
  }
  f.host = host;
  return f;
}

test('categories file: host names with their sub-domains, IPv4 and [IPv6] networks; bad lines named', () => {
  const cc = parseCategoriesFile('#  Format: name\\tcategory_id\nbad.example\t100\n172.30.69.0/24\t100\n[2001:db8:1::1]/127\t101\nnot a line\n', 'cats.txt');
  assert.equal(cc.categoryOf(flow('10.0.0.1', '10.0.0.2', 'www.bad.example')), 'Malware');
  assert.equal(cc.categoryOf(flow('10.0.0.1', '10.0.0.2', 'notbad.example')), '');
  assert.equal(cc.categoryOf(flow('172.30.69.7', '10.0.0.2')), 'Malware');
  assert.equal(cc.categoryOf(flow('2001:db8:1::0', '2001:db8:2::1')), 'Advertisement');
  assert.equal(cc.categoryOf(flow('2001:db8:1::2', '2001:db8:2::1')), '');
  assert.deepEqual(cc.warnings, ["cats.txt: line 5: not NAME<TAB>CATEGORY_ID: 'not a line'; skipped"]);
});

test('domain lists: <ID>_<name>.list files, one domain per line; other names are not lists', () => {
  const cc = new CustomCategories();
  assert.equal(parseDomainList('107_gambling.list', 'casino.example\n\n# comment\nbad domain\n', cc), true);
  assert.equal(parseDomainList('README.md', 'x.example\n', cc), false);
  assert.equal(cc.categoryOf(flow('10.0.0.1', '10.0.0.2', 'play.casino.example')), 'Gambling');
  assert.equal(cc.categoryOf(flow('10.0.0.1', '10.0.0.2', 'x.example')), '');
  assert.equal(cc.warnings.length, 1);
});

const CONFIG = path.join(PROJECT_ROOT, '../shared/reference/ndpi-test-config');

test("custom_categories.pcapng: nDPI's test categories file makes its three flows Malware, as nDPI says", { skip: NO_CORPUS || (existsSync(CONFIG) ? false : `no ${CONFIG}`) }, async () => {
  const cc = parseCategoriesFile(readFileSync(path.join(CONFIG, 'categories.txt'), 'utf8'), 'categories.txt');
  const r = await analyze({ inputs: [corpusFile('custom_categories.pcapng')], categories: cc });
  const cats = r.flows.map((f) => flowJson(f).category);
  assert.deepEqual(cats, ['Malware', 'Malware', 'Malware']);
  const plain = await analyze({ inputs: [corpusFile('custom_categories.pcapng')] });
  assert.ok(plain.flows.every((f) => flowJson(f).category !== 'Malware'));
});
