/**
 * SQL injection test as libinjection (3.9.2, bundled by nDPI) does it, for nDPI's
 * NDPI_URL_POSSIBLE_SQL_INJECTION: the input is cut into SQL tokens (strings, numbers,
 * keywords, operators, comments …), the first tokens are folded (two or three at a time:
 * "1+2" is one number, "UNION ALL" one keyword, unary operators and parentheses dropped),
 * and the types of the first five that remain make a fingerprint ("s&1c": a string, a
 * logic operator, a number, a comment). The input is SQLi when that fingerprint is in
 * libinjection's list (sqli-data.ts) and none of the false-positive rules for short
 * fingerprints applies. The input is read as is, then as if it followed a single quote,
 * then a double quote (an injection closes the application's own quote), each in ANSI
 * and, when '#' or '--x' comments were seen, MySQL mode.
 *
 * Written for flowcheck from libinjection's algorithm; the input is a string of bytes
 * (one character a byte, 0–255), compared as C compares its signed chars where that
 * matters.
 */
import { CHAR_PARSER, FINGERPRINTS, PARSER_NAMES, WORDS_BY_TYPE } from './sqli-data.js';

const FLAG_QUOTE_NONE = 1;
const FLAG_QUOTE_SINGLE = 2;
const FLAG_QUOTE_DOUBLE = 4;
const FLAG_SQL_ANSI = 8;
const FLAG_SQL_MYSQL = 16;

/** A token's value keeps at most 31 characters, as libinjection's fixed buffer. */
const TOKEN_SIZE = 32;
const MAX_TOKENS = 5;

// token types (libinjection's characters; the fingerprint is made of them)
const T_NONE = '';
const T_KEYWORD = 'k';
const T_UNION = 'U';
const T_GROUP = 'B';
const T_EXPRESSION = 'E';
const T_SQLTYPE = 't';
const T_FUNCTION = 'f';
const T_BAREWORD = 'n';
const T_NUMBER = '1';
const T_VARIABLE = 'v';
const T_STRING = 's';
const T_OPERATOR = 'o';
const T_LOGIC_OPERATOR = '&';
const T_COMMENT = 'c';
const T_COLLATE = 'A';
const T_LEFTPARENS = '(';
const T_RIGHTPARENS = ')';
const T_LEFTBRACE = '{';
const T_RIGHTBRACE = '}';
const T_DOT = '.';
const T_COMMA = ',';
const T_COLON = ':';
const T_SEMICOLON = ';';
const T_TSQL = 'T';
const T_UNKNOWN = '?';
const T_EVIL = 'X';
const T_BACKSLASH = '\\';
const T_FINGERPRINT = 'F';

/** Upper-case word → token type; fingerprints under "0" + fingerprint, as libinjection's table. */
const KEYWORDS: ReadonlyMap<string, string> = (() => {
  const m = new Map<string, string>();
  for (const [type, words] of Object.entries(WORDS_BY_TYPE)) for (const w of words) m.set(w, type);
  for (const f of FINGERPRINTS.split(' ')) m.set('0' + f, T_FINGERPRINT);
  return m;
})();

/** ASCII upper case (a–z only, as libinjection's comparisons). */
function upper(s: string): string {
  let lower = false;
  let ascii = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = true;
    else if (c >= 128) ascii = false;
  }
  if (!lower) return s;
  // String.prototype.toUpperCase would also change Latin-1 letters (é, ß, ÿ …)
  if (ascii) return s.toUpperCase();
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : s[i];
  }
  return out;
}

function lookupWord(word: string): string {
  return KEYWORDS.get(upper(word)) ?? T_NONE;
}

class Token {
  type = T_NONE;
  pos = 0;
  len = 0;
  val = '';
  strOpen = '';
  strClose = '';

  clear(): void {
    this.type = T_NONE;
    this.pos = 0;
    this.len = 0;
    this.val = '';
    this.strOpen = '';
    this.strClose = '';
  }

  assign(type: string, pos: number, len: number, value: string): void {
    const last = len < TOKEN_SIZE ? len : TOKEN_SIZE - 1;
    this.type = type;
    this.pos = pos;
    this.len = last;
    this.val = value.slice(0, last);
  }

  copyFrom(o: Token): void {
    this.type = o.type;
    this.pos = o.pos;
    this.len = o.len;
    this.val = o.val;
    this.strOpen = o.strOpen;
    this.strClose = o.strClose;
  }
}

/** The state of one test of one input (libinjection's sfilter). */
class State {
  readonly s: string;
  readonly slen: number;
  flags = 0;
  pos = 0;
  // libinjection's eight: five make the fingerprint, the folding reads up to two more
  readonly tokens: Token[] = [new Token(), new Token(), new Token(), new Token(), new Token(), new Token(), new Token(), new Token()];
  current: Token;
  fingerprint = '';
  statsCommentDdx = 0;
  statsCommentHash = 0;
  statsTokens = 0;

  constructor(s: string) {
    this.s = s;
    this.slen = s.length;
    this.current = this.tokens[0];
  }

  reset(flags: number): void {
    this.flags = flags === 0 ? FLAG_QUOTE_NONE | FLAG_SQL_ANSI : flags;
    this.pos = 0;
    for (const t of this.tokens) t.clear();
    this.current = this.tokens[0];
    this.fingerprint = '';
    this.statsCommentDdx = 0;
    this.statsCommentHash = 0;
    this.statsTokens = 0;
  }
}

