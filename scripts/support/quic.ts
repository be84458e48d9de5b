/**
 * QUIC v1 Initial packets (RFC 9000 §17.2.2), protected as RFC 9001 §5 says: keys from the
 * client's Destination Connection ID, AES-128-GCM payload protection, AES-128-ECB header protection.
 */
import { createCipheriv, createHmac } from 'node:crypto';
import { ByteWriter } from './bytes.js';
import { clientHelloMessage, serverHelloMessage } from './tls.js';

export const QUIC_V1 = 0x00000001;
export const QUIC_V1_SALT = Buffer.from('38762cf7f55934b34d179ae6a4c80cadccbb7f0a', 'hex');

export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Buffer {
  return createHmac('sha256', salt).update(ikm).digest();
}

/** HKDF-Expand-Label (RFC 8446 §7.1) over SHA-256. */
export function hkdfExpandLabel(secret: Uint8Array, label: string, context: Uint8Array, length: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'latin1');
  const info = new ByteWriter().u16(length).u8(full.length).bytes(full).u8(context.length).bytes(context).finish();
  const out: Buffer[] = [];
  let prev: Buffer = Buffer.alloc(0);
  for (let i = 1, got = 0; got < length; i++) {
    prev = createHmac('sha256', secret).update(prev).update(info).update(Uint8Array.of(i)).digest();
    out.push(prev);
    got += prev.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

export interface InitialKeys {
  secret: Buffer;
  key: Buffer;
  iv: Buffer;
  hp: Buffer;
}

export function initialKeys(dcid: Uint8Array, side: 'client' | 'server'): InitialKeys {
  const initial = hkdfExtract(QUIC_V1_SALT, dcid);
  const secret = hkdfExpandLabel(initial, side === 'client' ? 'client in' : 'server in', new Uint8Array(0), 32);
  return {
    secret,
    key: hkdfExpandLabel(secret, 'quic key', new Uint8Array(0), 16),
    iv: hkdfExpandLabel(secret, 'quic iv', new Uint8Array(0), 12),
    hp: hkdfExpandLabel(secret, 'quic hp', new Uint8Array(0), 16),
  };
}

export function varint(w: ByteWriter, v: number): ByteWriter {
  if (v < 0x40) return w.u8(v);
  if (v < 0x4000) return w.u16(0x4000 | v);
  if (v < 0x40000000) return w.u32((0x80000000 | v) >>> 0);
  throw new Error(`varint ${v} too large for this builder`);
}

/** Header-protection mask: AES-128-ECB of the 16-byte sample. */
export function hpMask(hp: Uint8Array, sample: Uint8Array): Buffer {
  const c = createCipheriv('aes-128-ecb', hp, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(sample), c.final()]);
}

/**
 * Protects a long-header packet: `header` is the unprotected header ending with the packet
 * number (`pnLen` bytes of `pn`); `payload` the plaintext frames. Returns header + ciphertext + tag
 * with header protection applied.
 */
export function protectLong(header: Uint8Array, pnLen: number, pn: number, payload: Uint8Array, keys: InitialKeys): Uint8Array {
  const nonce = Buffer.from(keys.iv);
  for (let i = 0; i < 8; i++) nonce[11 - i] ^= Math.floor(pn / 2 ** (8 * i)) & 0xff;
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
  gcm.setAAD(header);
  const ct = Buffer.concat([gcm.update(payload), gcm.final(), gcm.getAuthTag()]);
  const out = new Uint8Array(header.length + ct.length);
  out.set(header);
  out.set(ct, header.length);
  const pnOffset = header.length - pnLen;
  const mask = hpMask(keys.hp, out.subarray(pnOffset + 4, pnOffset + 20));
  out[0] ^= mask[0] & 0x0f;
  for (let i = 0; i < pnLen; i++) out[pnOffset + i] ^= mask[1 + i];
  return out;
}

export function cryptoFrame(offset: number, data: Uint8Array): Uint8Array {
  const w = new ByteWriter().u8(0x06);
  varint(w, offset);
  varint(w, data.length);
  return w.bytes(data).finish();
}

