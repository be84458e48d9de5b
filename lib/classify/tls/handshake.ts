/**
 * Handshake messages → flow metadata, shared by TLS (TCP), DTLS and QUIC: the ClientHello
 * gives SNI, ALPN, versions, JA3C/JA4 and the service; the ServerHello the negotiated
 * version, cipher, ALPN and JA3S; the first certificate of a cleartext Certificate message
 * (TLS ≤ 1.2, DTLS) subject, issuer, SANs, validity and SHA-1.
 */
import type { Flow, TlsMeta } from '../../flow/flow.js';
import { matchHost } from '../hosts.js';
import { applyHostService } from '../service.js';
import { ja3c, ja3s, ja4 } from './fingerprint.js';
import { parseClientHello, parseServerHello, type ClientHello } from './hello.js';
import { parseCertificate, type CertMemo } from './x509.js';
import type { DigestMemo } from '../digest.js';
import { matchCertSubject } from './cert-match.js';
import { u24 } from '../bytes.js';
import { suspiciousExtension } from '../../risk/tls-extensions.js';
import { dgaName } from '../../risk/dga.js';

export const HS_CLIENT_HELLO = 1;
export const HS_SERVER_HELLO = 2;
export const HS_CERTIFICATE = 11;
export const HS_SERVER_HELLO_DONE = 14;

/** Largest handshake message we reassemble (a long certificate chain fits). */
export const MAX_HANDSHAKE = 64 * 1024;

/** nDPI ids used here. */
export const ID_TLS = 91;
export const ID_DTLS = 30;
export const ID_QUIC = 188;
export const ID_SMTPS = 29;
export const ID_IMAPS = 51;
export const ID_POPS = 23;

function tlsMeta(flow: Flow): TlsMeta {
  return (flow.meta.tls ??= {});
}

const ID_ANYDESK = 252;
const ID_TOR = 163;

