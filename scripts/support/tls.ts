/**
 * TLS handshake messages (RFC 8446 / RFC 5246): a browser-like ClientHello with SNI, ALPN,
 * supported_versions, supported_groups, signature_algorithms and ec_point_formats (enough for
 * JA3/JA4), and a ServerHello, framed as records or bare (QUIC carries bare handshake messages).
 */
import { ascii, ByteWriter, concat, Prng } from './bytes.js';

export const TLS_GREASE = 0x0a0a;

export interface ClientHelloOpts {
  /** Server Name Indication; omitted when undefined. */
  sni?: string;
  /** ALPN protocol names; the extension is omitted when empty or undefined. */
  alpn?: string[];
  /** Offer TLS 1.3 (supported_versions, key_share, psk modes). Default true. */
  tls13?: boolean;
  /** Offer only TLS 1.3 (QUIC). */
  tls13Only?: boolean;
  /** Put GREASE values (RFC 8701) in ciphers, groups and extensions, as Chrome does. */
  grease?: boolean;
  cipherSuites?: number[];
  /** quic_transport_parameters (0x39) contents, for QUIC. */
  quicTransportParams?: Uint8Array;
  /** Seeds random, session id and key share. */
  seed?: number;
}

const CIPHERS_13 = [0x1301, 0x1303, 0x1302];
const CIPHERS_12 = [0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035];
const GROUPS = [0x001d, 0x0017, 0x0018, 0x0019];
const SIG_ALGS = [0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201];

function ext(w: ByteWriter, type: number, fill: (x: ByteWriter) => void): void {
  w.u16(type).block(2, fill);
}

/** The ClientHello handshake message (type 1, 24-bit length, body). */
export function clientHelloMessage(o: ClientHelloOpts = {}): Uint8Array {
  const rnd = new Prng(o.seed ?? 1);
  const tls13 = o.tls13 ?? true;
  const grease = o.grease ?? false;
  const ciphers = o.cipherSuites ?? (o.tls13Only ? CIPHERS_13 : tls13 ? [...CIPHERS_13, ...CIPHERS_12] : CIPHERS_12);
  const body = new ByteWriter().u16(0x0303).bytes(rnd.bytes(32));
  // A legacy session id of 32 bytes (middlebox compatibility mode), none for QUIC.
  if (o.tls13Only) body.u8(0);
  else body.block(1, (x) => x.bytes(rnd.bytes(32)));
  body.block(2, (x) => {
    if (grease) x.u16(TLS_GREASE);
    for (const c of ciphers) x.u16(c);
  });
  body.u8(1).u8(0); // compression: null only
  body.block(2, (e) => {
    if (grease) ext(e, TLS_GREASE, () => {});
    if (o.sni !== undefined) {
      const name = ascii(o.sni);
      ext(e, 0, (x) => x.block(2, (l) => l.u8(0).u16(name.length).bytes(name)));
    }
    ext(e, 23, () => {}); // extended_master_secret
    ext(e, 0xff01, (x) => x.u8(0)); // renegotiation_info
    ext(e, 10, (x) => x.block(2, (l) => {
      if (grease) l.u16(TLS_GREASE);
      for (const g of GROUPS) l.u16(g);
    }));
    ext(e, 11, (x) => x.block(1, (l) => l.u8(0))); // ec_point_formats: uncompressed
    ext(e, 35, () => {}); // session_ticket
    if (o.alpn && o.alpn.length) {
      const alpn = o.alpn;
      ext(e, 16, (x) => x.block(2, (l) => {
        for (const p of alpn) l.block(1, (s) => s.ascii(p));
      }));
    }
    ext(e, 5, (x) => x.u8(1).u16(0).u16(0)); // status_request: OCSP
    ext(e, 13, (x) => x.block(2, (l) => {
      for (const s of SIG_ALGS) l.u16(s);
    }));
    if (tls13) {
      const share = rnd.bytes(32);
      ext(e, 51, (x) => x.block(2, (l) => l.u16(0x001d).block(2, (k) => k.bytes(share))));
      ext(e, 45, (x) => x.block(1, (l) => l.u8(1))); // psk_dhe_ke
      ext(e, 43, (x) => x.block(1, (l) => {
        if (grease) l.u16(TLS_GREASE);
        l.u16(0x0304);
        if (!o.tls13Only) l.u16(0x0303);
      }));
    }
    if (o.quicTransportParams) {
      const tp = o.quicTransportParams;
      ext(e, 0x39, (x) => x.bytes(tp));
    }
    if (grease) ext(e, TLS_GREASE + 0x1010, (x) => x.u8(0));
  });
  const b = body.finish();
  return new ByteWriter().u8(1).u24(b.length).bytes(b).finish();
}

