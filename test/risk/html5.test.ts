/**
 * libinjection's HTML5 tokenizer (lib/risk/html5.ts): the tokens of a few inputs, as
 * libinjection 3.9.2's own tokenizer (nDPI's copy, compiled) gives them in the HTML-text
 * context, and the four attribute-value contexts the XSS test also reads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { H5Flags, H5Type, Html5Tokenizer } from '../../lib/risk/html5.js';

const NAMES: Record<number, string> = {
  [H5Type.DataText]: 'DATA_TEXT',
  [H5Type.TagNameOpen]: 'TAG_NAME_OPEN',
  [H5Type.TagNameClose]: 'TAG_NAME_CLOSE',
  [H5Type.TagNameSelfClose]: 'TAG_NAME_SELFCLOSE',
  [H5Type.TagData]: 'TAG_DATA',
  [H5Type.TagClose]: 'TAG_CLOSE',
  [H5Type.AttrName]: 'ATTR_NAME',
  [H5Type.AttrValue]: 'ATTR_VALUE',
  [H5Type.TagComment]: 'TAG_COMMENT',
  [H5Type.Doctype]: 'DOCTYPE',
};

function tokens(s: string, flags = H5Flags.DataState): string[] {
  const h = new Html5Tokenizer(s, flags);
  const out: string[] = [];
  while (h.next()) out.push(`${NAMES[h.tokenType]} ${h.token()}`);
  return out;
}

test('HTML5 tokens in the text context, as libinjection 3.9.2 gives them', () => {
  assert.deepEqual(tokens('<foo/>'), ['TAG_NAME_OPEN foo', 'TAG_NAME_SELFCLOSE />']);
  assert.deepEqual(tokens('a<b c=d e="f g" h>text</b>'), [
    'DATA_TEXT a',
    'TAG_NAME_OPEN b',
    'ATTR_NAME c',
    'ATTR_VALUE d',
    'ATTR_NAME e',
    'ATTR_VALUE f g',
    'ATTR_NAME h',
    'TAG_NAME_CLOSE >',
    'DATA_TEXT text',
    'TAG_CLOSE b',
  ]);
  assert.deepEqual(tokens('<!-- c -->x<![CDATA[y]]>'), ['TAG_COMMENT  c ', 'DATA_TEXT x', 'DATA_TEXT y']);
  assert.deepEqual(tokens('<!DOCTYPE html><?xml x?><%a%>'), ['DOCTYPE DOCTYPE html', 'TAG_COMMENT xml x?', 'TAG_COMMENT a']);
  assert.deepEqual(tokens("<img src='x' onerror=`y`>"), [
    'TAG_NAME_OPEN img',
    'ATTR_NAME src',
    'ATTR_VALUE x',
    'ATTR_NAME onerror',
    'ATTR_VALUE y',
    'TAG_NAME_CLOSE >',
  ]);
  assert.deepEqual(tokens(''), []);
});

test('HTML5 tokens inside attribute values: a URL parameter pasted into a tag', () => {
  // <x a='INPUT'>: the value ends at the quote, then the rest is read as attributes
  assert.deepEqual(tokens("x' onerror=alert(1);>", H5Flags.ValueSingleQuote), [
    'ATTR_VALUE x',
    'ATTR_NAME onerror',
    'ATTR_VALUE alert(1);',
    'TAG_NAME_CLOSE >',
  ]);
  assert.deepEqual(tokens(' onload=x', H5Flags.ValueNoQuote), ['ATTR_NAME onload', 'ATTR_VALUE x']);
  assert.deepEqual(tokens('a"><script>', H5Flags.ValueDoubleQuote), ['ATTR_VALUE a', 'TAG_NAME_CLOSE >', 'TAG_NAME_OPEN script', 'TAG_NAME_CLOSE >']);
});