/** True when some character before the first '.' of s (from index `from`) is a digit. */
function digitInFirstLabel(s: string, from: number): boolean {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) return false;
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * What nDPI decides from a ClientHello beyond the SNI match (tls.c
 * processClientServerHello), applied after `applyHostServiceKeeping(flow, proto)` (service.ts):
 * - without a service yet, an advertised ALPN list starting with "anydesk/" makes
 *   `proto.AnyDesk` (tls_subclassify_by_alpn);
 * - an empty encrypt_then_mac extension with no ALPN before it, and an SNI
 *   "www.<label with a digit>….com|.net" longer than 8 characters, makes `proto.Tor`
 *   whatever was found before (Tor's own hellos look like that);
 * - an SNI "www.….com|.net" that nDPI's DGA test calls generated (lib/risk/dga.ts) makes
 *   `proto.Tor` too (tls.c, after the SNI match).
 */
export function subclassifyHello(flow: Flow, ch: ClientHello, proto: number): void {
  if (flow.l7Master === 0 && ch.alpn.length > 0) {
    const first = ch.alpn[0];
    // nDPI compares the joined list: "anydesk/" must be followed by something
    if (first.startsWith('anydesk/') && (first.length > 8 || ch.alpn.length > 1)) {
      flow.l7Master = proto;
      flow.l7App = ID_ANYDESK;
    }
  }
  const sni = ch.sni;
  if (
    ch.emptyEtmWithoutAlpn &&
    sni.length > 8 &&
    sni.startsWith('www.') &&
    (sni.endsWith('.com') || sni.endsWith('.net')) &&
    digitInFirstLabel(sni, 4)
  ) {
    flow.l7Master = proto;
    flow.l7App = ID_TOR;
  }
  // tls.c: an SNI "www.….com|.net" that fails nDPI's DGA test (ndpi_check_dga_name) is Tor
  if (sni.startsWith('www.') && (sni.endsWith('.com') || sni.endsWith('.net')) && dgaName(sni) !== undefined) {
    flow.l7Master = proto;
    flow.l7App = ID_TOR;
  }
}

/** Fills meta.tls (and flow.host) from a parsed ClientHello. */
/** `digests`: the run's memo of fingerprint digests (DissectContext.digests), if any. */
export function applyClientHello(flow: Flow, ch: ClientHello, kind: 't' | 'q' | 'd', digests?: DigestMemo): void {
  const m = tlsMeta(flow);
  m.version ??= ch.version;
  if (ch.sni) {
    m.sni = ch.sni;
    flow.host = ch.sni;
  }
  if (ch.alpn.length) m.alpnOffered = ch.alpn;
  if (ch.extensions.includes(0xffce) || ch.extensions.includes(0xfe0d)) m.encryptedSni = true;
  if (ch.supportedVersions.length) m.supportedVersions = ch.supportedVersions.filter((v) => (v & 0x0f0f) !== 0x0a0a || v >> 8 !== (v & 0xff));
  m.ja3c = ja3c(ch, digests);
  m.ja4 = ja4(ch, kind, digests);
  noteSuspiciousExtension(m, ch.extensions, kind === 'd');
  if (kind === 'd' && ch.extensions.includes(14)) m.webrtc = true;
  if (ch.longPadding) m.longPadding = true;
  if (ch.extensions.includes(0xffce)) m.esni = ch.esni;
}

/** Records the first extension id nDPI's tls.c calls suspicious (TLS Susp Extn). */
function noteSuspiciousExtension(m: TlsMeta, ids: readonly number[], dtls: boolean): void {
  if (m.suspiciousExtension !== undefined) return;
  const id = suspiciousExtension(ids, dtls);
  if (id >= 0) m.suspiciousExtension = id;
}

/** Parses and applies a ClientHello body; returns it, or null if malformed. */
export function handleClientHello(flow: Flow, b: Uint8Array, off: number, len: number, kind: 't' | 'q' | 'd', digests?: DigestMemo): ClientHello | null {
  const ch = parseClientHello(b, off, len, kind === 'd');
  if (ch) applyClientHello(flow, ch, kind, digests);
  return ch;
}

/** Parses and applies a ServerHello body; returns the negotiated version (0 if malformed). */
export function handleServerHello(flow: Flow, b: Uint8Array, off: number, len: number, dtls: boolean, digests?: DigestMemo): number {
  const sh = parseServerHello(b, off, len, dtls);
  if (!sh) return 0;
  const m = tlsMeta(flow);
  m.version = sh.selectedVersion || sh.version;
  m.cipher = sh.cipher;
  if (sh.alpn) m.alpn = sh.alpn;
  m.ja3s = ja3s(sh, digests);
  noteSuspiciousExtension(m, sh.extensions, dtls);
  return m.version;
}

/** Applies the first certificate of a Certificate message body; true when one was read. */
export function handleCertificate(flow: Flow, b: Uint8Array, off: number, len: number, certs?: CertMemo): boolean {
  const end = Math.min(b.length, off + len);
  if (off + 6 > end) return false;
  const listEnd = Math.min(end, off + 3 + u24(b, off));
  const certLen = u24(b, off + 3);
  const s = off + 6;
  if (s + certLen > listEnd) return false;
  const c = parseCertificate(b, s, certLen, certs);
  if (!c) return false;
  const m = tlsMeta(flow);
  if (c.subject) m.subject = c.subject;
  if (c.issuer) m.issuer = c.issuer;
  if (c.sans.length) m.sans = c.sans;
  if (Number.isFinite(c.notBefore)) m.notBefore = c.notBefore;
  if (Number.isFinite(c.notAfter)) m.notAfter = c.notAfter;
  m.sha1 = c.sha1;
  return true;
}

/**
 * When no service is known yet, the certificate's subjectAltNames are matched against the
 * host patterns in order, as nDPI does (tls.c processCertificateElements): a hello without
 * SNI to *.facebook.com still makes TLS.Facebook. Failing that, the subject DN is matched
 * against nDPI's certificate-subject table (`O=philandro Software GmbH` → TLS.AnyDesk).
 * The subject CN alone is not a host name for nDPI.
 */
export function serviceFromCertificate(flow: Flow): void {
  if (flow.l7Master !== 0 && flow.l7App !== 0) return; // a service is already there
  const proto = flow.l7App !== 0 ? flow.l7App : flow.l7Master;
  const m = flow.meta.tls;
  if (!m || proto === 0) return;
  for (const n of m.sans ?? []) {
    const svc = matchHost(n.startsWith('*.') ? n.slice(2) : n);
    if (svc !== 0 && svc !== proto) {
      flow.l7Master = proto;
      flow.l7App = svc;
      return;
    }
  }
  const svc = m.subject ? matchCertSubject(m.subject) : 0;
  if (svc !== 0 && svc !== proto) {
    flow.l7Master = proto;
    flow.l7App = svc;
  }
}