export interface ServerHelloOpts {
  /** Default true: TLS 1.3 (supported_versions + key_share). */
  tls13?: boolean;
  cipherSuite?: number;
  /** The selected ALPN protocol (TLS 1.2 only: in 1.3 it travels encrypted). */
  alpn?: string;
  /** Echoes the client's legacy session id of 32 bytes. Default true. */
  sessionId?: boolean;
  seed?: number;
}

/** The ServerHello handshake message. */
export function serverHelloMessage(o: ServerHelloOpts = {}): Uint8Array {
  const rnd = new Prng(o.seed ?? 2);
  const tls13 = o.tls13 ?? true;
  const body = new ByteWriter().u16(0x0303).bytes(rnd.bytes(32));
  if (o.sessionId ?? true) body.block(1, (x) => x.bytes(rnd.bytes(32)));
  else body.u8(0);
  body.u16(o.cipherSuite ?? (tls13 ? 0x1301 : 0xc02f)).u8(0);
  body.block(2, (e) => {
    if (tls13) {
      ext(e, 43, (x) => x.u16(0x0304));
      const share = rnd.bytes(32);
      ext(e, 51, (x) => x.u16(0x001d).block(2, (k) => k.bytes(share)));
    } else {
      ext(e, 0xff01, (x) => x.u8(0));
      ext(e, 11, (x) => x.block(1, (l) => l.u8(0)));
      ext(e, 23, () => {});
      if (o.alpn) {
        const alpn = o.alpn;
        ext(e, 16, (x) => x.block(2, (l) => l.block(1, (s) => s.ascii(alpn))));
      }
    }
  });
  const b = body.finish();
  return new ByteWriter().u8(2).u24(b.length).bytes(b).finish();
}

/** One TLS record. The ClientHello's record says 0x0301, as browsers send it. */
export function tlsRecord(contentType: number, body: Uint8Array, version = 0x0303): Uint8Array {
  return new ByteWriter().u8(contentType).u16(version).u16(body.length).bytes(body).finish();
}

export function tlsClientHello(o: ClientHelloOpts = {}): Uint8Array {
  return tlsRecord(22, clientHelloMessage(o), 0x0301);
}

/**
 * What a server sends after a ClientHello. TLS 1.3: ServerHello, ChangeCipherSpec and an
 * opaque application-data record (the encrypted extensions/certificate flight).
 * TLS 1.2: ServerHello and ServerHelloDone (no certificate).
 */
export function tlsServerFlight(o: ServerHelloOpts = {}, encryptedBytes = 2400): Uint8Array {
  const sh = tlsRecord(22, serverHelloMessage(o));
  if (o.tls13 ?? true) {
    const rnd = new Prng((o.seed ?? 2) + 100);
    return concat([sh, tlsRecord(20, Uint8Array.of(1)), tlsRecord(23, rnd.bytes(encryptedBytes))]);
  }
  return concat([sh, tlsRecord(22, Uint8Array.of(14, 0, 0, 0))]);
}

/** Opaque application data records (pseudo-random) totalling about `n` payload bytes. */
export function tlsAppData(n: number, seed: number, maxRecord = 16384): Uint8Array {
  const rnd = new Prng(seed);
  const parts: Uint8Array[] = [];
  for (let left = n; left > 0; left -= maxRecord) parts.push(tlsRecord(23, rnd.bytes(Math.min(left, maxRecord))));
  return concat(parts);
}
