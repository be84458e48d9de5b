/**
 * Cross-site scripting test as libinjection (3.9.2, bundled by nDPI) does it, for nDPI's
 * NDPI_URL_POSSIBLE_XSS: the input is read by the HTML5 tokenizer (html5.ts) in each of
 * five contexts, and is XSS when it yields a doctype, a dangerous tag (script, iframe,
 * object, style, svg…, xsl…), an event handler or other always-dangerous attribute (on…,
 * xmlns…, style, datasrc…), a URL attribute (href, src, action…) whose value starts with
 * javascript:, vbscript:, data: or view-source: (HTML entities decoded, white space and
 * control characters skipped), or a comment that IE reads as markup. Written for
 * flowcheck from libinjection's rules; the tag and attribute lists are libinjection's.
 */
import { hexDigit } from '../classify/bytes.js';
import { H5Flags, H5Type, Html5Tokenizer } from './html5.js';

const enum Attr {
  None,
  /** always banned */
  Black,
  /** the value is a URL */
  Url,
  Style,
  /** the value names an attribute (SVG's attributeName) */
  Indirect,
}

/** Attributes libinjection bans (names in upper case). */
const BLACK_ATTRS: ReadonlyArray<[string, Attr]> = [
  ['ACTION', Attr.Url],
  ['ATTRIBUTENAME', Attr.Indirect],
  ['BY', Attr.Url],
  ['BACKGROUND', Attr.Url],
  ['DATAFORMATAS', Attr.Black],
  ['DATASRC', Attr.Black],
  ['DYNSRC', Attr.Url],
  ['FILTER', Attr.Style],
  ['FORMACTION', Attr.Url],
  ['FOLDER', Attr.Url],
  ['FROM', Attr.Url],
  ['HANDLER', Attr.Url],
  ['HREF', Attr.Url],
  ['LOWSRC', Attr.Url],
  ['POSTER', Attr.Url],
  ['SRC', Attr.Url],
  ['STYLE', Attr.Style],
  ['TO', Attr.Url],
  ['VALUES', Attr.Url],
  ['XLINK:HREF', Attr.Url],
];

/** Tags libinjection bans (besides anything starting with svg or xsl). */
const BLACK_TAGS = [
  'APPLET',
  'BASE',
  'COMMENT',
  'EMBED',
  'FRAME',
  'FRAMESET',
  'HANDLER',
  'IFRAME',
  'IMPORT',
  'ISINDEX',
  'LINK',
  'LISTENER',
  'META',
  'NOSCRIPT',
  'OBJECT',
  'SCRIPT',
  'STYLE',
  'VMLFRAME',
  'XML',
  'XSS',
];

/**
 * `name` (upper case) equals s[start, start + len) compared case-insensitively, NULs in
 * s ignored (libinjection's cstrcasecmp_with_null).
 */
function equalsIgnoringNul(name: string, s: string, start: number, len: number): boolean {
  let k = 0;
  for (let i = start; i < start + len; i++) {
    let c = s.charCodeAt(i);
    if (c === 0) continue;
    if (c >= 97 && c <= 122) c -= 32;
    if (k >= name.length || name.charCodeAt(k) !== c) return false;
    k++;
  }
  return k === name.length;
}

function isBlackTag(s: string, start: number, len: number): boolean {
  if (len < 3) return false;
  for (const t of BLACK_TAGS) if (equalsIgnoringNul(t, s, start, len)) return true;
  const three = s.slice(start, start + 3).toLowerCase();
  // anything SVG or XSL(T)
  return three === 'svg' || three === 'xsl';
}

function blackAttr(s: string, start: number, len: number): Attr {
  if (len < 2) return Attr.None;
  if (len >= 5) {
    const c0 = s.charCodeAt(start) | 0x20;
    const c1 = s.charCodeAt(start + 1) | 0x20;
    // JavaScript event handlers: on…
    if (c0 === 111 && c1 === 110) return Attr.Black;
    // xmlns and xlink make arbitrary tags
    if (equalsIgnoringNul('XMLNS', s, start, 5) || equalsIgnoringNul('XLINK', s, start, 5)) return Attr.Black;
  }
  for (const [name, type] of BLACK_ATTRS) if (equalsIgnoringNul(name, s, start, len)) return type;
  return Attr.None;
}

/**
 * The character at s[i] with HTML's numeric entities decoded (&#106; &#x6A;): [value,
 * characters consumed].
 */
