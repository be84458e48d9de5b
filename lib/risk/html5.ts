/**
 * libinjection's HTML5 tokenizer (a subset of the WHATWG tokenizer's states), used by the
 * XSS test (xss.ts): it cuts a byte string into text, tag names, attribute names and
 * values, comments and doctypes, starting in one of five contexts (HTML text, or inside
 * an attribute value without quotes, with single, double or back quotes), since a URL
 * parameter may be pasted into any of them. Written for flowcheck from libinjection's
 * state machine; one character a byte.
 */

export const enum H5Type {
  DataText,
  TagNameOpen,
  TagNameClose,
  TagNameSelfClose,
  TagData,
  TagClose,
  AttrName,
  AttrValue,
  TagComment,
  Doctype,
}

/** The context the input is read in. */
export const enum H5Flags {
  DataState,
  ValueNoQuote,
  ValueSingleQuote,
  ValueDoubleQuote,
  ValueBackQuote,
}

const enum St {
  Eof,
  Data,
  TagOpen,
  TagNameClose,
  BeforeAttributeName,
  AttributeValueSingle,
  AttributeValueDouble,
  AttributeValueBack,
  SelfClosingStartTag,
  AfterAttributeName,
  BeforeAttributeValue,
  AfterAttributeValueQuoted,
}

const EOF = -1;

function isWhite(c: number): boolean {
  // " \t\n\v\f\r" (and NUL, which C's strchr finds as the terminator)
  return c === 32 || (c >= 9 && c <= 13) || c === 0;
}

export class Html5Tokenizer {
  private readonly s: string;
  private readonly len: number;
  private pos = 0;
  private isClose = false;
  private state: St;
  /** The last token: its start, length and type. */
  tokenStart = 0;
  tokenLen = 0;
  tokenType: H5Type = H5Type.DataText;

  constructor(s: string, flags: H5Flags) {
    this.s = s;
    this.len = s.length;
    switch (flags) {
      case H5Flags.DataState:
        this.state = St.Data;
        break;
      case H5Flags.ValueNoQuote:
        this.state = St.BeforeAttributeName;
        break;
      case H5Flags.ValueSingleQuote:
        this.state = St.AttributeValueSingle;
        break;
      case H5Flags.ValueDoubleQuote:
        this.state = St.AttributeValueDouble;
        break;
      default:
        this.state = St.AttributeValueBack;
    }
  }

  /** The last token's text. */
  token(): string {
    return this.s.slice(this.tokenStart, this.tokenStart + this.tokenLen);
  }

  /** Reads the next token; false at the end. */
  next(): boolean {
    switch (this.state) {
      case St.Eof:
        return false;
      case St.Data:
        return this.data();
      case St.TagOpen:
        return this.tagOpen();
      case St.TagNameClose:
        return this.tagNameClose();
      case St.BeforeAttributeName:
        return this.beforeAttributeName();
      case St.AttributeValueSingle:
        return this.attributeValueQuote(39);
      case St.AttributeValueDouble:
        return this.attributeValueQuote(34);
      case St.AttributeValueBack:
        return this.attributeValueQuote(96);
      case St.SelfClosingStartTag:
        return this.selfClosingStartTag();
      case St.AfterAttributeName:
        return this.afterAttributeName();
      case St.BeforeAttributeValue:
        return this.beforeAttributeValue();
      case St.AfterAttributeValueQuoted:
        return this.afterAttributeValueQuoted();
    }
  }

  private set(type: H5Type, start: number, len: number): void {
    this.tokenType = type;
    this.tokenStart = start;
    this.tokenLen = len;
  }

  private indexOf(c: number, from: number): number {
    for (let i = from; i < this.len; i++) if (this.s.charCodeAt(i) === c) return i;
    return -1;
  }