/** Byte at i, 0 past the end (the C string's terminator). */
function at(s: string, i: number): number {
  return i < s.length ? s.charCodeAt(i) : 0;
}

function isWhite(c: number): boolean {
  // space \t \n \v \f \r, NUL and Latin-1's no-break space 0xA0
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0;
}

/** Index of the pair c0 c1 in s[start, start + len), or -1 (libinjection's memchr2). */
function memchr2(s: string, start: number, len: number, c0: number, c1: number): number {
  if (len < 2) return -1;
  const last = start + len - 1;
  for (let i = start; i < last; i++) if (s.charCodeAt(i) === c0 && s.charCodeAt(i + 1) === c1) return i;
  return -1;
}

/** Index of c in s[start, start + len), or -1. */
function memchr(s: string, start: number, len: number, c: number): number {
  const end = Math.min(start + len, s.length);
  for (let i = start; i < end; i++) if (s.charCodeAt(i) === c) return i;
  return -1;
}

/** How many characters from `start` (at most len) are in `accept`. */
function spanOf(s: string, start: number, len: number, accept: string): number {
  for (let i = 0; i < len; i++) if (!accept.includes(s[start + i])) return i;
  return len;
}

/** How many characters from `start` (at most len) are not in `reject` (NUL always stops). */
function spanNot(s: string, start: number, len: number, reject: string): number {
  for (let i = 0; i < len; i++) {
    const c = s[start + i];
    if (c === '\0' || reject.includes(c)) return i;
  }
  return len;
}

function isUnaryOp(t: Token): boolean {
  if (t.type !== T_OPERATOR) return false;
  switch (t.len) {
    case 1:
      return t.val === '+' || t.val === '-' || t.val === '!' || t.val === '~';
    case 2:
      return t.val === '!!';
    case 3:
      return upper(t.val) === 'NOT';
    default:
      return false;
  }
}

function isArithmeticOp(t: Token): boolean {
  return t.type === T_OPERATOR && t.len === 1 && '*/-+%'.includes(t.val);
}

// ---- the parsers: each reads at sf.pos, fills sf.current, returns the next position ----

type Parser = (sf: State) => number;

function parseWhite(sf: State): number {
  return sf.pos + 1;
}

function parseOperator1(sf: State): number {
  sf.current.assign(T_OPERATOR, sf.pos, 1, sf.s[sf.pos]);
  return sf.pos + 1;
}

function parseOther(sf: State): number {
  sf.current.assign(T_UNKNOWN, sf.pos, 1, sf.s[sf.pos]);
  return sf.pos + 1;
}

function parseChar(sf: State): number {
  sf.current.assign(sf.s[sf.pos], sf.pos, 1, sf.s[sf.pos]);
  return sf.pos + 1;
}

function parseEolComment(sf: State): number {
  const { s, slen, pos } = sf;
  const nl = memchr(s, pos, slen - pos, 10);
  if (nl < 0) {
    sf.current.assign(T_COMMENT, pos, slen - pos, s.slice(pos));
    return slen;
  }
  sf.current.assign(T_COMMENT, pos, nl - pos, s.slice(pos, nl));
  return nl + 1;
}

/** '#': a comment to the end of the line in MySQL, an operator in ANSI SQL. */
function parseHash(sf: State): number {
  sf.statsCommentHash += 1;
  if (sf.flags & FLAG_SQL_MYSQL) {
    sf.statsCommentHash += 1;
    return parseEolComment(sf);
  }
  sf.current.assign(T_OPERATOR, sf.pos, 1, '#');
  return sf.pos + 1;
}

/** '--' then white space or the end is a comment; '--x' one only in ANSI mode; else '-'. */
function parseDash(sf: State): number {
  const { s, slen, pos } = sf;
  const next = at(s, pos + 1);
  if (pos + 2 < slen && next === 45 && isWhite(s.charCodeAt(pos + 2))) return parseEolComment(sf);
  if (pos + 2 === slen && next === 45) return parseEolComment(sf);
  if (pos + 1 < slen && next === 45 && sf.flags & FLAG_SQL_ANSI) {
    sf.statsCommentDdx += 1;
    return parseEolComment(sf);
  }
  sf.current.assign(T_OPERATOR, pos, 1, '-');
  return pos + 1;
}

/** '/' or a C comment; a comment holding '/*' (nested, PostgreSQL) or MySQL's '/*!' is evil. */
function parseSlash(sf: State): number {
  const { s, slen, pos } = sf;
  if (pos + 1 === slen || s.charCodeAt(pos + 1) !== 42) return parseOperator1(sf);
  const end = memchr2(s, pos + 2, slen - (pos + 2), 42, 47);
  const clen = end < 0 ? slen - pos : end + 2 - pos;
  let type = T_COMMENT;
  if (end >= 0 && memchr2(s, pos + 2, end - (pos + 1), 47, 42) >= 0) type = T_EVIL;
  else if (pos + 2 < slen && s.charCodeAt(pos + 2) === 33) type = T_EVIL;
  sf.current.assign(type, pos, clen, s.slice(pos, pos + clen));
  return pos + clen;
}