function decodeCharAt(s: string, i: number, len: number): [number, number] {
  const at = (k: number): number => (k < s.length ? s.charCodeAt(k) : 0);
  if (len === 0) return [-1, 0];
  if (at(i) !== 38 || len < 2) return [at(i), 1];
  if (at(i + 1) !== 35) return [38, 1];
  // "&#" with fewer than two more characters is '#' (nDPI's newer copy reads no further)
  if (len < 4) return [at(i + 1), 1];
  let val: number;
  let k: number;
  if (at(i + 2) === 120 || at(i + 2) === 88) {
    const h = hexDigit(at(i + 3));
    if (h < 0) return [38, 1];
    val = h;
    for (k = 4; k < len; k++) {
      const c = at(i + k);
      if (c === 59) return [val, k + 1];
      const d = hexDigit(c);
      if (d < 0) return [val, k];
      val = val * 16 + d;
      if (val > 0x1000ff) return [38, 1];
    }
    return [val, k];
  }
  const c2 = at(i + 2);
  if (c2 < 48 || c2 > 57) return [38, 1];
  val = c2 - 48;
  for (k = 3; k < len; k++) {
    const c = at(i + k);
    if (c === 59) return [val, k + 1];
    if (c < 48 || c > 57) return [val, k];
    val = val * 10 + (c - 48);
    if (val > 0x1000ff) return [38, 1];
  }
  return [val, k];
}

/**
 * The HTML-encoded s[i, i + n) starts with `prefix` (upper case), case-insensitively;
 * leading white space and control characters, NULs and newlines ignored.
 */
function htmlStartsWith(prefix: string, s: string, i: number, n: number): boolean {
  let k = 0;
  let first = true;
  while (n > 0) {
    if (k === prefix.length) return true;
    const [decoded, used] = decodeCharAt(s, i, n);
    let cb = decoded;
    i += used;
    n -= used;
    if (first && cb <= 32) continue;
    first = false;
    if (cb === 0 || cb === 10) continue;
    if (cb >= 97 && cb <= 122) cb -= 32;
    // C compares the value as a char: its low byte
    if (prefix.charCodeAt(k) !== (cb & 0xff)) return false;
    k++;
  }
  return k === prefix.length;
}

function isBlackUrl(s: string, start: number, len: number): boolean {
  // skip white space, control and non-ASCII bytes
  while (len > 0) {
    const c = s.charCodeAt(start);
    if (c > 32 && c < 127) break;
    start++;
    len--;
  }
  // JAVA covers javascript:
  return ['DATA', 'VIEW-SOURCE', 'JAVA', 'VBSCRIPT'].some((p) => htmlStartsWith(p, s, start, len));
}

/** IE reads these comments as markup: a backtick, [if …], <?xml, <?import, <!ENTITY. */
function isBlackComment(s: string, start: number, len: number): boolean {
  if (s.slice(start, start + len).includes('`')) return true;
  if (len > 3) {
    const three = s.slice(start, start + 3).toLowerCase();
    if (three === '[if' || three === 'xml') return true;
  }
  if (len > 5) {
    if (equalsIgnoringNul('IMPORT', s, start, 6) || equalsIgnoringNul('ENTITY', s, start, 6)) return true;
  }
  return false;
}

/** libinjection_is_xss in one context. */
function isXssIn(s: string, flags: H5Flags): boolean {
  const h5 = new Html5Tokenizer(s, flags);
  let attr = Attr.None;
  while (h5.next()) {
    const { tokenType: type, tokenStart: start, tokenLen: len } = h5;
    if (type !== H5Type.AttrValue) attr = Attr.None;
    if (type === H5Type.Doctype) return true;
    if (type === H5Type.TagNameOpen) {
      if (isBlackTag(s, start, len)) return true;
    } else if (type === H5Type.AttrName) {
      attr = blackAttr(s, start, len);
    } else if (type === H5Type.AttrValue) {
      if (attr === Attr.Black || attr === Attr.Style) return true;
      if (attr === Attr.Url && isBlackUrl(s, start, len)) return true;
      if (attr === Attr.Indirect && blackAttr(s, start, len) !== Attr.None) return true;
      attr = Attr.None;
    } else if (type === H5Type.TagComment) {
      if (isBlackComment(s, start, len)) return true;
    }
  }
  return false;
}

/** libinjection_xss: `input` (a byte string) is XSS in one of the five contexts. */
export function isXss(input: string): boolean {
  // every rule needs a tag ('<') or an attribute value after a name ('='): without either no
  // context can match, and the five tokenizer passes are skipped
  if (!input.includes('<') && !input.includes('=')) return false;
  return (
    isXssIn(input, H5Flags.DataState) ||
    isXssIn(input, H5Flags.ValueNoQuote) ||
    isXssIn(input, H5Flags.ValueSingleQuote) ||
    isXssIn(input, H5Flags.ValueDoubleQuote) ||
    isXssIn(input, H5Flags.ValueBackQuote)
  );
}
