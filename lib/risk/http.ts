/**
 * HTTP risks from meta.http: numeric Host, missing User-Agent, obsolete server software,
 * error status codes, binary downloads, credentials in clear (Basic authorization), SQL
 * injection and XSS in the URL's query (url-injection.ts).
 */
import type { Flow, HttpMeta } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';
import { isNumericHost } from './tls.js';
import { urlInjection } from './url-injection.js';

export function httpRisks(flow: Flow): void {
  const m = flow.meta.http;
  if (m === undefined) return;
  if (m.host && isNumericHost(stripPort(m.host))) setRisk(flow, RISK.NUMERIC_IP_HOST, `Found host ${stripPort(m.host)}`);
  if ((m.method !== undefined || m.status !== undefined) && (m.userAgent === undefined || m.userAgent === '')) {
    setRisk(flow, RISK.HTTP_SUSPICIOUS_USER_AGENT, 'Empty or missing User-Agent');
  }
  const ua = m.userAgent;
  if (ua) {
    // a JNDI lookup in a header is the Log4Shell exploit (CVE-2021-44228)
    if (ua.toLowerCase().includes('jndi:')) setRisk(flow, RISK.POSSIBLE_EXPLOIT, 'Suspicious Log4J');
    // an agent without a single letter or digit ("**") names no software
    else if (!/[A-Za-z0-9]/.test(ua)) setRisk(flow, RISK.HTTP_SUSPICIOUS_USER_AGENT, 'Suspicious Agent');
    // http.c: over 12 letters and nothing else, a fifth or more upper case (random names)
    if (ua.length > 12 && /^[A-Za-z]+$/.test(ua) && ua.replace(/[^A-Z]/g, '').length / ua.length >= 0.2) {
      setRisk(flow, RISK.HTTP_SUSPICIOUS_USER_AGENT, `UA ${ua}`.slice(0, 63));
    }
    if (isCrawlerAgent(ua)) setRisk(flow, RISK.HTTP_CRAWLER_BOT, `UA ${ua}`.slice(0, 63));
  }
  if (m.server) {
    const old = obsoleteServer(m.server);
    if (old) setRisk(flow, RISK.HTTP_OBSOLETE_SERVER, old);
    // http.c: a Server value over 7 bytes with a byte that is not printable ASCII
    if (m.server.length > 7 && /[^\x20-\x7e]/.test(m.server)) setRisk(flow, RISK.HTTP_SUSPICIOUS_HEADER, 'Suspicious Agent');
  }
  // http.c: a dotted-quad Host that is not the address the request went to
  const host = m.host !== undefined ? stripPort(m.host) : '';
  if (flow.ipVersion === 4 && /^\s*[+-]?\d+\.\s*[+-]?\d+\.\s*[+-]?\d+\.\s*[+-]?\d+/.test(host) && flow.srvAddr() !== host) {
    setRisk(flow, RISK.HTTP_SUSPICIOUS_HEADER, `Expected ${flow.srvAddr()}, found ${host}`);
  }
  if (m.suspiciousContent !== undefined) setRisk(flow, RISK.HTTP_SUSPICIOUS_CONTENT, m.suspiciousContent);
  if (m.suspiciousHeader !== undefined) setRisk(flow, RISK.HTTP_SUSPICIOUS_HEADER, m.suspiciousHeader);
  if (m.status !== undefined && m.status >= 400 && m.status < 600) setRisk(flow, RISK.ERROR_CODE_DETECTED, `HTTP Error Code ${m.status}`);
  binaryTransfer(flow, m);
  binaryApplication(flow, m);
  urlChecks(flow, m);
  // ndpiReader validates whatever URL the flow has (no query, nothing to read)
  if (m.url !== undefined) injectionChecks(flow, readerUrl(m.url, m.host));
  // Basic sends the password merely encoded (the user name is kept in meta.http, never the password)
  if (m.authorization && /^basic\b/i.test(m.authorization)) setRisk(flow, RISK.CLEAR_TEXT_CREDENTIALS, 'Found credentials in HTTP Auth Line');
}

/**
 * Crawler/Bot as nDPI's http.c reads the agent: a link to the bot's page ("+http:", " http:"; "zbtls http" is no bot)
 * or "crawler" / "bot" (robot …) in any case; nDPI's info keeps 63 characters.
 */
export function isCrawlerAgent(ua: string): boolean {
  if (ua.includes('+http:') || ua.includes(' http:')) return true;
  const l = ua.toLowerCase();
  return l.includes('crawler') || l.includes('bot');
}

function stripPort(h: string): string {
  const i = h.lastIndexOf(':');
  return i > 0 && !h.includes(']') && h.indexOf(':') === i ? h.slice(0, i) : h;
}

/**
 * "Obsolete Apache server 2.2.3" for Apache before 2.4 and nginx before 1.20 (the versions
 * nDPI calls obsolete), else undefined.
 */
