/**
 * HTTP/1.x (RFC 9112) over TCP, after nDPI's http.c and the HTTP sub-protocol dissectors
 * nDPI runs on the packet that detects HTTP (soap.c, ipp.c, mpegdash.c, json-rpc.c).
 *
 * - The flow's first payload (either direction) must start a request (a known method and a
 *   space; a target of "rtsp://" is RTSP, not HTTP) or a response ("HTTP/1."); anything else
 *   is not HTTP. A request is HTTP at once, even before its first line is complete.
 * - Master: CONNECT → HTTP_Connect; a complete request line whose target is an absolute
 *   "http://" URL → HTTP_Proxy; else HTTP. (No port rule: a plain request to 8080 is HTTP.)
 * - On the detecting head only (nDPI's sub-protocol call): a "SOAPAction" header → SOAP;
 *   POST with Content-Type application/ipp → IPP; a request line ending ".mp4 HTTP/1.1",
 *   ".m4s HTTP/1.1" or "RTSP/1.0", a "Content-Type:" line ending "video/mp4" or a line
 *   starting "DASH" → MpegDash; a Content-Type ending "application/json-rpc" → JSON-RPC.
 *   Each keeps the master (HTTP.SOAP) and overrides a service found by Host.
 * - On every head (nDPI's ndpi_http_parse_subprotocol): Server "ntopng …" → HTTP.ntop;
 *   Server "Icecast…" → IceCast (icecast.c's server check; nDPI's icecast.pcapng);
 *   Content-Type "application/ocsp-…" → OCSP (overrides); RPC_IN_DATA / RPC_OUT_DATA →
 *   MS-RPCH (overrides); a WebDAV method (RFC 4918: PROPFIND, PROPPATCH, MKCOL, COPY, MOVE,
 *   LOCK, UNLOCK) → WebDAV (overrides; nDPI's webdav.pcap); then, only while no service is known: the Host (when first seen),
 *   the Origin host, Ookla speedtest URLs and Referer, micloud.xiaomi.net URLs (Xiaomi),
 *   Windows Delivery Optimization downloads from a numeric host (WindowsUpdate), an HLS
 *   playlist (RFC 8216: an mpegurl Content-Type; nDPI's hls.pcapng → HLS; a .m3u8 URL alone
 *   is not enough, http_on_sip_port.pcap).
 * - nDPI keeps reading until it has the host name and a response status code (at most 8
 *   packets after the verdict): YesMore until then, then Yes.
 * Each look re-reads the direction's stream from its start (at most MAX_HEAD bytes).
 */
import type { Flow, HttpMeta } from '../../flow/flow.js';
import { ascii, indexOfEol, startsWith, startsWithLower } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { applyHostService } from '../service.js';
import { FlowState, setProto } from './dissect-kit.js';

const HTTP = protocolId('HTTP');
const HTTP_PROXY = protocolId('HTTP_Proxy');
const HTTP_CONNECT = protocolId('HTTP_Connect');
const SOAP = protocolId('SOAP');
const IPP = protocolId('IPP');
const MPEGDASH = protocolId('MpegDash');
const JSON_RPC = protocolId('JSON-RPC');
const OCSP = protocolId('OCSP');
const MS_RPCH = protocolId('MS-RPCH');
const WEBDAV = protocolId('WebDAV');
const ICECAST = protocolId('IceCast');
const HLS = protocolId('HLS');

/** RFC 8216 §4: the media types of an HLS playlist. */
const HLS_TYPES = ['application/vnd.apple.mpegurl', 'audio/mpegurl', 'application/x-mpegurl'];
const NTOP = protocolId('ntop');
const OOKLA = protocolId('Ookla');
const XIAOMI = protocolId('Xiaomi');
const WINDOWS_UPDATE = protocolId('WindowsUpdate');

/** Head bytes looked at (request/status line + headers). */
const MAX_HEAD = 8192;
/** Longest header value kept. */
const MAX_VALUE = 1024;
/** Packets nDPI still reads after the verdict (max_extra_packets_to_check). */
const MAX_EXTRA = 8;

/**
 * Request methods. nDPI's own list (GET POST OPTIONS HEAD PUT PATCH DELETE CONNECT PROPFIND
 * REPORT RPC_IN_DATA RPC_OUT_DATA) plus the other RFC 9110 / WebDAV methods.
 */
const METHODS = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'REPORT', 'SEARCH',
  'RPC_IN_DATA', 'RPC_OUT_DATA',
];