  /** Skips white space (and NUL); the next byte as C's signed char (0xFF reads as EOF), or EOF. */
  private skipWhite(): number {
    while (this.pos < this.len) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 0 || c === 32 || (c >= 9 && c <= 13)) this.pos += 1;
      else return c >= 128 ? c - 256 : c;
    }
    return EOF;
  }

  private data(): boolean {
    const lt = this.indexOf(60, this.pos);
    if (lt < 0) {
      this.set(H5Type.DataText, this.pos, this.len - this.pos);
      this.state = St.Eof;
      return this.tokenLen !== 0;
    }
    this.set(H5Type.DataText, this.pos, lt - this.pos);
    this.pos = lt + 1;
    this.state = St.TagOpen;
    if (this.tokenLen === 0) return this.tagOpen();
    return true;
  }

  private tagOpen(): boolean {
    if (this.pos >= this.len) return false;
    const c = this.s.charCodeAt(this.pos);
    if (c === 33) {
      this.pos += 1;
      return this.markupDeclarationOpen();
    } else if (c === 47) {
      this.pos += 1;
      this.isClose = true;
      return this.endTagOpen();
    } else if (c === 63) {
      this.pos += 1;
      return this.bogusComment();
    } else if (c === 37) {
      // "<%": a comment to "%>" for IE ≤ 9 and old Safari
      this.pos += 1;
      return this.bogusComment2();
    } else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 0) {
      return this.tagName();
    }
    if (this.pos === 0) return this.data();
    this.set(H5Type.DataText, this.pos - 1, 1);
    this.state = St.Data;
    return true;
  }

  private endTagOpen(): boolean {
    if (this.pos >= this.len) return false;
    const c = this.s.charCodeAt(this.pos);
    if (c === 62) return this.data();
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return this.tagName();
    this.isClose = false;
    return this.bogusComment();
  }

  private tagNameClose(): boolean {
    this.isClose = false;
    this.set(H5Type.TagNameClose, this.pos, 1);
    this.pos += 1;
    this.state = this.pos < this.len ? St.Data : St.Eof;
    return true;
  }

  private tagName(): boolean {
    let pos = this.pos;
    while (pos < this.len) {
      const c = this.s.charCodeAt(pos);
      if (c === 0) {
        pos += 1;
      } else if (isWhite(c)) {
        this.set(H5Type.TagNameOpen, this.pos, pos - this.pos);
        this.pos = pos + 1;
        this.state = St.BeforeAttributeName;
        return true;
      } else if (c === 47) {
        this.set(H5Type.TagNameOpen, this.pos, pos - this.pos);
        this.pos = pos + 1;
        this.state = St.SelfClosingStartTag;
        return true;
      } else if (c === 62) {
        if (this.isClose) {
          this.set(H5Type.TagClose, this.pos, pos - this.pos);
          this.pos = pos + 1;
          this.isClose = false;
          this.state = St.Data;
        } else {
          this.set(H5Type.TagNameOpen, this.pos, pos - this.pos);
          this.pos = pos;
          this.state = St.TagNameClose;
        }
        return true;
      } else {
        pos += 1;
      }
    }
    this.set(H5Type.TagNameOpen, this.pos, this.len - this.pos);
    this.state = St.Eof;
    return true;
  }

  private beforeAttributeName(): boolean {
    let c = this.skipWhite();
    // "/" not before ">" comes back here (through the self-closing state): a loop, not recursion
    while (c === 47 && this.pos + 1 < this.len && this.s.charCodeAt(this.pos + 1) !== 62) {
      this.pos += 1;
      c = this.skipWhite();
    }
    if (c === EOF) return false;
    if (c === 47) {
      this.pos += 1;
      return this.selfClosingStartTag();
    }
    if (c === 62) {
      this.state = St.Data;
      this.set(H5Type.TagNameClose, this.pos, 1);
      this.pos += 1;
      return true;
    }
    return this.attributeName();
  }

  private attributeName(): boolean {
    let pos = this.pos + 1;
    while (pos < this.len) {
      const c = this.s.charCodeAt(pos);
      let next: St | undefined;
      let skip = 1;
      if (isWhite(c)) next = St.AfterAttributeName;
      else if (c === 47) next = St.SelfClosingStartTag;
      else if (c === 61) next = St.BeforeAttributeValue;
      else if (c === 62) {
        next = St.TagNameClose;
        skip = 0;
      }
      if (next !== undefined) {
        this.set(H5Type.AttrName, this.pos, pos - this.pos);
        this.state = next;
        this.pos = pos + skip;
        return true;
      }
      pos += 1;
    }
    this.set(H5Type.AttrName, this.pos, this.len - this.pos);
    this.state = St.Eof;
    this.pos = this.len;
    return true;
  }

  private afterAttributeName(): boolean {
    const c = this.skipWhite();
    if (c === EOF) return false;
    if (c === 47) {
      this.pos += 1;
      return this.selfClosingStartTag();
    }
    if (c === 61) {
      this.pos += 1;
      return this.beforeAttributeValue();
    }
    if (c === 62) return this.tagNameClose();
    return this.attributeName();
  }

  private beforeAttributeValue(): boolean {
    const c = this.skipWhite();
    if (c === EOF) {
      this.state = St.Eof;
      return false;
    }
    if (c === 34) return this.attributeValueQuote(34);
    if (c === 39) return this.attributeValueQuote(39);
    if (c === 96) return this.attributeValueQuote(96);
    return this.attributeValueNoQuote();
  }

  private attributeValueQuote(q: number): boolean {
    if (this.pos > 0) this.pos += 1;
    const end = this.indexOf(q, this.pos);
    if (end < 0) {
      this.set(H5Type.AttrValue, this.pos, this.len - this.pos);
      this.state = St.Eof;
    } else {
      this.set(H5Type.AttrValue, this.pos, end - this.pos);
      this.state = St.AfterAttributeValueQuoted;
      this.pos += this.tokenLen + 1;
    }
    return true;
  }

  private attributeValueNoQuote(): boolean {
    let pos = this.pos;
    while (pos < this.len) {
      const c = this.s.charCodeAt(pos);
      if (isWhite(c)) {
        this.set(H5Type.AttrValue, this.pos, pos - this.pos);
        this.pos = pos + 1;
        this.state = St.BeforeAttributeName;
        return true;
      }
      if (c === 62) {
        this.set(H5Type.AttrValue, this.pos, pos - this.pos);
        this.pos = pos;
        this.state = St.TagNameClose;
        return true;
      }
      pos += 1;
    }
    this.state = St.Eof;
    this.set(H5Type.AttrValue, this.pos, this.len - this.pos);
    return true;
  }

  private afterAttributeValueQuoted(): boolean {
    if (this.pos >= this.len) return false;
    const c = this.s.charCodeAt(this.pos);
    if (isWhite(c)) {
      this.pos += 1;
      return this.beforeAttributeName();
    }
    if (c === 47) {
      this.pos += 1;
      return this.selfClosingStartTag();
    }
    if (c === 62) {
      this.set(H5Type.TagNameClose, this.pos, 1);
      this.pos += 1;
      this.state = St.Data;
      return true;
    }
    return this.beforeAttributeName();
  }

  private selfClosingStartTag(): boolean {
    if (this.pos >= this.len) return false;
    if (this.s.charCodeAt(this.pos) === 62) {
      this.set(H5Type.TagNameSelfClose, this.pos - 1, 2);
      this.state = St.Data;
      this.pos += 1;
      return true;
    }
    return this.beforeAttributeName();
  }

  /** "<?…>", "</…>" of no tag, "<!…>": a comment to the next '>'. */
  private bogusComment(): boolean {
    const gt = this.indexOf(62, this.pos);
    if (gt < 0) {
      this.set(H5Type.TagComment, this.pos, this.len - this.pos);
      this.pos = this.len;
      this.state = St.Eof;
    } else {
      this.set(H5Type.TagComment, this.pos, gt - this.pos);
      this.pos = gt + 1;
      this.state = St.Data;
    }
    return true;
  }

  /** "<%…%>". */
  private bogusComment2(): boolean {
    let pos = this.pos;
    for (;;) {
      const pct = this.indexOf(37, pos);
      if (pct < 0 || pct + 1 >= this.len) {
        this.set(H5Type.TagComment, this.pos, this.len - this.pos);
        this.pos = this.len;
        this.state = St.Eof;
        return true;
      }
      if (this.s.charCodeAt(pct + 1) !== 62) {
        pos = pct + 1;
        continue;
      }
      this.set(H5Type.TagComment, this.pos, pct - this.pos);
      this.pos = pct + 2;
      this.state = St.Data;
      return true;
    }
  }

  private markupDeclarationOpen(): boolean {
    const remaining = this.len - this.pos;
    const next7 = this.s.slice(this.pos, this.pos + 7);
    if (remaining >= 7 && next7.toUpperCase() === 'DOCTYPE' && /^[A-Za-z]{7}$/.test(next7)) return this.doctype();
    if (remaining >= 7 && next7 === '[CDATA[') {
      this.pos += 7;
      return this.cdata();
    }
    if (remaining >= 2 && this.s.charCodeAt(this.pos) === 45 && this.s.charCodeAt(this.pos + 1) === 45) {
      this.pos += 2;
      return this.comment();
    }
    return this.bogusComment();
  }

  /** "<!--…-->" (also "--!>"; NULs between the dashes ignored). */
  private comment(): boolean {
    let pos = this.pos;
    const end = this.len;
    for (;;) {
      const dash = this.indexOf(45, pos);
      if (dash < 0 || dash > end - 3) return this.commentToEnd();
      let offset = 1;
      while (dash + offset < end && this.s.charCodeAt(dash + offset) === 0) offset += 1;
      if (dash + offset === end) return this.commentToEnd();
      let c = this.s.charCodeAt(dash + offset);
      if (c !== 45 && c !== 33) {
        pos = dash + 1;
        continue;
      }
      offset += 1;
      if (dash + offset === end) return this.commentToEnd();
      c = this.s.charCodeAt(dash + offset);
      if (c !== 62) {
        pos = dash + 1;
        continue;
      }
      offset += 1;
      this.set(H5Type.TagComment, this.pos, dash - this.pos);
      this.pos = dash + offset;
      this.state = St.Data;
      return true;
    }
  }

  private commentToEnd(): boolean {
    this.state = St.Eof;
    this.set(H5Type.TagComment, this.pos, this.len - this.pos);
    return true;
  }

  /** "<![CDATA[…]]>": text. */
  private cdata(): boolean {
    let pos = this.pos;
    for (;;) {
      const rb = this.indexOf(93, pos);
      if (rb < 0 || rb > this.len - 3) {
        this.state = St.Eof;
        this.set(H5Type.DataText, this.pos, this.len - this.pos);
        return true;
      }
      if (this.s.charCodeAt(rb + 1) === 93 && this.s.charCodeAt(rb + 2) === 62) {
        this.state = St.Data;
        this.set(H5Type.DataText, this.pos, rb - this.pos);
        this.pos = rb + 3;
        return true;
      }
      pos = rb + 1;
    }
  }

  private doctype(): boolean {
    const gt = this.indexOf(62, this.pos);
    if (gt < 0) {
      this.state = St.Eof;
      this.set(H5Type.Doctype, this.pos, this.len - this.pos);
    } else {
      this.state = St.Data;
      this.set(H5Type.Doctype, this.pos, gt - this.pos);
      this.pos = gt + 1;
    }
    return true;
  }
}
