/**
 * libinjection's SQL data: scripts/gen-sqli-data.ts reads the two arrays of
 * libinjection_sqli_data.h, and the committed lib/risk/sqli-data.ts holds what it read.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAR_PARSER, FINGERPRINTS, PARSER_NAMES, WORDS_BY_TYPE } from '../../lib/risk/sqli-data.js';
import { charParsers, keywords } from '../../scripts/gen-sqli-data.js';

test('gen-sqli-data: reads char_parse_map in byte order and sql_keywords with their C escapes, checked against the size', () => {
  const map = Array.from({ length: 256 }, (_, i) => `   &parse_${i === 39 ? 'string' : 'word'}, /* ${i} */`).join('\n');
  const text = `static const pt2Function char_parse_map[] = {\n${map}\n};\n\nstatic const keyword_t sql_keywords[] = {\n    {"!=", 'o'},\n    {"0S&SOS", 'F'},\n    {"UNION ALL", 'U'},\n    {"\\\\N", '1'},\n};\nstatic const size_t sql_keywords_sz = 4;\n`;
  const parsers = charParsers(text);
  assert.equal(parsers.length, 256);
  assert.equal(parsers[39], 'string');
  assert.equal(parsers[65], 'word');
  assert.deepEqual(keywords(text), [
    ['!=', 'o'],
    ['0S&SOS', 'F'],
    ['UNION ALL', 'U'],
    ['\\N', '1'],
  ]);
  assert.throws(() => keywords(text.replace('= 4;', '= 5;')), /4 entries read, the file says 5/);
  assert.throws(() => charParsers(text.replace('/* 7 */', '/* 8 */')), /entry 7 is marked 8/);
});

test('the committed data: 256 byte parsers, 985 words, 8,367 fingerprints of libinjection 3.9.2', () => {
  assert.equal(CHAR_PARSER.length, 256);
  const parserOf = (c: string) => PARSER_NAMES[CHAR_PARSER.charCodeAt(c.charCodeAt(0)) - 48];
  assert.equal(parserOf("'"), 'string');
  assert.equal(parserOf('-'), 'dash');
  assert.equal(parserOf('7'), 'number');
  assert.equal(parserOf('S'), 'word');
  assert.equal(parserOf(' '), 'white');
  assert.equal(Object.values(WORDS_BY_TYPE).reduce((n, w) => n + w.length, 0), 985);
  assert.ok(WORDS_BY_TYPE.U.includes('UNION ALL'));
  assert.ok(WORDS_BY_TYPE.E.includes('SELECT'));
  assert.ok(WORDS_BY_TYPE['&'].includes('AND'));
  const fps = FINGERPRINTS.split(' ');
  assert.equal(fps.length, 8367);
  assert.equal(new Set(fps).size, 8367);
  for (const fp of ['S&SOS', '1UE1C', 'SUES;', 'N;TN;']) assert.ok(fps.includes(fp), fp);
});