function parseBackslash(sf: State): number {
  const { s, slen, pos } = sf;
  // MySQL's \N is NULL
  if (pos + 1 < slen && s[pos + 1] === 'N') {
    sf.current.assign(T_NUMBER, pos, 2, s.slice(pos, pos + 2));
    return pos + 2;
  }
  sf.current.assign(T_BACKSLASH, pos, 1, s[pos]);
  return pos + 1;
}

function parseOperator2(sf: State): number {
  const { s, slen, pos } = sf;
  if (pos + 1 >= slen) return parseOperator1(sf);
  if (pos + 2 < slen && s[pos] === '<' && s[pos + 1] === '=' && s[pos + 2] === '>') {
    sf.current.assign(T_OPERATOR, pos, 3, '<=>');
    return pos + 3;
  }
  const two = s.slice(pos, pos + 2);
  const type = lookupWord(two);
  if (type !== T_NONE) {
    sf.current.assign(type, pos, 2, two);
    return pos + 2;
  }
  if (s[pos] === ':') {
    sf.current.assign(T_COLON, pos, 1, ':');
    return pos + 1;
  }
  return parseOperator1(sf);
}

/** An odd number of backslashes ends at `end` (down to `start`): the quote after them is escaped. */
function backslashEscaped(s: string, end: number, start: number): boolean {
  let p = end;
  while (p >= start && s.charCodeAt(p) === 92) p--;
  return ((end - p) & 1) === 1;
}

/**
 * A string closed by `delim`, starting `offset` characters after pos (0: the quote is
 * assumed, as when the input is read as following the application's quote); a doubled
 * or backslashed quote does not close it.
 */
function parseStringCore(s: string, len: number, pos: number, st: Token, delim: number, offset: number): number {
  let q = memchr(s, pos + offset, len - pos - offset, delim);
  st.strOpen = offset > 0 ? String.fromCharCode(delim) : '';
  for (;;) {
    if (q < 0) {
      st.assign(T_STRING, pos + offset, len - pos - offset, s.slice(pos + offset, len));
      st.strClose = '';
      return len;
    }
    if (backslashEscaped(s, q - 1, pos + offset)) {
      q = memchr(s, q + 1, len - (q + 1), delim);
    } else if (q + 1 < len && s.charCodeAt(q + 1) === s.charCodeAt(q)) {
      q = memchr(s, q + 2, len - (q + 2), delim);
    } else {
      st.assign(T_STRING, pos + offset, q - (pos + offset), s.slice(pos + offset, q));
      st.strClose = String.fromCharCode(delim);
      return q + 1;
    }
  }
}

function parseString(sf: State): number {
  return parseStringCore(sf.s, sf.slen, sf.pos, sf.current, sf.s.charCodeAt(sf.pos), 1);
}

/** E'…' (PostgreSQL) and N'…' (MySQL) strings, else a word. */
function parseEstring(sf: State): number {
  const { s, slen, pos } = sf;
  if (pos + 2 >= slen || s[pos + 1] !== "'") return parseWord(sf);
  return parseStringCore(s, slen, pos, sf.current, 39, 2);
}

/** U&'…' strings, else a word. */
function parseUstring(sf: State): number {
  const { s, slen, pos } = sf;
  if (pos + 2 < slen && s[pos + 1] === '&' && s[pos + 2] === "'") {
    sf.pos += 2;
    const next = parseString(sf);
    sf.current.strOpen = 'u';
    if (sf.current.strClose === "'") sf.current.strClose = 'u';
    return next;
  }
  return parseWord(sf);
}

/** Oracle's q'X…X' strings, else a word. */
function parseQstringCore(sf: State, offset: number): number {
  const { s, slen } = sf;
  const pos = sf.pos + offset;
  if (pos >= slen || (s[pos] !== 'q' && s[pos] !== 'Q') || pos + 2 >= slen || s[pos + 1] !== "'") return parseWord(sf);
  let ch = s.charCodeAt(pos + 2);
  // a signed char: bytes of 128 and more are negative
  if (ch < 33 || ch >= 128) return parseWord(sf);
  if (ch === 40) ch = 41;
  else if (ch === 91) ch = 93;
  else if (ch === 123) ch = 125;
  else if (ch === 60) ch = 62;
  const end = memchr2(s, pos + 3, slen - pos - 3, ch, 39);
  if (end < 0) {
    sf.current.assign(T_STRING, pos + 3, slen - pos - 3, s.slice(pos + 3, slen));
    sf.current.strOpen = 'q';
    sf.current.strClose = '';
    return slen;
  }
  sf.current.assign(T_STRING, pos + 3, end - pos - 3, s.slice(pos + 3, end));
  sf.current.strOpen = 'q';
  sf.current.strClose = 'q';
  return end + 2;
}

function parseQstring(sf: State): number {
  return parseQstringCore(sf, 0);
}

function parseNqstring(sf: State): number {
  if (sf.pos + 2 < sf.slen && sf.s[sf.pos + 1] === "'") return parseEstring(sf);
  return parseQstringCore(sf, 1);
}