/** The first bytes a request (a method) or a response ("HTTP/1." in any case) may start with. */
const FIRST_BYTES = [...new Set(METHODS.map((m) => m.charCodeAt(0)))].concat(0x48, 0x68);

/** The methods RFC 4918 adds to HTTP: a request with one of them is HTTP.WebDAV. */
const WEBDAV_METHODS = ['PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK'];

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

/** Header fields and line facts read from one head. */
interface Head {
  host?: string;
  userAgent?: string;
  server?: string;
  /** The whole Content-Type value (nDPI's content_line). */
  contentType?: string;
  authorization?: string;
  origin?: string;
  referer?: string;
  /** The first line whose name nDPI's http.c calls suspicious ("Found <line>", 63 characters). */
  suspiciousHeader?: string;
  /** Where the body starts (after the blank line), when the head is complete. */
  bodyAt?: number;
  /** A line starts with "SOAPAction" (soap.c). */
  soapAction: boolean;
  /** A "Content-Type:" line ending "video/mp4", or a line starting "DASH" (mpegdash.c). */
  dash: boolean;
}

function newHead(): Head {
  return { soapAction: false, dash: false };
}

/** Reads the header lines from `pos` to the blank line or the end of the data. */
function readHeaders(b: Uint8Array, pos: number, end: number, out: Head): void {
  let p = pos;
  while (p < end) {
    const eol = indexOfEol(b, p, end);
    if (eol < 0) return; // incomplete line
    if (eol === p) {
      // the blank line
      out.bodyAt = b[p] === 13 ? p + 2 : p + 1;
      return;
    }
    if (startsWith(b, p, eol, 'SOAPAction')) out.soapAction = true;
    if (startsWith(b, p, eol, 'DASH')) out.dash = true;
    else if (startsWith(b, p, eol, 'Content-Type:') && endsWith(b, p, eol, 'video/mp4')) out.dash = true;
    const colon = indexOfColon(b, p, eol);
    if (colon > p) {
      let v = colon + 1;
      while (v < eol && (b[v] === 32 || b[v] === 9)) v++;
      let e = eol;
      while (e > v && (b[e - 1] === 32 || b[e - 1] === 9)) e--;
      if (e - v > MAX_VALUE) e = v + MAX_VALUE;
      const n = colon - p;
      if (out.suspiciousHeader === undefined && n <= 11 && SUSPICIOUS_HEADER_KEYS[String.fromCharCode(b[p])] !== undefined && isSuspiciousHeaderName(ascii(b, p, colon))) {
        out.suspiciousHeader = `Found ${ascii(b, p, Math.min(eol, p + 57))}`;
      }
      if (n === 4 && startsWithLower(b, p, colon, 'host')) out.host = ascii(b, v, e);
      else if (n === 10 && startsWithLower(b, p, colon, 'user-agent')) out.userAgent = ascii(b, v, e);
      else if (n === 6 && startsWithLower(b, p, colon, 'server')) out.server = ascii(b, v, e);
      else if (n === 6 && startsWithLower(b, p, colon, 'origin')) out.origin = ascii(b, v, e);
      else if (n === 7 && startsWithLower(b, p, colon, 'referer')) out.referer = ascii(b, v, e);
      else if (n === 13 && startsWithLower(b, p, colon, 'authorization')) out.authorization = authSummary(ascii(b, v, e));
      else if (n === 12 && startsWithLower(b, p, colon, 'content-type')) out.contentType = ascii(b, v, e);
    }
    p = b[eol] === 13 ? eol + 2 : eol + 1;
  }
}

/**
 * nDPI's http.c (ndpi_check_http_header): header names it calls suspicious, by first
 * (upper-case) letter. It compares the name case-blind with the first name-length
 * characters of each key, so a name that is a prefix of a key ("Arc", "O") matches too.
 */
const SUSPICIOUS_HEADER_KEYS: Readonly<Record<string, readonly string[]>> = {
  A: ['arch'], C: ['cores'], M: ['mem'], O: ['os', 'osname', 'osversion'], R: ['root'],
  S: ['s'], T: ['tls_version'], U: ['uuid'], X: ['x-hire-me'],
};

export function isSuspiciousHeaderName(name: string): boolean {
  const keys = SUSPICIOUS_HEADER_KEYS[name[0] ?? ''];
  if (keys === undefined) return false;
  const l = name.toLowerCase();
  return keys.some((k) => k.startsWith(l));
}

