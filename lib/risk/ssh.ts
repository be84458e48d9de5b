/**
 * SSH Obsolete Cli/Ser Vers/Cipher, as nDPI's ssh.c raises them: a banner naming an old
 * release of a known implementation (OpenSSH < 7.0.0, Apache MINA SSHD < 2.5.1, FileZilla
 * < 3.40.0, paramiko < 2.4.0, dropbear < 2020), or a KEXINIT whose encryption list offers a
 * deprecated cipher (arcfour128, 3des-cbc, blowfish-cbc, cast128-cbc, arcfour).
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

/** Implementation name after "SSH-<proto>-", the oldest release nDPI accepts, and whether a patch number is read. */
const RELEASES: ReadonlyArray<readonly [string, number, number, number, boolean]> = [
  ['OpenSSH_', 7, 0, 0, true],
  ['APACHE-SSHD-', 2, 5, 1, true],
  ['FileZilla_', 3, 40, 0, true],
  ['paramiko_', 2, 4, 0, true],
  ['dropbear_', 2020, 0, 0, false],
];

/**
 * nDPI's list; it stops at the first listed name offered and reports it, except that its
 * first entry (arcfour256) is never reported: ssh.c keeps the index as the "found" flag.
 */
const OBSOLETE_CIPHERS = ['arcfour256', 'arcfour128', '3des-cbc', 'blowfish-cbc', 'cast128-cbc', 'arcfour'];

/** True when the banner names an obsolete release ("SSH-2.0-OpenSSH_5.3" …). */
export function obsoleteSshVersion(banner: string): boolean {
  // "SSH-" then a number (the protocol version, "2.0", "1.99"), "-", the software
  const m = /^SSH-[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?-(.*)$/s.exec(banner);
  if (!m) return false;
  const soft = m[1]!;
  for (const [name, maj, min, patch, withPatch] of RELEASES) {
    if (!soft.startsWith(name)) continue;
    // at least major.minor must read (sscanf's %d: optional sign, digits)
    const v = (withPatch ? /^\s*([+-]?\d+)\.\s*([+-]?\d+)(?:\.\s*([+-]?\d+))?/ : /^\s*([+-]?\d+)\.\s*([+-]?\d+)/).exec(soft.slice(name.length));
    if (!v) continue;
    const a = Number(v[1]);
    const b = Number(v[2]);
    const c = v[3] !== undefined ? Number(v[3]) : 0;
    return a < maj || (a === maj && (b < min || (b === min && c < patch)));
  }
  return false;
}

/** The obsolete cipher nDPI reports for this encryption list, or undefined. */
export function obsoleteSshCipher(list: string): string | undefined {
  for (const c of list.split(',')) {
    const i = OBSOLETE_CIPHERS.indexOf(c);
    if (i > 0) return OBSOLETE_CIPHERS[i];
  }
  return undefined;
}

export function sshRisks(flow: Flow): void {
  const m = flow.meta.ssh;
  if (m === undefined) return;
  const sides = [
    [m.clientBanner, m.ciphersClient, RISK.SSH_OBSOLETE_CLIENT_VERSION_OR_CIPHER],
    [m.serverBanner, m.ciphersServer, RISK.SSH_OBSOLETE_SERVER_VERSION_OR_CIPHER],
  ] as const;
  for (const [banner, ciphers, id] of sides) {
    const cipher = ciphers !== undefined ? obsoleteSshCipher(ciphers) : undefined;
    if (cipher !== undefined) setRisk(flow, id, `Found cipher ${cipher}`);
    else if (banner !== undefined && obsoleteSshVersion(banner)) setRisk(flow, id, `Obsolete version ${banner}`);
  }
}
