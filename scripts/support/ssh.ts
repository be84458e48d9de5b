/** SSH transport (RFC 4253): identification banners and the cleartext KEXINIT packet. */
import { ascii, ByteWriter, Prng } from './bytes.js';

export function sshBanner(software = 'OpenSSH_9.6', comments?: string): Uint8Array {
  return ascii(`SSH-2.0-${software}${comments ? ' ' + comments : ''}\r\n`);
}

export interface KexInitOpts {
  kex?: string[];
  hostKey?: string[];
  ciphers?: string[];
  macs?: string[];
  compression?: string[];
  /** Seeds the cookie and the padding. */
  seed?: number;
}

const DEFAULT_KEX = ['sntrup761x25519-sha512@openssh.com', 'curve25519-sha256', 'curve25519-sha256@libssh.org', 'ecdh-sha2-nistp256', 'ecdh-sha2-nistp384', 'diffie-hellman-group16-sha512', 'ext-info-c'];
const DEFAULT_HOSTKEY = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'rsa-sha2-512', 'rsa-sha2-256'];
const DEFAULT_CIPHERS = ['chacha20-poly1305@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'aes128-gcm@openssh.com', 'aes256-gcm@openssh.com'];
const DEFAULT_MACS = ['umac-64-etm@openssh.com', 'umac-128-etm@openssh.com', 'hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com'];
const DEFAULT_COMPRESSION = ['none', 'zlib@openssh.com'];

/** A binary packet (uint32 length, padding length, payload, padding to a multiple of 8) with SSH_MSG_KEXINIT. */
export function sshKexInit(o: KexInitOpts = {}): Uint8Array {
  const rnd = new Prng(o.seed ?? 22);
  const list = (w: ByteWriter, names: string[]) => {
    const s = ascii(names.join(','));
    w.u32(s.length).bytes(s);
  };
  const p = new ByteWriter().u8(20).bytes(rnd.bytes(16));
  list(p, o.kex ?? DEFAULT_KEX);
  list(p, o.hostKey ?? DEFAULT_HOSTKEY);
  for (let i = 0; i < 2; i++) list(p, o.ciphers ?? DEFAULT_CIPHERS);
  for (let i = 0; i < 2; i++) list(p, o.macs ?? DEFAULT_MACS);
  for (let i = 0; i < 2; i++) list(p, o.compression ?? DEFAULT_COMPRESSION);
  list(p, []);
  list(p, []);
  p.u8(0).u32(0); // first_kex_packet_follows, reserved
  const payload = p.finish();
  let pad = 8 - ((4 + 1 + payload.length) % 8);
  if (pad < 4) pad += 8;
  return new ByteWriter().u32(1 + payload.length + pad).u8(pad).bytes(payload).bytes(new Uint8Array(pad)).finish();
}