/**
 * nDPI's http.c (ndpi_validate_http_content), on the first response's Content-Type: a text,
 * JSON or form body whose first four bytes are not all printable (nor gzip's 1F 8B 08 00)
 * is HTTP Susp Content ("Susp content 89424946").
 */
function suspiciousContent(b: Uint8Array, end: number, ct: string, bodyAt: number | undefined): string | undefined {
  if (bodyAt === undefined || bodyAt + 4 > end) return undefined;
  if (!ct.includes('text/') && !ct.includes('/json') && !ct.includes('x-www-form-urlencoded')) return undefined;
  const c = b.subarray(bodyAt, bodyAt + 4);
  const printable = (x: number) => (x >= 32 && x < 127) || x === 9 || x === 10 || x === 13;
  if (printable(c[0]) && printable(c[1]) && printable(c[2]) && printable(c[3])) return undefined;
  if (c[0] === 0x1f && c[1] === 0x8b && c[2] === 0x08 && c[3] === 0) return undefined;
  return `Susp content ${Array.from(c, (x) => x.toString(16).toUpperCase().padStart(2, '0')).join('')}`;
}

function indexOfColon(b: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) if (b[i] === 58) return i;
  return -1;
}

/** b[start..end) ends with the ASCII text s. */
function endsWith(b: Uint8Array, start: number, end: number, s: string): boolean {
  return end - start >= s.length && startsWith(b, end - s.length, end, s);
}