export interface InitialOpts {
  dcid: Uint8Array;
  scid: Uint8Array;
  /** The keys come from the client's original DCID (for the server: the DCID it received). */
  keyDcid?: Uint8Array;
  side: 'client' | 'server';
  pn?: number;
  /** Packet number length in bytes (1..4). Default 4 for the client, 2 for the server. */
  pnLen?: number;
  token?: Uint8Array;
  frames: Uint8Array;
  /** Pad with PADDING frames so the whole packet has this many bytes (a client: 1200). */
  padTo?: number;
}

export function quicInitial(o: InitialOpts): Uint8Array {
  const pnLen = o.pnLen ?? (o.side === 'client' ? 4 : 2);
  const pn = o.pn ?? 0;
  const token = o.token ?? new Uint8Array(0);
  const head = (payloadLen: number) => {
    const w = new ByteWriter().u8(0xc0 | (pnLen - 1)).u32(QUIC_V1);
    w.u8(o.dcid.length).bytes(o.dcid).u8(o.scid.length).bytes(o.scid);
    varint(w, token.length).bytes(token);
    w.u16(0x4000 | (pnLen + payloadLen + 16)); // Length, always the 2-byte form
    for (let i = pnLen - 1; i >= 0; i--) w.u8(Math.floor(pn / 2 ** (8 * i)) & 0xff);
    return w.finish();
  };
  let payload = o.frames;
  const bare = head(payload.length).length + payload.length + 16;
  if (o.padTo && bare < o.padTo) {
    payload = new Uint8Array(payload.length + o.padTo - bare);
    payload.set(o.frames);
  }
  // The 16-byte sample starts 4 bytes after the packet number's start (RFC 9001 §5.4.2).
  if (pnLen + payload.length < 4) throw new Error('QUIC payload too short to sample');
  return protectLong(head(payload.length), pnLen, pn, payload, initialKeys(o.keyDcid ?? o.dcid, o.side));
}

/** quic_transport_parameters as a browser sends them. */
export function quicTransportParams(scid: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  const param = (id: number, value: Uint8Array) => {
    varint(w, id);
    varint(w, value.length);
    w.bytes(value);
  };
  const vi = (v: number) => varint(new ByteWriter(), v).finish();
  param(0x01, vi(30000)); // max_idle_timeout
  param(0x03, vi(1472)); // max_udp_payload_size
  param(0x04, vi(15728640)); // initial_max_data
  param(0x05, vi(6291456)); // initial_max_stream_data_bidi_local
  param(0x06, vi(6291456)); // initial_max_stream_data_bidi_remote
  param(0x07, vi(6291456)); // initial_max_stream_data_uni
  param(0x08, vi(100)); // initial_max_streams_bidi
  param(0x09, vi(103)); // initial_max_streams_uni
  param(0x0f, scid); // initial_source_connection_id
  return w.finish();
}

export interface ClientInitialOpts {
  dcid: Uint8Array;
  scid: Uint8Array;
  sni: string;
  alpn?: string[];
  seed?: number;
}

/** A client's first Initial: a CRYPTO frame with a TLS 1.3 ClientHello, padded to 1200 bytes. */
export function quicClientInitial(o: ClientInitialOpts): Uint8Array {
  const hello = clientHelloMessage({
    sni: o.sni,
    alpn: o.alpn ?? ['h3'],
    tls13Only: true,
    seed: o.seed ?? 3,
    quicTransportParams: quicTransportParams(o.scid),
  });
  return quicInitial({ dcid: o.dcid, scid: o.scid, side: 'client', pn: 0, frames: cryptoFrame(0, hello), padTo: 1200 });
}

/** The server's Initial answer: ACK of packet 0 and a CRYPTO frame with the ServerHello. */
export function quicServerInitial(o: { clientDcid: Uint8Array; clientScid: Uint8Array; serverScid: Uint8Array; seed?: number }): Uint8Array {
  const ack = Uint8Array.of(0x02, 0x00, 0x00, 0x00, 0x00); // largest 0, delay 0, 0 ranges, first range 0
  const sh = serverHelloMessage({ tls13: true, sessionId: false, seed: o.seed ?? 4 });
  const frames = new ByteWriter().bytes(ack).bytes(cryptoFrame(0, sh)).finish();
  return quicInitial({ dcid: o.clientScid, scid: o.serverScid, keyDcid: o.clientDcid, side: 'server', pn: 0, pnLen: 2, frames, padTo: 1200 });
}