/** b'0101' and x'1f' literals (numbers), else a word. */
function parseDigitString(sf: State, digits: string): number {
  const { s, slen, pos } = sf;
  if (pos + 2 >= slen || s[pos + 1] !== "'") return parseWord(sf);
  const wlen = spanOf(s, pos + 2, slen - pos - 2, digits);
  if (pos + 2 + wlen >= slen || s[pos + 2 + wlen] !== "'") return parseWord(sf);
  sf.current.assign(T_NUMBER, pos, wlen + 3, s.slice(pos, pos + wlen + 3));
  return pos + 2 + wlen + 1;
}

function parseBstring(sf: State): number {
  return parseDigitString(sf, '01');
}

function parseXstring(sf: State): number {
  return parseDigitString(sf, '0123456789ABCDEFabcdef');
}

/** SQL Server's [bracketed words]. */
function parseBword(sf: State): number {
  const { s, slen, pos } = sf;
  const end = memchr(s, pos, slen - pos, 93);
  if (end < 0) {
    sf.current.assign(T_BAREWORD, pos, slen - pos, s.slice(pos));
    return slen;
  }
  sf.current.assign(T_BAREWORD, pos, end - pos + 1, s.slice(pos, end + 1));
  return end + 1;
}

const WORD_END = " []{}<>:\\?=@!#~+-*/&|^%(),';\t\n\v\f\r\"\xa0";

/** A word: a keyword, function, type … when the table has it, else a bare word. */
function parseWord(sf: State): number {
  const { s, slen, pos } = sf;
  const wlen = spanNot(s, pos, slen - pos, WORD_END);
  const cur = sf.current;
  cur.assign(T_BAREWORD, pos, wlen, s.slice(pos, pos + wlen));
  // "SELECT.1", "SELECT`col`": a keyword before a dot or backtick is a token of its own
  for (let i = 0; i < cur.len; i++) {
    const c = cur.val[i];
    if (c === '.' || c === '`') {
      const type = lookupWord(cur.val.slice(0, i));
      if (type !== T_NONE && type !== T_BAREWORD) {
        cur.clear();
        cur.assign(type, pos, i, s.slice(pos, pos + i));
        return pos + i;
      }
    }
  }
  if (wlen < TOKEN_SIZE) {
    const type = lookupWord(cur.val);
    cur.type = type === T_NONE ? T_BAREWORD : type;
  }
  return pos + wlen;
}

/** MySQL's `backticks`: a function when the table says so, else a bare word. */
function parseTick(sf: State): number {
  const next = parseStringCore(sf.s, sf.slen, sf.pos, sf.current, 96, 1);
  sf.current.type = lookupWord(sf.current.val) === T_FUNCTION ? T_FUNCTION : T_BAREWORD;
  return next;
}

const VAR_END = " <>:\\?=@!#~+-*/&|^%(),';\t\n\v\f\r'`\"";

/** @var, @@var, @`var`, @'var'. */
function parseVar(sf: State): number {
  const { s, slen } = sf;
  let pos = sf.pos + 1;
  if (pos < slen && s[pos] === '@') pos += 1;
  if (pos < slen) {
    if (s[pos] === '`') {
      sf.pos = pos;
      const next = parseTick(sf);
      sf.current.type = T_VARIABLE;
      return next;
    }
    if (s[pos] === "'" || s[pos] === '"') {
      sf.pos = pos;
      const next = parseString(sf);
      sf.current.type = T_VARIABLE;
      return next;
    }
  }
  const xlen = spanNot(s, pos, slen - pos, VAR_END);
  sf.current.assign(T_VARIABLE, pos, xlen, s.slice(pos, pos + xlen));
  return pos + xlen;
}

/** Index of needle in s[start, start + hlen), or -1 (libinjection's my_memmem). */
function memmem(s: string, start: number, hlen: number, needle: string): number {
  const last = start + hlen - needle.length;
  for (let i = start; i <= last; i++) if (s.startsWith(needle, i)) return i;
  return -1;
}