export function obsoleteServer(server: string): string | undefined {
  const m = /^(Apache|nginx)\/(\d+)\.(\d+)(?:\.(\d+))?/.exec(server);
  if (!m) return undefined;
  const major = Number(m[2]);
  const minor = Number(m[3]);
  const version = m[4] !== undefined ? `${m[2]}.${m[3]}.${m[4]}` : `${m[2]}.${m[3]}`;
  const old = m[1] === 'Apache' ? major < 2 || (major === 2 && minor < 4) : major < 1 || (major === 1 && minor < 20);
  return old ? `Obsolete ${m[1]} server ${version}` : undefined;
}

/** Binary File/Data Transfer: the response is an octet stream. */
function binaryTransfer(flow: Flow, m: HttpMeta): void {
  const ct = m.contentType?.toLowerCase();
  if (ct && ct.startsWith('application/octet-stream')) setRisk(flow, RISK.BINARY_DATA_TRANSFER, 'Found binary mime octet-stream');
}

/** http.c's executable media types: "application/" then one of these. */
const EXECUTABLE_MIMES = ['exe', 'java-vm', 'vnd.ms-cab-compressed', 'vnd.microsoft.portable-executable', 'x-msdownload', 'x-dosexec'];

/**
 * Binary App Transfer as http.c reads the response's Content-Type: an executable media
 * type (not from *.windowsupdate.com); a Java agent fetching application/java-vm is then a
 * Possible Exploit (Log4Shell's second stage: Java downloads Java).
 */
function binaryApplication(flow: Flow, m: HttpMeta): void {
  const ct = m.contentType;
  if (ct === undefined || ct.length <= 15 || ct.slice(0, 12).toLowerCase() !== 'application/') return;
  const sub = ct.slice(12).toLowerCase();
  // nDPI compares the type's own length: a prefix of four or more characters matches too
  const mime = sub.length > 3 ? EXECUTABLE_MIMES.find((x) => x.startsWith(sub)) : undefined;
  if (mime === undefined || flow.host.endsWith('.windowsupdate.com')) return;
  setRisk(flow, RISK.BINARY_APPLICATION_TRANSFER, `Found mime exe ${mime}`);
  if (m.userAgent?.startsWith('Java/') && ct === 'application/java-vm') setRisk(flow, RISK.POSSIBLE_EXPLOIT, 'Suspicious Log4J');
}

/** http.c's URL checks on the request target: PHP code, a web shell, a path starting with a dot. */
function urlChecks(flow: Flow, m: HttpMeta): void {
  const url = m.url;
  if (url === undefined || m.method === 'CONNECT') return;
  // meta.http.url is host + target: the target starts at the first "/"
  const slash = url.indexOf('/');
  if (slash < 0) return;
  const target = url.slice(slash);
  if (target.includes('<php>')) setRisk(flow, RISK.URL_POSSIBLE_RCE_INJECTION, 'PHP code in URL');
  else if (target.startsWith('/shell?')) setRisk(flow, RISK.URL_POSSIBLE_RCE_INJECTION, 'Possible WebShell detected');
  else if (target.startsWith('/.')) setRisk(flow, RISK.POSSIBLE_EXPLOIT, 'URL starting with dot');
}

/** The URL as ndpiReader prints it: the Host header as sent (with its port), then the target. */
function readerUrl(url: string, host: string | undefined): string {
  if (host === undefined) return url;
  const bare = stripPort(host);
  return bare !== host && url.startsWith(bare + '/') ? host + url.slice(bare.length) : url;
}

/** ndpiReader keeps this much of a flow's URL (its 256-byte buffer) and validates that. */
const READER_URL_CHARS = 255;

/**
 * XSS Attack / SQL Injection from the URL's query values (url-injection.ts: nDPI's
 * ndpi_validate_url with libinjection), with the parameter, the decoded value and, for
 * SQL, libinjection's fingerprint in the message.
 */
function injectionChecks(flow: Flow, url: string): void {
  if (!url.includes('?')) return;
  const hit = urlInjection(url.length > READER_URL_CHARS ? url.slice(0, READER_URL_CHARS) : url);
  if (hit === undefined) return;
  const seen = `${printable(hit.name, 32)}=${printable(hit.value, 96)}`;
  // the alert puts the risk's name first: "SQL Injection: fingerprint s&sos in URL parameter id=…"
  if (hit.kind === 'xss') setRisk(flow, RISK.URL_POSSIBLE_XSS, `URL parameter ${seen}`);
  else setRisk(flow, RISK.URL_POSSIBLE_SQL_INJECTION, `fingerprint ${hit.fingerprint} in URL parameter ${seen}`);
}

/** A byte string for a message: control and non-ASCII bytes as \xHH, cut to `max` characters with "…". */
function printable(s: string, max: number): string {
  const cut = s.length > max ? s.slice(0, max) : s;
  const out = cut.replace(/[^\x20-\x7e]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  return cut.length < s.length ? out + '…' : out;
}
