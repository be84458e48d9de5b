/**
 * HTTP/1.x (RFC 9112) over TCP: request line + headers from the client, status line +
 * headers from the server. Each look re-reads the direction's stream from its start (at most
 * MAX_HEAD bytes), so a request split over several segments is handled.
 * - CONNECT → HTTP_Connect (nDPI 130); a request in absolute form (`GET http://…`) or sent to
 *   a proxy's default port (8080, 3128) → HTTP_Proxy (131); else HTTP (7).
 * - The Host header selects the service (`HTTP.Facebook`).
 * - A request is YesMore (the status code follows); the response makes it Yes.
 */
import type { Flow, HttpMeta } from '../../flow/flow.js';
import { ascii, indexOfEol, startsWith, startsWithLower } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { guessByPort, protocolId } from '../protocol-table.js';
import { applyHostService } from '../service.js';

const HTTP = protocolId('HTTP');
const HTTP_PROXY = protocolId('HTTP_Proxy');
const HTTP_CONNECT = protocolId('HTTP_Connect');

/** Head bytes looked at (request/status line + headers). */
const MAX_HEAD = 8192;
/** Longest header value kept. */
const MAX_VALUE = 1024;

const METHODS = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH',
];
const MAX_METHOD = 9;

/** The method at b[off..end) followed by a space; '' when none; '?' when a prefix only. */
function matchMethod(b: Uint8Array, off: number, end: number): string {
  const c = b[off];
  if (c < 65 || c > 90) return ''; // methods are upper-case letters: binary data leaves here
  let prefix = false;
  for (const m of METHODS) {
    const n = m.length;
    if (end - off > n) {
      if (b[off + n] === 32 && startsWith(b, off, off + n, m)) return m;
    } else if (startsWith(b, off, end, m.slice(0, end - off))) {
      prefix = true;
    }
  }
  return prefix ? '?' : '';
}

/** "HTTP/d.d" at i. */
function isVersion(b: Uint8Array, i: number, end: number): boolean {
  return (
    end - i >= 8 &&
    startsWith(b, i, end, 'HTTP/') &&
    b[i + 5] >= 48 && b[i + 5] <= 57 &&
    b[i + 6] === 46 &&
    b[i + 7] >= 48 && b[i + 7] <= 57
  );
}

/** Header fields read from one head. */
interface Headers {
  host?: string;
  userAgent?: string;
  server?: string;
  contentType?: string;
  authorization?: string;
}

/** Reads the header lines from `pos` to the blank line or the end of the data. */
function readHeaders(b: Uint8Array, pos: number, end: number, out: Headers): void {
  let p = pos;
  while (p < end) {
    const eol = indexOfEol(b, p, end);
    if (eol < 0 || eol === p) return; // incomplete line, or the blank line
    const colon = indexOfColon(b, p, eol);
    if (colon > p) {
      let v = colon + 1;
      while (v < eol && (b[v] === 32 || b[v] === 9)) v++;
      let e = eol;
      while (e > v && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
      if (e - v > MAX_VALUE) e = v + MAX_VALUE;
      const n = colon - p;
      if (n === 4 && startsWithLower(b, p, colon, 'host')) out.host = ascii(b, v, e);
      else if (n === 10 && startsWithLower(b, p, colon, 'user-agent')) out.userAgent = ascii(b, v, e);
      else if (n === 6 && startsWithLower(b, p, colon, 'server')) out.server = ascii(b, v, e);
      else if (n === 13 && startsWithLower(b, p, colon, 'authorization')) out.authorization = authSummary(ascii(b, v, e));
      else if (n === 12 && startsWithLower(b, p, colon, 'content-type')) {
        // the media type only, as nDPI reports it ("text/html; charset=UTF-8" → "text/html")
        let t = v;
        while (t < e && b[t] !== 59) t++;
        while (t > v && (b[t - 1] === 32 || b[t - 1] === 9)) t--;
        out.contentType = ascii(b, v, t);
      }
    }
    p = b[eol] === 13 ? eol + 2 : eol + 1;
  }
}

function indexOfColon(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === 58) return i;
  return -1;
}

/** "Basic dXNlcjpwYXNz" → "Basic user": the scheme, and for Basic the user name only. */
function authSummary(value: string): string {
  const sp = value.indexOf(' ');
  const scheme = sp < 0 ? value : value.slice(0, sp);
  if (scheme.toLowerCase() !== 'basic' || sp < 0) return scheme;
  const decoded = Buffer.from(value.slice(sp + 1).trim(), 'base64').toString('latin1');
  const colon = decoded.indexOf(':');
  const user = (colon < 0 ? decoded : decoded.slice(0, colon)).replace(/[^\x20-\x7e]/g, '?');
  return user ? `${scheme} ${user}` : scheme;
}

