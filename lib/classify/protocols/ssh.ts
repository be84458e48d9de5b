/**
 * SSH (RFC 4253): each side sends a version line ("SSH-2.0-…") then, in clear, a KEXINIT
 * message. HASSH (https://github.com/salesforce/hassh): md5 of
 * "kex;ciphers;macs;compression" — the client→server lists for the client hash, the
 * server→client lists for the server hash.
 * The banner makes it SSH (YesMore); both KEXINITs make it final (Yes). As in nDPI's ssh.c,
 * the first payload packet must be a version line ("SSH-", more than 7 bytes); the other
 * side's version line may follow lines of its own (RFC 4253 §4.2).
 */
import { CLI2SRV, type SshMeta } from '../../flow/flow.js';
import { ascii, indexOfEol, isPrintable, startsWith, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { hexOfText } from '../digest.js';
import { setProto } from './dissect-kit.js';

const SSH = protocolId('SSH');

/** Lines other than the version a server may send first (RFC 4253 §4.2), at most this many bytes. */
const MAX_PRELUDE = 1024;
/** Longest banner kept (RFC 4253: 255 bytes with CRLF). */
const MAX_BANNER = 255;
/** Largest packet_length accepted for the KEXINIT (RFC 4253: 35000). */
const MAX_PACKET = 35000;
const MSG_KEXINIT = 20;

/** Where the version line starts in b[off..end), or -1. Other lines may come first. */
function findVersionLine(b: Uint8Array, off: number, end: number): number {
  let p = off;
  const limit = Math.min(end, off + MAX_PRELUDE);
  while (p < limit) {
    if (startsWith(b, p, end, 'SSH-')) return p;
    const eol = indexOfEol(b, p, limit);
    if (eol < 0) return -1;
    p = b[eol] === 13 ? eol + 2 : eol + 1;
  }
  return -1;
}

/** The KEXINIT name-lists: [kex, hostkey, enc c2s, enc s2c, mac c2s, mac s2c, comp c2s, comp s2c]. */
export function readKexinit(b: Uint8Array, p: number, end: number): string[] | undefined {
  // packet: uint32 packet_length, byte padding_length, payload (msg 20, 16-byte cookie, lists)
  if (end - p < 6) return undefined;
  const plen = u32(b, p);
  if (plen < 2 || plen > MAX_PACKET) return undefined;
  const pktEnd = p + 4 + plen;
  if (pktEnd > end) return undefined;
  if (b[p + 5] !== MSG_KEXINIT) return undefined;
  let q = p + 6 + 16;
  const lists: string[] = [];
  for (let i = 0; i < 8; i++) {
    if (q + 4 > pktEnd) return undefined;
    const n = u32(b, q);
    q += 4;
    if (n > pktEnd - q) return undefined;
    lists.push(ascii(b, q, q + n));
    q += n;
  }
  return lists;
}

/** HASSH of one side's lists (client: the c2s lists; server: the s2c lists). */
export function hassh(lists: string[], client: boolean): string {
  const o = client ? 0 : 1;
  const s = `${lists[0]};${lists[2 + o]};${lists[4 + o]};${lists[6 + o]}`;
  return hexOfText('md5', s);
}

export const ssh: Dissector = {
  name: 'SSH',
  transports: [6],
  ports: [22],
  pre: { tcp: { minLen: 8, bytes: [0x53] } }, // "SSH-", more than 7 bytes
  dissect(inp: DissectInput): Verdict {
    const { data, off } = inp;
    const end = off + inp.len;
    const flow = inp.flow;
    const meta = flow.meta.ssh;
    // nDPI (ssh.c): the flow's first payload packet must open with "SSH-" and hold more
    // than 7 bytes, else SSH is excluded
    if (meta === undefined && (inp.len <= 7 || !startsWith(data, off, end, 'SSH-'))) return Verdict.No;
    const v = findVersionLine(data, off, end);
    if (v < 0) {
      if (meta !== undefined) return Verdict.YesMore; // the other side is still silent or odd
      // a prelude line may still be arriving
      return inp.len < MAX_PRELUDE && indexOfEol(data, off, end) < 0 && isPrintable(data, off, Math.min(end, off + 64))
        ? Verdict.More
        : Verdict.No;
    }
    const eol = indexOfEol(data, v, end);
    if (eol < 0) return meta !== undefined ? Verdict.YesMore : Verdict.More;
    const m: SshMeta = (flow.meta.ssh ??= {});
    const client = inp.dir === CLI2SRV;
    const banner = ascii(data, v, Math.min(eol, v + MAX_BANNER));
    if (client) m.clientBanner = banner;
    else m.serverBanner = banner;
    setProto(flow, 0, SSH);
    const kexAt = data[eol] === 13 ? eol + 2 : eol + 1;
    if (client ? m.hasshClient === undefined : m.hasshServer === undefined) {
      const lists = readKexinit(data, kexAt, end);
      if (lists !== undefined) {
        if (client) {
          m.hasshClient = hassh(lists, true);
          m.ciphersClient = lists[2];
        } else {
          m.hasshServer = hassh(lists, false);
          m.ciphersServer = lists[3];
        }
      }
    }
    return m.hasshClient !== undefined && m.hasshServer !== undefined ? Verdict.Yes : Verdict.YesMore;
  },
};
