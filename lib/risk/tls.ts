/**
 * TLS and QUIC risks from what the handshake dissectors record (meta.tls, meta.quic):
 * obsolete version, weak cipher, missing SNI, no ALPN, ALPN without SNI, numeric QUIC SNI,
 * the certificate (self-signed, expired, about to expire, validity too long, not matching
 * the SNI) and the block lists (JA3, certificate SHA-1).
 */
import type { Flow, TlsMeta } from '../flow/flow.js';
import type { RiskLists } from './lists.js';
import { RISK, setRisk } from './risks.js';

const VERSION_NAMES: Record<number, string> = { 0x0300: 'SSLv3', 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0002: 'SSLv2' };

/** Cipher suites nDPI rates weak: RSA key exchange (no forward secrecy) and old block ciphers. */
const WEAK_CIPHERS: ReadonlyMap<number, string> = new Map([
  [0x0007, 'TLS_RSA_WITH_IDEA_CBC_SHA'],
  [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
  [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'],
  [0x0035, 'TLS_RSA_WITH_AES_256_CBC_SHA'],
  [0x003c, 'TLS_RSA_WITH_AES_128_CBC_SHA256'],
  [0x003d, 'TLS_RSA_WITH_AES_256_CBC_SHA256'],
  [0x0041, 'TLS_RSA_WITH_CAMELLIA_128_CBC_SHA'],
  [0x0084, 'TLS_RSA_WITH_CAMELLIA_256_CBC_SHA'],
  [0x0096, 'TLS_RSA_WITH_SEED_CBC_SHA'],
  [0x009c, 'TLS_RSA_WITH_AES_128_GCM_SHA256'],
  [0x009d, 'TLS_RSA_WITH_AES_256_GCM_SHA384'],
]);

/**
 * ALPN values in common use: the IANA registry's (HTTP versions and their drafts, SPDY, QUIC
 * transports, mail, XMPP, WebRTC, STUN, DNS over TLS/QUIC, MQTT, SIP …); anything else is
 * an application's own tag ("anydesk/6.2.0/linux").
 */
const COMMON_ALPN =
  /^(?:http\/[0-9.]+|spdy\/[0-9.]+|h2(?:c|-[\w-]+)?|h3(?:-[\w-]+)?|hq(?:-[\w-]+)?|h1q(?:-[\w-]+)?|doq(?:-[\w-]+)?|dot|webrtc|c-webrtc|stun\.[\w-]+|ftp|imap|pop3|managesieve|xmpp-(?:client|server)|acme-tls\/1|mqtt|ntske\/1|sunrpc|smb|irc|nntp|nnsp|sip\/2|coap|tds\/8\.0|dicom|grpc-exp|apns-security-v\d|postgresql|radius\/[0-9.]+|co)$/;

const DAY = 86400;
/** A certificate valid for longer than this is suspicious (CA/Browser Forum's 398 days). */
const MAX_VALIDITY_DAYS = 398;
/** The 398-day rule applies to certificates issued from 1 September 2020 on. */
const VALIDITY_RULE_START = Date.UTC(2020, 8, 1) / 1000;
/** A certificate that expires within this many days of the flow is about to expire. */
const EXPIRE_SOON_DAYS = 30;

const IPV4_RE = /^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$/;

export function isNumericHost(h: string): boolean {
  return IPV4_RE.test(h) || (h.includes(':') && /^\[?[0-9a-fA-F:.]+\]?$/.test(h));
}

const QUIC = 188;
const DTLS = 30;

export function tlsRisks(flow: Flow, lists: RiskLists): void {
  const m = flow.meta.tls;
  if (m !== undefined) tlsMetaRisks(flow, m, lists);
  const q = flow.meta.quic;
  if (q !== undefined && q.sni && isNumericHost(q.sni)) setRisk(flow, RISK.NUMERIC_IP_HOST, `Found host ${q.sni}`);
}

function tlsMetaRisks(flow: Flow, m: TlsMeta, lists: RiskLists): void {
  const isQuic = flow.l7Master === QUIC || flow.l7App === QUIC;
  const clientHello = m.ja3c !== undefined;
  if (m.fatalAlert === true) setRisk(flow, RISK.TLS_FATAL_ALERT, 'Found fatal TLS alert');
  if (m.longPadding === true) setRisk(flow, RISK.OBFUSCATED_TRAFFIC, 'Abnormal Client Hello/Padding length');
  if (m.suspiciousExtension !== undefined) setRisk(flow, RISK.TLS_SUSPICIOUS_EXTENSION, `Extn id ${m.suspiciousExtension}`);
  const v = m.version;
  if (v !== undefined && !isQuic && v < 0x0303 && VERSION_NAMES[v] !== undefined) {
    setRisk(flow, RISK.TLS_OBSOLETE_VERSION, VERSION_NAMES[v]);
  } else if (v === 0x0100 && (flow.l7Master === DTLS || flow.l7App === DTLS)) {
    // the pre-standard DTLS of OpenSSL before 0.9.8f (Cisco AnyConnect): nDPI has no name for it
    setRisk(flow, RISK.TLS_OBSOLETE_VERSION, 'TLS (0100)');
  }
  if (m.cipher !== undefined) {
    const weak = WEAK_CIPHERS.get(m.cipher);
    if (weak !== undefined) setRisk(flow, RISK.TLS_WEAK_CIPHER, `Cipher ${weak}`);
  }
  if (clientHello) {
    const dtls = flow.l7Master === DTLS || flow.l7App === DTLS;
    const modern = v !== undefined && (dtls || v >= 0x0302);
    if (!isQuic && modern && (!m.alpnOffered || m.alpnOffered.length === 0)) setRisk(flow, RISK.TLS_NOT_CARRYING_HTTPS, 'No ALPN');
    // a hello without SNI (nor an encrypted one) from a TLS 1.1+ or QUIC client; tls.c compares
    // the version as a number, so DTLS 1.0/1.2 (0xfeff, 0xfefd) count and 0x0100 does not;
    // WebRTC's DTLS (use_srtp offered) is exempt
    const sni = isQuic ? flow.meta.quic?.sni : m.sni;
    // domain fronting (tls.c): an encrypted name and a clear one in the same hello
    if (sni && m.esni === true) setRisk(flow, RISK.TLS_SUSPICIOUS_ESNI_USAGE, `ESNI with clear SNI ${sni}`);
    // ECH, or an ESNI whose encrypted name tls.c reads, stands in for the SNI
    const encrypted = m.encryptedSni === true && m.esni !== false;
    if (!sni && !encrypted && m.webrtc !== true && (isQuic || (v !== undefined && v >= 0x0302))) {
      setRisk(flow, RISK.TLS_MISSING_SNI, 'SNI should always be present');
      const alpn = isQuic ? flow.meta.quic?.alpn : m.alpnOffered;
      if (alpn && alpn.length > 0) setRisk(flow, RISK.TLS_ALPN_SNI_MISMATCH, alpn[0]);
    }
  }
  const uncommon = m.alpnOffered?.find((a) => !COMMON_ALPN.test(a));
  if (uncommon !== undefined) setRisk(flow, RISK.TLS_UNCOMMON_ALPN, uncommon);
  if (m.ja3c !== undefined && lists.ja3.has(m.ja3c)) setRisk(flow, RISK.MALICIOUS_FINGERPRINT, m.ja3c);
  if (m.sha1 !== undefined && lists.sha1.size > 0 && lists.sha1.has(m.sha1.toLowerCase().replace(/:/g, ''))) {
    setRisk(flow, RISK.MALICIOUS_SHA1_CERTIFICATE, m.sha1);
  }
  certRisks(flow, m);
}

/** "05/Dec/2021 22:34:00", as nDPI prints a validity bound (UTC). */
function certTime(sec: number): string {
  const d = new Date(sec * 1000);
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number) => (n < 10 ? '0' + n : '' + n);
  return `${p(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

function certRisks(flow: Flow, m: TlsMeta): void {
  const nb = m.notBefore;
  const na = m.notAfter;
  if (m.subject !== undefined && m.issuer !== undefined && m.subject === m.issuer) {
    setRisk(flow, RISK.TLS_SELFSIGNED_CERTIFICATE, m.subject);
  }
  if (nb !== undefined && na !== undefined) {
    const days = Math.trunc((na - nb) / DAY);
    if (days > MAX_VALIDITY_DAYS && nb >= VALIDITY_RULE_START) setRisk(flow, RISK.TLS_CERT_VALIDITY_TOO_LONG, `TLS Cert lasts ${days} days`);
    const now = flow.firstSec;
    // (the validity text only for a flow that gets one of the two risks)
    if (now < nb || now > na) setRisk(flow, RISK.TLS_CERTIFICATE_EXPIRED, `${certTime(nb)} - ${certTime(na)}`);
    else if (na - now <= EXPIRE_SOON_DAYS * DAY) setRisk(flow, RISK.TLS_CERTIFICATE_ABOUT_TO_EXPIRE, `${certTime(nb)} - ${certTime(na)}`);
  }
  if (m.sni && m.sans !== undefined && m.sans.length > 0) {
    if (!certNamesMatch(m.sni.toLowerCase(), m)) {
      setRisk(flow, RISK.TLS_CERTIFICATE_MISMATCH, `${m.sni} vs ${(m.sans ?? []).join(',')}`);
    }
  }
}

/** The certificate's names (SANs, else the subject CN) cover `host` (one wildcard label). */
export function certNamesMatch(host: string, m: TlsMeta): boolean {
  const names = m.sans && m.sans.length > 0 ? m.sans : cn(m.subject);
  for (const raw of names) {
    const n = raw.toLowerCase();
    if (n === host) return true;
    if (n.startsWith('*.')) {
      const rest = n.slice(1);
      if (host.endsWith(rest) && host.length > rest.length && !host.slice(0, host.length - rest.length).includes('.')) return true;
    }
  }
  return false;
}

function cn(subject: string | undefined): string[] {
  if (!subject) return [];
  const m = /(?:^|,\s*)CN=([^,]+)/.exec(subject);
  return m ? [m[1].trim()] : [];
}