/** "host:port" → "host" (IPv6 literals in brackets keep their colons). */
function stripPort(h: string): string {
  if (h.startsWith('[')) {
    const close = h.indexOf(']');
    return close > 0 ? h.slice(1, close) : h;
  }
  const c = h.lastIndexOf(':');
  return c > 0 && h.indexOf(':') === c ? h.slice(0, c) : h;
}

/** The master protocol of a request. */
function requestMaster(flow: Flow, method: string, target: string): number {
  if (method === 'CONNECT') return HTTP_CONNECT;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return HTTP_PROXY;
  if (guessByPort(6, flow.srvPort) === HTTP_PROXY) return HTTP_PROXY;
  return HTTP;
}

/** Parses a request head; returns No / More / YesMore. */
function parseRequest(flow: Flow, b: Uint8Array, off: number, end: number): Verdict {
  const method = matchMethod(b, off, end);
  if (method === '') return Verdict.No;
  if (method === '?') return Verdict.More;
  const eol = indexOfEol(b, off, end);
  if (eol < 0) {
    // the request line is still arriving: keep waiting while it stays plausible
    return end - off < 2048 ? Verdict.More : Verdict.No;
  }
  const t0 = off + method.length + 1;
  let sp = -1;
  for (let i = eol - 1; i > t0; i--) {
    if (b[i] === 32) {
      sp = i;
      break;
    }
  }
  if (sp < 0 || !isVersion(b, sp + 1, eol)) return Verdict.No;
  const target = ascii(b, t0, Math.min(sp, t0 + 4096));
  const h: Headers = {};
  readHeaders(b, b[eol] === 13 ? eol + 2 : eol + 1, end, h);

  const meta: HttpMeta = (flow.meta.http ??= {});
  meta.method = method;
  const host = h.host !== undefined ? stripPort(h.host) : method === 'CONNECT' ? stripPort(target) : '';
  if (h.host !== undefined) meta.host = h.host;
  // URL: host + path, without a scheme (ntopng's last_url); CONNECT's target is host:port
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(target);
  if (method === 'CONNECT') meta.url = target;
  else if (scheme) meta.url = target.slice(scheme[0].length);
  else meta.url = host + target;
  if (h.userAgent !== undefined) meta.userAgent = h.userAgent;
  if (h.authorization !== undefined) meta.authorization = h.authorization;
  if (h.contentType !== undefined && meta.status === undefined) meta.contentType = h.contentType;
  if (host !== '') flow.host = host.toLowerCase(); // nDPI's host name is lower case
  applyHostService(flow, requestMaster(flow, method, target));
  return meta.status !== undefined ? Verdict.Yes : Verdict.YesMore;
}

/** Parses a response head; returns No / More / Yes. */
function parseResponse(flow: Flow, b: Uint8Array, off: number, end: number): Verdict {
  if (end - off < 8) return Verdict.More;
  if (!isVersion(b, off, end)) return Verdict.No;
  const eol = indexOfEol(b, off, end);
  if (eol < 0) return end - off < 2048 ? Verdict.More : Verdict.No;
  let p = off + 8;
  if (b[p] !== 32) return Verdict.No;
  p++;
  let status = 0;
  let digits = 0;
  while (p < eol && b[p] >= 48 && b[p] <= 57 && digits < 3) {
    status = status * 10 + (b[p] - 48);
    p++;
    digits++;
  }
  if (digits !== 3) return Verdict.No;
  const h: Headers = {};
  readHeaders(b, b[eol] === 13 ? eol + 2 : eol + 1, end, h);
  const meta: HttpMeta = (flow.meta.http ??= {});
  meta.status = status;
  if (h.server !== undefined) meta.server = h.server;
  if (h.contentType !== undefined) meta.contentType = h.contentType;
  // a response without a request seen: the flow is HTTP all the same
  if (meta.method === undefined) applyHostService(flow, HTTP);
  return Verdict.Yes;
}

export const http: Dissector = {
  name: 'HTTP',
  transports: [6],
  ports: [80, 8080, 3128],
  dissect(inp: DissectInput): Verdict {
    const { data, off } = inp;
    const end = off + Math.min(inp.len, MAX_HEAD);
    if (end - off < 1) return Verdict.More;
    const meta = inp.flow.meta.http;
    if (end - off < 5 && startsWith(data, off, end, 'HTTP/'.slice(0, end - off))) return Verdict.More;
    if (startsWith(data, off, end, 'HTTP/')) {
      if (meta?.status !== undefined && meta.method !== undefined) return Verdict.Yes;
      return parseResponse(inp.flow, data, off, end);
    }
    const v = parseRequest(inp.flow, data, off, end);
    // once the request was seen, bytes that are not HTTP on the other side end the wait
    if (v === Verdict.No && meta?.method !== undefined) return Verdict.Yes;
    return v;
  },
};