/** '$': money ($1,000.00), PostgreSQL's $$strings$$ and $tag$strings$tag$, or a bare '$'. */
function parseMoney(sf: State): number {
  const { s, slen, pos } = sf;
  const cur = sf.current;
  if (pos + 1 === slen) {
    cur.assign(T_BAREWORD, pos, 1, '$');
    return slen;
  }
  let xlen = spanOf(s, pos + 1, slen - pos - 1, '0123456789.,');
  if (xlen === 0) {
    if (s[pos + 1] === '$') {
      const end = memchr2(s, pos + 2, slen - pos - 2, 36, 36);
      if (end < 0) {
        cur.assign(T_STRING, pos + 2, slen - (pos + 2), s.slice(pos + 2));
        cur.strOpen = '$';
        cur.strClose = '';
        return slen;
      }
      cur.assign(T_STRING, pos + 2, end - (pos + 2), s.slice(pos + 2, end));
      cur.strOpen = '$';
      cur.strClose = '$';
      return end + 2;
    }
    xlen = spanOf(s, pos + 1, slen - pos - 1, 'abcdefghjiklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    if (xlen === 0) {
      cur.assign(T_BAREWORD, pos, 1, '$');
      return pos + 1;
    }
    if (pos + xlen + 1 === slen || s[pos + xlen + 1] !== '$') {
      cur.assign(T_BAREWORD, pos, 1, '$');
      return pos + 1;
    }
    // $tag$ … $tag$; libinjection 3.9.2 searches from offset xlen + 2 of the input (not of
    // the tag) and takes a find before the tag's end as none: kept so
    const tag = s.slice(pos, pos + xlen + 2);
    const end = memmem(s, xlen + 2, slen - (pos + xlen + 2), tag);
    if (end < 0 || end < pos + xlen + 2) {
      cur.assign(T_STRING, pos + xlen + 2, slen - pos - xlen - 2, s.slice(pos + xlen + 2));
      cur.strOpen = '$';
      cur.strClose = '';
      return slen;
    }
    cur.assign(T_STRING, pos + xlen + 2, end - (pos + xlen + 2), s.slice(pos + xlen + 2, end));
    cur.strOpen = '$';
    cur.strClose = '$';
    return end + xlen + 2;
  }
  if (xlen === 1 && s[pos + 1] === '.') return parseWord(sf);
  cur.assign(T_NUMBER, pos, 1 + xlen, s.slice(pos, pos + 1 + xlen));
  return pos + 1 + xlen;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Numbers: 0x1F, 0b101, 12, 1.5, .5e-3, Oracle's 1.5f / 2d; a lone '.' is a dot. */
function parseNumber(sf: State): number {
  const { s, slen } = sf;
  let pos = sf.pos;
  const cur = sf.current;
  if (s[pos] === '0' && pos + 1 < slen) {
    const x = s[pos + 1];
    const digits = x === 'X' || x === 'x' ? '0123456789ABCDEFabcdef' : x === 'B' || x === 'b' ? '01' : undefined;
    if (digits !== undefined) {
      const xlen = spanOf(s, pos + 2, slen - pos - 2, digits);
      if (xlen === 0) {
        cur.assign(T_BAREWORD, pos, 2, s.slice(pos, pos + 2));
        return pos + 2;
      }
      cur.assign(T_NUMBER, pos, 2 + xlen, s.slice(pos, pos + 2 + xlen));
      return pos + 2 + xlen;
    }
  }
  const start = pos;
  while (pos < slen && isDigit(s.charCodeAt(pos))) pos++;
  if (pos < slen && s[pos] === '.') {
    pos++;
    while (pos < slen && isDigit(s.charCodeAt(pos))) pos++;
    if (pos - start === 1) {
      cur.assign(T_DOT, start, 1, '.');
      return pos;
    }
  }
  let haveE = false;
  let haveExp = false;
  if (pos < slen && (s[pos] === 'E' || s[pos] === 'e')) {
    haveE = true;
    pos++;
    if (pos < slen && (s[pos] === '+' || s[pos] === '-')) pos++;
    while (pos < slen && isDigit(s.charCodeAt(pos))) {
      haveExp = true;
      pos++;
    }
  }
  if (pos < slen && 'dDfF'.includes(s[pos])) {
    if (pos + 1 === slen) pos++;
    else if (isWhite(s.charCodeAt(pos + 1)) || s[pos + 1] === ';') pos++;
    else if (s[pos + 1] === 'u' || s[pos + 1] === 'U') pos++;
  }
  // "1234.e", "10.10E": a word, not a number
  cur.assign(haveE && !haveExp ? T_BAREWORD : T_NUMBER, start, pos - start, s.slice(start, pos));
  return pos;
}

const PARSERS: Record<(typeof PARSER_NAMES)[number], Parser> = {
  backslash: parseBackslash,
  bstring: parseBstring,
  bword: parseBword,
  char: parseChar,
  dash: parseDash,
  estring: parseEstring,
  hash: parseHash,
  money: parseMoney,
  nqstring: parseNqstring,
  number: parseNumber,
  operator1: parseOperator1,
  operator2: parseOperator2,
  other: parseOther,
  qstring: parseQstring,
  slash: parseSlash,
  string: parseString,
  tick: parseTick,
  ustring: parseUstring,
  var: parseVar,
  white: parseWhite,
  word: parseWord,
  xstring: parseXstring,
};

/** The parser of each byte value. */
const CHAR_MAP: readonly Parser[] = Array.from(CHAR_PARSER, (c) => PARSERS[PARSER_NAMES[c.charCodeAt(0) - 48]]);

/** Reads the next token into sf.current; false at the end of the input. */
function tokenize(sf: State): boolean {
  const { s, slen } = sf;
  if (slen === 0) return false;
  const cur = sf.current;
  cur.clear();
  // reading the input as following a quote: the first token is the rest of that string
  if (sf.pos === 0 && sf.flags & (FLAG_QUOTE_SINGLE | FLAG_QUOTE_DOUBLE)) {
    sf.pos = parseStringCore(s, slen, 0, cur, sf.flags & FLAG_QUOTE_SINGLE ? 39 : 34, 0);
    sf.statsTokens += 1;
    return true;
  }
  while (sf.pos < slen) {
    sf.pos = CHAR_MAP[s.charCodeAt(sf.pos) & 0xff](sf);
    if (cur.type !== T_NONE) {
      sf.statsTokens += 1;
      return true;
    }
  }
  return false;
}

/** Two words that make one ("UNION" "ALL" → "UNION ALL"), when the table has the pair. */
function mergeWords(a: Token, b: Token): boolean {
  const first = 'knoUfEtT'; // keyword, bare word, operator, union, function, expression, type, TSQL
  if (!first.includes(a.type) || a.type === '') return false;
  if (!(first + '&').includes(b.type) || b.type === '') return false;
  const len = a.len + b.len + 1;
  if (len >= TOKEN_SIZE) return false;
  const merged = a.val + ' ' + b.val;
  const type = lookupWord(merged);
  if (type === T_NONE) return false;
  a.assign(type, a.pos, len, merged);
  return true;
}

/** Words that are functions when a parenthesis follows (TSQL and MySQL). */
const FUNCTION_WORDS = new Set([
  'USER_ID',
  'USER_NAME',
  'DATABASE',
  'PASSWORD',
  'USER',
  'CURRENT_USER',
  'CURRENT_DATE',
  'CURRENT_TIME',
  'CURRENT_TIMESTAMP',
  'LOCALTIME',
  'LOCALTIMESTAMP',
]);

/** Tokenizes and folds; returns how many tokens make the fingerprint (at most five). */
function fold(sf: State): number {
  const tv = sf.tokens;
  const lastComment = new Token();
  let pos = 0;
  let left = 0;
  let more = true;
  // tokens until n (not counting comments, the last of which is kept apart) stand from `left`
  const readUpTo = (n: number): void => {
    while (more && pos <= MAX_TOKENS && pos - left < n) {
      sf.current = tv[pos];
      more = tokenize(sf);
      if (more) {
        if (sf.current.type === T_COMMENT) lastComment.copyFrom(sf.current);
        else {
          lastComment.type = T_NONE;
          pos += 1;
        }
      }
    }
  };
  // skip leading comments, left parentheses, SQL types and unary operators
  sf.current = tv[0];
  while (more) {
    more = tokenize(sf);
    const t = sf.current;
    if (!(t.type === T_COMMENT || t.type === T_LEFTPARENS || t.type === T_SQLTYPE || isUnaryOp(t))) break;
  }
  if (!more) return 0;
  pos += 1;

  for (;;) {
    if (pos >= MAX_TOKENS) {
      const [a, b, c, d, e] = [tv[0].type, tv[1].type, tv[2].type, tv[3].type, tv[4].type];
      if (
        (a === T_NUMBER && (b === T_OPERATOR || b === T_COMMA) && c === T_LEFTPARENS && d === T_NUMBER && e === T_RIGHTPARENS) ||
        (a === T_BAREWORD && b === T_OPERATOR && c === T_LEFTPARENS && (d === T_BAREWORD || d === T_NUMBER) && e === T_RIGHTPARENS) ||
        (a === T_NUMBER && b === T_RIGHTPARENS && c === T_COMMA && d === T_LEFTPARENS && e === T_NUMBER) ||
        (a === T_BAREWORD && b === T_RIGHTPARENS && c === T_OPERATOR && d === T_LEFTPARENS && e === T_BAREWORD)
      ) {
        if (pos > MAX_TOKENS) {
          tv[1].copyFrom(tv[MAX_TOKENS]);
          pos = 2;
          left = 0;
        } else {
          pos = 1;
          left = 0;
        }
      }
    }
    if (!more || left >= MAX_TOKENS) {
      left = pos;
      break;
    }
    // get up to two tokens
    readUpTo(2);
    if (pos - left < 2) {
      left = pos;
      continue;
    }
    const l = tv[left];
    const r = tv[left + 1];
    if (l.type === T_STRING && r.type === T_STRING) {
      pos -= 1;
      continue;
    } else if (l.type === T_SEMICOLON && r.type === T_SEMICOLON) {
      pos -= 1;
      continue;
    } else if ((l.type === T_OPERATOR || l.type === T_LOGIC_OPERATOR) && (isUnaryOp(r) || r.type === T_SQLTYPE)) {
      pos -= 1;
      left = 0;
      continue;
    } else if (l.type === T_LEFTPARENS && isUnaryOp(r)) {
      pos -= 1;
      if (left > 0) left -= 1;
      continue;
    } else if (mergeWords(l, r)) {
      pos -= 1;
      if (left > 0) left -= 1;
      continue;
    } else if (l.type === T_SEMICOLON && r.type === T_FUNCTION && (r.val[0] === 'I' || r.val[0] === 'i') && (r.val[1] === 'F' || r.val[1] === 'f')) {
      // "; IF": Transact-SQL's control flow, not the function
      r.type = T_TSQL;
      continue;
    } else if ((l.type === T_BAREWORD || l.type === T_VARIABLE) && r.type === T_LEFTPARENS && FUNCTION_WORDS.has(upper(l.val))) {
      l.type = T_FUNCTION;
      continue;
    } else if (l.type === T_KEYWORD && (upper(l.val) === 'IN' || upper(l.val) === 'NOT IN')) {
      l.type = r.type === T_LEFTPARENS ? T_OPERATOR : T_BAREWORD;
      continue;
    } else if (l.type === T_OPERATOR && (upper(l.val) === 'LIKE' || upper(l.val) === 'NOT LIKE')) {
      if (r.type === T_LEFTPARENS) l.type = T_FUNCTION;
    } else if (l.type === T_SQLTYPE && 'n1t(fvs'.includes(r.type) && r.type !== '') {
      l.copyFrom(r);
      pos -= 1;
      left = 0;
      continue;
    } else if (l.type === T_COLLATE && r.type === T_BAREWORD) {
      if (r.val.includes('_')) {
        r.type = T_SQLTYPE;
        left = 0;
      }
    } else if (l.type === T_BACKSLASH) {
      if (isArithmeticOp(r)) l.type = T_NUMBER;
      else {
        l.copyFrom(r);
        pos -= 1;
      }
      left = 0;
      continue;
    } else if (l.type === T_LEFTPARENS && r.type === T_LEFTPARENS) {
      pos -= 1;
      left = 0;
      continue;
    } else if (l.type === T_RIGHTPARENS && r.type === T_RIGHTPARENS) {
      pos -= 1;
      left = 0;
      continue;
    } else if (l.type === T_LEFTBRACE && r.type === T_BAREWORD) {
      // MySQL's { `` … }: an empty name there is evil
      if (r.len === 0) {
        r.type = T_EVIL;
        return left + 2;
      }
      left = 0;
      pos -= 2;
      continue;
    } else if (r.type === T_RIGHTBRACE) {
      pos -= 1;
      left = 0;
      continue;
    }
    // no two-token fold: get a third token
    readUpTo(3);
    if (pos - left < 3) {
      left = pos;
      continue;
    }
    const a = tv[left];
    const b = tv[left + 1];
    const c = tv[left + 2];
    if (a.type === T_NUMBER && b.type === T_OPERATOR && c.type === T_NUMBER) {
      pos -= 2;
      left = 0;
      continue;
    } else if (a.type === T_OPERATOR && b.type !== T_LEFTPARENS && c.type === T_OPERATOR) {
      left = 0;
      pos -= 2;
      continue;
    } else if (a.type === T_LOGIC_OPERATOR && c.type === T_LOGIC_OPERATOR) {
      pos -= 2;
      left = 0;
      continue;
    } else if (a.type === T_VARIABLE && b.type === T_OPERATOR && (c.type === T_VARIABLE || c.type === T_NUMBER || c.type === T_BAREWORD)) {
      pos -= 2;
      left = 0;
      continue;
    } else if ((a.type === T_BAREWORD || a.type === T_NUMBER) && b.type === T_OPERATOR && (c.type === T_NUMBER || c.type === T_BAREWORD)) {
      pos -= 2;
      left = 0;
      continue;
    } else if ((a.type === T_BAREWORD || a.type === T_NUMBER || a.type === T_VARIABLE || a.type === T_STRING) && b.type === T_OPERATOR && b.val === '::' && c.type === T_SQLTYPE) {
      pos -= 2;
      left = 0;
      continue;
    } else if (
      (a.type === T_BAREWORD || a.type === T_NUMBER || a.type === T_STRING || a.type === T_VARIABLE) &&
      b.type === T_COMMA &&
      (c.type === T_NUMBER || c.type === T_BAREWORD || c.type === T_STRING || c.type === T_VARIABLE)
    ) {
      pos -= 2;
      left = 0;
      continue;
    } else if ((a.type === T_EXPRESSION || a.type === T_GROUP || a.type === T_COMMA) && isUnaryOp(b) && c.type === T_LEFTPARENS) {
      // "SELECT + (", "LIMIT + (": drop the unary operator
      b.copyFrom(c);
      pos -= 1;
      left = 0;
      continue;
    } else if (
      (a.type === T_KEYWORD || a.type === T_EXPRESSION || a.type === T_GROUP) &&
      isUnaryOp(b) &&
      (c.type === T_NUMBER || c.type === T_BAREWORD || c.type === T_VARIABLE || c.type === T_STRING || c.type === T_FUNCTION)
    ) {
      b.copyFrom(c);
      pos -= 1;
      left = 0;
      continue;
    } else if (a.type === T_COMMA && isUnaryOp(b) && (c.type === T_NUMBER || c.type === T_BAREWORD || c.type === T_VARIABLE || c.type === T_STRING)) {
      // ", -1" → ",1", then back up to fold "1,1"
      b.copyFrom(c);
      left = 0;
      pos -= 3;
      continue;
    } else if (a.type === T_COMMA && isUnaryOp(b) && c.type === T_FUNCTION) {
      b.copyFrom(c);
      pos -= 1;
      left = 0;
      continue;
    } else if (a.type === T_BAREWORD && b.type === T_DOT && c.type === T_BAREWORD) {
      // database.table
      pos -= 2;
      left = 0;
      continue;
    } else if (a.type === T_EXPRESSION && b.type === T_DOT && c.type === T_BAREWORD) {
      b.copyFrom(c);
      pos -= 1;
      left = 0;
      continue;
    } else if (a.type === T_FUNCTION && b.type === T_LEFTPARENS && c.type !== T_RIGHTPARENS) {
      // USER(foo) is no call of USER()
      if (upper(a.val) === 'USER') a.type = T_BAREWORD;
    }
    left += 1;
  }
  // a comment seen last comes back when there is room
  if (left < MAX_TOKENS && lastComment.type === T_COMMENT) {
    tv[left].copyFrom(lastComment);
    left += 1;
  }
  return left > MAX_TOKENS ? MAX_TOKENS : left;
}

/** The input's fingerprint when read with `flags` (libinjection_sqli_fingerprint). */
function fingerprintOf(sf: State, flags: number): string {
  sf.reset(flags);
  const tlen = fold(sf);
  const tv = sf.tokens;
  // PHP's backquote comment: an empty, unclosed `` at the end is a comment
  if (tlen > 2 && tv[tlen - 1].type === T_BAREWORD && tv[tlen - 1].strOpen === '`' && tv[tlen - 1].len === 0 && tv[tlen - 1].strClose === '') {
    tv[tlen - 1].type = T_COMMENT;
  }
  let fp = '';
  for (let i = 0; i < tlen; i++) fp += tv[i].type;
  if (fp.includes(T_EVIL)) {
    fp = T_EVIL;
    tv[0].type = T_EVIL;
    tv[0].val = T_EVIL;
    tv[1].type = T_NONE;
  }
  sf.fingerprint = fp;
  return fp;
}

/** The fingerprint is in libinjection's list. */
function blacklisted(fp: string): boolean {
  if (fp.length < 1) return false;
  return KEYWORDS.get('0' + upper(fp)) === T_FINGERPRINT;
}

/** libinjection's false-positive rules for short fingerprints: true when it stays SQLi. */
function notWhitelisted(sf: State): boolean {
  const fp = sf.fingerprint;
  const tv = sf.tokens;
  const tlen = fp.length;
  // a closing comment holding sp_password (hidden from SQL Server's audit log)
  if (tlen > 1 && fp[tlen - 1] === T_COMMENT && sf.s.includes('sp_password')) return true;
  if (tlen === 2) {
    if (fp[1] === T_UNION) return sf.statsTokens !== 2;
    if (tv[1].val[0] === '#') return false;
    if (tv[0].type === T_BAREWORD && tv[1].type === T_COMMENT && tv[1].val[0] !== '/') return false;
    if (tv[0].type === T_NUMBER && tv[1].type === T_COMMENT && tv[1].val[0] === '/') return true;
    if (tv[0].type === T_NUMBER && tv[1].type === T_COMMENT) {
      if (sf.statsTokens > 2) return true;
      // the character after the number (signed in C: bytes of 128 and more count as ≤ 32)
      const ch = at(sf.s, tv[0].len);
      if (ch <= 32 || ch >= 128) return true;
      if (ch === 47 && at(sf.s, tv[0].len + 1) === 42) return true;
      if (ch === 45 && at(sf.s, tv[0].len + 1) === 45) return true;
      return false;
    }
    if (tv[1].len > 2 && tv[1].val[0] === '-') return false;
  } else if (tlen === 3) {
    if (fp === 'sos' || fp === 's&s') {
      // …foo' + 'bar…: no opening quote, no closing quote
      return tv[0].strOpen === '' && tv[2].strClose === '' && tv[0].strClose === tv[2].strOpen;
    } else if (fp === 's&n' || fp === 'n&1' || fp === '1&1' || fp === '1&v' || fp === '1&s') {
      // "sexy and 17" is no SQLi, "sexy and 17<18" is
      if (sf.statsTokens === 3) return false;
    } else if (tv[1].type === T_KEYWORD) {
      // only INTO OUTFILE / INTO DUMPFILE
      if (tv[1].len < 5 || upper(tv[1].val.slice(0, 4)) !== 'INTO') return false;
    }
  }
  return true;
}

function isSqliFingerprint(sf: State): boolean {
  return blacklisted(sf.fingerprint) && notWhitelisted(sf);
}

/**
 * libinjection_is_sqli: the SQLi fingerprint of `input` (a byte string), or undefined
 * when it is not SQL injection.
 */
export function sqliFingerprint(input: string): string | undefined {
  if (input.length === 0) return undefined;
  const sf = new State(input);
  const mysqlAgain = (): boolean => sf.statsCommentDdx > 0 || sf.statsCommentHash > 0;
  fingerprintOf(sf, FLAG_QUOTE_NONE | FLAG_SQL_ANSI);
  if (isSqliFingerprint(sf)) return sf.fingerprint;
  if (mysqlAgain()) {
    fingerprintOf(sf, FLAG_QUOTE_NONE | FLAG_SQL_MYSQL);
    if (isSqliFingerprint(sf)) return sf.fingerprint;
  }
  if (input.includes("'")) {
    fingerprintOf(sf, FLAG_QUOTE_SINGLE | FLAG_SQL_ANSI);
    if (isSqliFingerprint(sf)) return sf.fingerprint;
    if (mysqlAgain()) {
      fingerprintOf(sf, FLAG_QUOTE_SINGLE | FLAG_SQL_MYSQL);
      if (isSqliFingerprint(sf)) return sf.fingerprint;
    }
  }
  if (input.includes('"')) {
    fingerprintOf(sf, FLAG_QUOTE_DOUBLE | FLAG_SQL_MYSQL);
    if (isSqliFingerprint(sf)) return sf.fingerprint;
  }
  return undefined;
}

/** The fingerprint libinjection makes of `input` read as is in ANSI mode (for tests). */
export function sqliFingerprintAsIs(input: string): string {
  const sf = new State(input);
  return fingerprintOf(sf, FLAG_QUOTE_NONE | FLAG_SQL_ANSI);
}
