import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { startsWithLower } from '../bytes.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, digits, setProto, spaceAt, text } from './dissect-kit.js';
import { expectFtpData } from './ftp-data.js';
import type { TextLineState } from './text-lines.js';
import { notYet, readLines, saveCredentials, switchToTls, textLineState, tlsAccepted, tlsAsked } from './text-lines.js';

/**
 * FTP control (RFC 959 and extensions) over TCP: a known client command in one direction
 * and a reply ("NNN " or "NNN-", 1xx–5xx) in the other make it FTP_CONTROL (as nDPI).
 * Then it keeps reading (YesMore, to the classifier's packet limit) for
 * - USER/PASS → ftp.user, ftp.password;
 * - "AUTH TLS|SSL" answered by 234 → FTPS, the TLS handshake then going to the TLS
 *   dissector (starttls.ts);
 * - the data connection announcements — 227 (PASV), 229 (EPSV), PORT, EPRT — which are
 *   handed to ftp-data.ts so that the data flow, when it opens, is FTP_DATA.
 */
const FTP_CONTROL = protocolId('FTP_CONTROL');
const FTPS = protocolId('FTPS');

const COMMANDS: ReadonlySet<string> = new Set([
  'ABOR', 'ACCT', 'ADAT', 'ALLO', 'APPE', 'AUTH', 'AVBL', 'CCC', 'CDUP', 'CLNT', 'CONF', 'CSID', 'CWD', 'DELE',
  'DSIZ', 'ENC', 'EPRT', 'EPSV', 'FEAT', 'HELP', 'HOST', 'LANG', 'LIST', 'LPRT', 'LPSV', 'MDTM', 'MFCT', 'MFF',
  'MFMT', 'MIC', 'MKD', 'MLSD', 'MLST', 'MODE', 'NLST', 'NOOP', 'OPTS', 'PASS', 'PASV', 'PBSZ', 'PORT', 'PROT',
  'PWD', 'QUIT', 'REIN', 'REST', 'RETR', 'RMD', 'RNFR', 'RNTO', 'SITE', 'SIZE', 'SMNT', 'SPSV', 'STAT', 'STOR',
  'STOU', 'STRU', 'SYST', 'THMB', 'TYPE', 'USER', 'XCUP', 'XCWD', 'XMKD', 'XPWD', 'XRCP', 'XRMD', 'XRSQ', 'XSEM',
  'XSEN',
]);
/** Commands that belong to SMTP, not FTP: a flow sending them is not FTP. */
const SMTP_ONLY = ['helo ', 'ehlo ', 'mail from', 'rcpt to'];
const MAX_PACKETS = 16;

interface FtpState extends TextLineState {
  command: boolean;
  reply: boolean;
  notFtp: boolean;
}

const states = new FlowState<FtpState>(() =>
  Object.assign(textLineState(), { command: false, reply: false, notFtp: false }),
);

/** "h1,h2,h3,h4,p1,p2" at b[i..e) → expects h1.h2.h3.h4:(p1*256+p2). */
function expectHostPort(st: FtpState, b: Uint8Array, i: number, e: number): void {
  const n: number[] = [];
  let v = -1;
  for (; i < e && n.length < 6; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) v = (v < 0 ? 0 : v * 10) + (c - 48);
    else if (v >= 0) {
      n.push(v);
      v = -1;
      if (c !== 0x2c) break;
    } else if (n.length > 0) break;
  }
  if (v >= 0 && n.length < 6) n.push(v);
  if (n.length !== 6 || n.some((x) => x > 255)) return;
  expectFtpData(st.ctx, `${n[0]}.${n[1]}.${n[2]}.${n[3]}`, n[4] * 256 + n[5], st.flow!.id);
}

/** "<d>proto<d>addr<d>port<d>" (EPRT) or "(<d><d><d>port<d>)" (EPSV) at b[i..e). */
function expectExtended(st: FtpState, b: Uint8Array, i: number, e: number, srvSide: boolean): void {
  const s = text(b, i, e);
  const m = /\(?(.)(\d*)\1([0-9A-Fa-f:.]*)\1(\d+)\1/.exec(s);
  if (m === null) return;
  const flow = st.flow!;
  const addr = m[3] !== '' ? m[3].toLowerCase() : srvSide ? flow.srvAddr() : flow.cliAddr();
  expectFtpData(st.ctx, addr, Number(m[4]), flow.id);
}

function onLine(st: FtpState, b: Uint8Array, s: number, e: number): boolean {
  const n = e - s;
  if (st.dir === 1) {
    const code = digits(b, s, 3, e);
    if (code < 100 || code > 599 || (n > 3 && b[s + 3] !== 0x20 && b[s + 3] !== 0x2d)) return true;
    st.reply = true;
    if (code === 227) {
      const p = b.indexOf(0x28 /* ( */, s);
      expectHostPort(st, b, p >= 0 && p < e ? p + 1 : s + 4, e);
    } else if (code === 229) {
      const p = b.indexOf(0x28, s);
      if (p >= 0 && p < e) expectExtended(st, b, p + 1, e, true);
    } else if (code === 234 && st.tlsAsked) return tlsAccepted(st, b, e);
    else if (st.tlsAsked && code >= 400) st.tlsAsked = false;
    return true;
  }
  for (const c of SMTP_ONLY) if (startsWithLower(b, s, e, c)) st.notFtp = true;
  const cEnd = spaceAt(b, s, e);
  if (cEnd - s < 3 || cEnd - s > 4) return true;
  const cmd = text(b, s, cEnd).toUpperCase();
  if (!COMMANDS.has(cmd)) return true;
  st.command = true;
  const arg = cEnd + 1;
  if (cmd === 'USER') st.user = text(b, arg, e).trim();
  else if (cmd === 'PASS') st.password = text(b, arg, e).trim();
  else if (cmd === 'AUTH' && (startsWithLower(b, arg, e, 'tls') || startsWithLower(b, arg, e, 'ssl'))) tlsAsked(st, b, e);
  else if (cmd === 'PORT') expectHostPort(st, b, arg, e);
  else if (cmd === 'EPRT') expectExtended(st, b, arg, e, false);
  return true;
}

export const ftpControl: Dissector = {
  name: 'FTP_CONTROL',
  transports: [6],
  ports: [21],
  dissect(inp: DissectInput): Verdict {
    const st = readLines(inp, states, onLine, FTPS);
    if (typeof st === 'number') return st;
    const flow = inp.flow;
    if (st.notFtp) {
      states.drop(flow);
      return st.detected ? Verdict.Yes : Verdict.No;
    }
    saveCredentials(flow, st, 'ftp.user', 'ftp.password');
    if (st.tls) return switchToTls(inp, states, st, FTPS, 'ftp.starttls');
    if (!st.detected) {
      if (st.command && st.reply) {
        st.detected = true;
        setProto(flow, 0, FTP_CONTROL);
      } else return notYet(inp, states, MAX_PACKETS);
    }
    // keep watching for credentials, AUTH TLS and data connection announcements
    return Verdict.YesMore;
  },
};