/** The media type of a Content-Type value ("text/html; charset=UTF-8" → "text/html"). */
function mediaType(v: string): string {
  const semi = v.indexOf(';');
  return (semi < 0 ? v : v.slice(0, semi)).trimEnd();
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

/** A dotted IPv4 address, as nDPI's numeric-host check (NDPI_NUMERIC_IP_HOST) reads it. */
function isNumericHost(h: string): boolean {
  return /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(stripPort(h));
}

/** Per-flow state: what the stream heads gave so far. */
interface HttpState {
  detected: boolean;
  /** The master chosen by the request (HTTP, HTTP_Proxy, HTTP_Connect). */
  master: number;
  /** Host header seen (nDPI matches the host once, when it is first set). */
  hostSeen: boolean;
  /** Response status in range (100..509) seen. */
  statusSeen: boolean;
  /** A response's Content-Type seen (nDPI checks the first one's body). */
  respTypeSeen: boolean;
  /** Calls since the verdict. */
  extra: number;
  /** The direction that carries requests (0/1), -1 unknown. */
  reqDir: number;
}
const states = new FlowState<HttpState>(() => ({
  detected: false,
  master: HTTP,
  hostSeen: false,
  statusSeen: false,
  respTypeSeen: false,
  extra: 0,
  reqDir: -1,
}));

/** No service (app) is known yet: nDPI's detected_protocol_stack[1] == UNKNOWN. */
function noApp(flow: Flow): boolean {
  return flow.l7Master === 0;
}

/** nDPI's ndpi_http_parse_subprotocol on one head (request or response). */
function parseSubprotocol(flow: Flow, st: HttpState, h: Head, meta: HttpMeta, hostJustSet: boolean): void {
  const master = flow.l7Master !== 0 ? flow.l7Master : st.master;
  if (h.server !== undefined && h.server.startsWith('ntopng ')) setProto(flow, HTTP, NTOP);
  if (h.server !== undefined && h.server.length > 7 && h.server.startsWith('Icecast')) setProto(flow, master, ICECAST);
  if (h.contentType !== undefined && h.contentType.length > 17 && h.contentType.startsWith('application/ocsp-')) {
    setProto(flow, master, OCSP);
  }
  if (meta.method === 'RPC_IN_DATA' || meta.method === 'RPC_OUT_DATA') setProto(flow, master, MS_RPCH);
  if (meta.method !== undefined && WEBDAV_METHODS.includes(meta.method)) setProto(flow, master, WEBDAV);
  if (noApp(flow) && hostJustSet && flow.host !== '') applyHostService(flow, master);
  if (noApp(flow) && h.origin !== undefined) {
    const s = h.origin.indexOf('://');
    if (s >= 0) {
      let o = h.origin.slice(s + 3);
      const c = o.indexOf(':');
      if (c >= 0) o = o.slice(0, c);
      if (o !== '' && !flow.host.startsWith(o.toLowerCase())) {
        const keep = flow.host;
        flow.host = o.toLowerCase();
        applyHostService(flow, master);
        flow.host = keep;
      }
    }
  }
  const url = meta.url ?? '';
  if (noApp(flow) && (url.includes(':8080/downloading?n=0.') || url.includes(':8080/upload?n=0.'))) setProto(flow, master, OOKLA);
  if (noApp(flow) && url.includes('micloud.xiaomi.net')) setProto(flow, master, XIAOMI);
  if (noApp(flow) && h.referer !== undefined && h.referer.includes('www.speedtest.net')) setProto(flow, master, OOKLA);
  if (
    noApp(flow) &&
    meta.userAgent !== undefined &&
    meta.userAgent.includes('Microsoft-Delivery-Optimization/') &&
    (url.includes('delivery.mp.microsoft.com/') || url.includes('download.windowsupdate.com/')) &&
    meta.host !== undefined &&
    isNumericHost(meta.host)
  ) {
    setProto(flow, master, WINDOWS_UPDATE);
  }
  if (noApp(flow) && h.contentType !== undefined && HLS_TYPES.includes(mediaType(h.contentType).toLowerCase())) {
    setProto(flow, master, HLS);
  }
}

/**
 * The sub-protocol dissectors nDPI calls on the packet that detected HTTP, in its order
 * (SOAP, IPP, MpegDash, then JSON-RPC). Each sets its id as the app, keeping the master.
 */
function detectingHeadChecks(flow: Flow, b: Uint8Array, off: number, lineEnd: number, h: Head, isPost: boolean): void {
  const master = flow.l7Master !== 0 ? flow.l7Master : masterOf0(flow);
  if (h.soapAction) setProto(flow, master, SOAP);
  if (isPost && h.contentType !== undefined && h.contentType.startsWith('application/ipp')) setProto(flow, master, IPP);
  if (
    h.dash ||
    (lineEnd >= 0 &&
      (endsWith(b, off, lineEnd, 'RTSP/1.0') || endsWith(b, off, lineEnd, '.mp4 HTTP/1.1') || endsWith(b, off, lineEnd, '.m4s HTTP/1.1')))
  ) {
    setProto(flow, master, MPEGDASH);
  }
  if (h.contentType !== undefined && h.contentType.endsWith('application/json-rpc')) setProto(flow, HTTP, JSON_RPC);
}

/** The wire protocol of a verdict without a service. */
function masterOf0(flow: Flow): number {
  return flow.l7App !== 0 ? flow.l7App : HTTP;
}

/** Parses the request head at the stream start; false when it is not a request. */
function parseRequest(flow: Flow, st: HttpState, b: Uint8Array, off: number, end: number, first: boolean): boolean | undefined {
  const method = matchMethod(b, off, end);
  if (method === '') return false;
  if (method === '?') return undefined;
  const t0 = off + method.length + 1;
  let u = t0;
  while (u < end && b[u] === 32 && u < t0 + 2048) u++;
  // "METHOD rtsp://…" is RTSP
  if (startsWithLower(b, u, end, 'rtsp://'.slice(0, Math.min(7, end - u))) && end - u > 0) return false;
  const eol = indexOfEol(b, off, end);
  // the request line is complete and ends with " HTTP/1.x": the target is known
  const lineOk = eol >= 0 && eol - off >= 9 + (u - off) && startsWithLower(b, eol - 9, eol, ' http/1.');
  const meta: HttpMeta = (flow.meta.http ??= {});
  const newRequest = meta.method === undefined;
  meta.method = method;
  let target = '';
  if (lineOk) target = ascii(b, u, Math.min(eol - 9, u + 4096));
  // the master is chosen by the first request seen (after a response seen first, too)
  if (newRequest && (first || noApp(flow))) {
    st.master =
      method === 'CONNECT' ? HTTP_CONNECT : lineOk && target.length > 7 && /^http:\/\//i.test(target) ? HTTP_PROXY : HTTP;
    setProto(flow, 0, st.master);
  }
  const h = newHead();
  if (eol >= 0) readHeaders(b, b[eol] === 13 ? eol + 2 : eol + 1, end, h);
  let hostJustSet = false;
  if (h.host !== undefined) {
    meta.host = h.host;
    if (!st.hostSeen) {
      st.hostSeen = true;
      hostJustSet = true;
      const host = stripPort(h.host).toLowerCase(); // nDPI's host name is lower case
      if (host !== '') flow.host = host;
    }
  } else if (method === 'CONNECT' && lineOk && flow.host === '') {
    flow.host = stripPort(target).toLowerCase();
  }
  // URL: host + path, without a scheme (ntopng's last_url); CONNECT's target is host:port
  if (lineOk) {
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(target);
    if (method === 'CONNECT') meta.url = target;
    else if (scheme) meta.url = target.slice(scheme[0].length);
    else meta.url = (h.host !== undefined ? stripPort(h.host) : '') + target;
  }
  if (h.userAgent !== undefined) meta.userAgent = h.userAgent;
  if (h.suspiciousHeader !== undefined) meta.suspiciousHeader ??= h.suspiciousHeader;
  if (h.authorization !== undefined) meta.authorization = h.authorization;
  if (h.contentType !== undefined && meta.status === undefined) meta.contentType = mediaType(h.contentType);
  parseSubprotocol(flow, st, h, meta, hostJustSet);
  if (first) detectingHeadChecks(flow, b, off, lineOk ? eol : -1, h, method === 'POST');
  return true;
}

/** Parses a response head at the stream start; false when it is not a response. */
function parseResponse(flow: Flow, st: HttpState, b: Uint8Array, off: number, end: number, first: boolean): boolean | undefined {
  if (end - off < 7) return startsWithLower(b, off, end, 'http/1.'.slice(0, end - off)) ? undefined : false;
  if (!startsWithLower(b, off, end, 'http/1.')) return false;
  if (first) setProto(flow, 0, HTTP);
  const meta: HttpMeta = (flow.meta.http ??= {});
  if (end - off >= 12) {
    let status = 0;
    let ok = true;
    for (let i = off + 9; i < off + 12; i++) {
      const c = b[i] - 48;
      if (c < 0 || c > 9) {
        ok = false;
        break;
      }
      status = status * 10 + c;
    }
    if (ok && status >= 100 && status <= 509) {
      meta.status = status;
      st.statusSeen = true;
    }
  }
  const eol = indexOfEol(b, off, end);
  const h = newHead();
  if (eol >= 0) readHeaders(b, b[eol] === 13 ? eol + 2 : eol + 1, end, h);
  if (h.server !== undefined) meta.server = h.server;
  if (h.suspiciousHeader !== undefined) meta.suspiciousHeader ??= h.suspiciousHeader;
  if (h.contentType !== undefined) {
    if (!st.respTypeSeen) {
      st.respTypeSeen = true;
      const susp = suspiciousContent(b, end, h.contentType, h.bodyAt);
      if (susp !== undefined) meta.suspiciousContent = susp;
    }
    meta.contentType = mediaType(h.contentType);
  }
  parseSubprotocol(flow, st, h, meta, false);
  if (first) detectingHeadChecks(flow, b, off, eol, h, false);
  return true;
}

export const http: Dissector = {
  name: 'HTTP',
  transports: [6],
  ports: [80, 8080, 3128],
  // until found, each look reads a request method or "HTTP/1." at its direction's stream start
  pre: { tcp: { bytes: FIRST_BYTES } },
  dissect(inp: DissectInput): Verdict {
    const { data, off, flow, dir } = inp;
    const end = off + Math.min(inp.len, MAX_HEAD);
    if (end - off < 1) return Verdict.More;
    const prev = states.peek(flow);
    if (prev === undefined || !prev.detected) {
      // the first payload decides: a request, a response, or not HTTP
      const st = prev ?? states.get(flow);
      let r = parseRequest(flow, st, data, off, end, true);
      if (r === true) st.reqDir = dir;
      else if (r === false) {
        r = parseResponse(flow, st, data, off, end, true);
        if (r === true) st.reqDir = 1 - dir;
      }
      if (r === false) {
        states.drop(flow);
        return Verdict.No;
      }
      if (r === undefined) return inp.packetIndex >= 20 ? Verdict.No : Verdict.More;
      st.detected = true;
      return verdict(flow, st);
    }
    const st = prev;
    st.extra++;
    if (dir === st.reqDir) {
      if (!st.hostSeen || flow.meta.http?.userAgent === undefined) parseRequest(flow, st, data, off, end, false);
    } else if (!st.statusSeen || flow.meta.http?.server === undefined) {
      parseResponse(flow, st, data, off, end, false);
    }
    return verdict(flow, st);
  },
};

/** Yes once the host name and a status code are known, or the extra packets ran out. */
function verdict(flow: Flow, st: HttpState): Verdict {
  const done = (flow.host !== '' && st.statusSeen) || st.extra >= MAX_EXTRA;
  if (done) states.drop(flow);
  return done ? Verdict.Yes : Verdict.YesMore;
}
