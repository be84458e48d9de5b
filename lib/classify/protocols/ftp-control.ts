import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, digits, eqLower, looksLikeText, setOther, setProto, spaceAt, text, walkLines } from './dissect-kit.js';
import { expectFtpData } from './ftp-data.js';
import { afterLine, continueTls } from './starttls.js';

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

const COMMANDS = new Set([
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

interface FtpState {
  pos: [number, number];
  dir: number;
  flow: DissectInput['flow'] | undefined;
  command: boolean;
  reply: boolean;
  notFtp: boolean;
  detected: boolean;
  user: string;
  password: string;
  tlsAsked: boolean;
  tls: boolean;
  tlsOff: [number, number];
  off: number;
  len: number;
}

const states = new FlowState<FtpState>(() => ({
  pos: [0, 0],
  dir: 0,
  flow: undefined,
  command: false,
  reply: false,
  notFtp: false,
  detected: false,
  user: '',
  password: '',
  tlsAsked: false,
  tls: false,
  tlsOff: [-1, -1],
  off: 0,
  len: 0,
}));

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
  expectFtpData(`${n[0]}.${n[1]}.${n[2]}.${n[3]}`, n[4] * 256 + n[5], st.flow!.id);
}

/** "<d>proto<d>addr<d>port<d>" (EPRT) or "(<d><d><d>port<d>)" (EPSV) at b[i..e). */
function expectExtended(st: FtpState, b: Uint8Array, i: number, e: number, srvSide: boolean): void {
  const s = text(b, i, e);
  const m = /\(?(.)(\d*)\1([0-9A-Fa-f:.]*)\1(\d+)\1/.exec(s);
  if (m === null) return;
  const flow = st.flow!;
  const addr = m[3] !== '' ? m[3].toLowerCase() : srvSide ? flow.srvAddr() : flow.cliAddr();
  expectFtpData(addr, Number(m[4]), flow.id);
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
    } else if (code === 234 && st.tlsAsked) {
      st.tls = true;
      st.tlsOff[1] = afterLine(b, st.off, st.len, e);
      return false;
    } else if (st.tlsAsked && code >= 400) st.tlsAsked = false;
    return true;
  }
  for (const c of SMTP_ONLY) if (eqLower(b, s, e, c)) st.notFtp = true;
  const cEnd = spaceAt(b, s, e);
  if (cEnd - s < 3 || cEnd - s > 4) return true;
  const cmd = text(b, s, cEnd).toUpperCase();
  if (!COMMANDS.has(cmd)) return true;
  st.command = true;
  const arg = cEnd + 1;
  if (cmd === 'USER') st.user = text(b, arg, e).trim();
  else if (cmd === 'PASS') st.password = text(b, arg, e).trim();
  else if (cmd === 'AUTH' && (eqLower(b, arg, e, 'tls') || eqLower(b, arg, e, 'ssl'))) {
    st.tlsAsked = true;
    st.tlsOff[0] = afterLine(b, st.off, st.len, e);
  }
  else if (cmd === 'PORT') expectHostPort(st, b, arg, e);
  else if (cmd === 'EPRT') expectExtended(st, b, arg, e, false);
  return true;
}

/** After AUTH TLS: the TLS handshake (see starttls.ts). */
function tlsStep(inp: DissectInput, st: FtpState): Verdict {
  const v = continueTls(inp, st, FTPS);
  if (v === Verdict.Yes) states.drop(inp.flow);
  return v;
}

export const ftpControl: Dissector = {
  name: 'FTP_CONTROL',
  transports: [6],
  ports: [21],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    const prev = states.peek(flow);
    if (prev !== undefined && prev.tls) return tlsStep(inp, prev);
    // a direction must open with text (checked once per direction)
    if ((prev === undefined || prev.pos[inp.dir] === 0) && !looksLikeText(inp.data, inp.off, inp.len, 16)) {
      states.drop(flow);
      return prev?.detected === true ? Verdict.Yes : Verdict.No;
    }
    const st = prev ?? states.get(flow);
    st.dir = inp.dir;
    st.flow = flow;
    st.off = inp.off;
    st.len = inp.len;
    st.pos[inp.dir] = walkLines(inp.data, inp.off, inp.len, st.pos[inp.dir], 64, st, onLine);
    st.flow = undefined;
    if (st.notFtp) {
      states.drop(flow);
      return st.detected ? Verdict.Yes : Verdict.No;
    }
    if (st.user !== '') setOther(flow, 'ftp.user', st.user);
    if (st.password !== '') setOther(flow, 'ftp.password', st.password);
    if (st.tls) {
      setProto(flow, 0, FTPS);
      setOther(flow, 'ftp.starttls', true);
      return tlsStep(inp, st);
    }
    if (!st.detected) {
      if (st.command && st.reply) {
        st.detected = true;
        setProto(flow, 0, FTP_CONTROL);
      } else {
        const giveUp = inp.packetIndex + 1 >= MAX_PACKETS;
        if (giveUp) states.drop(flow);
        return giveUp ? Verdict.No : Verdict.More;
      }
    }
    // keep watching for credentials, AUTH TLS and data connection announcements
    return Verdict.YesMore;
  },
};
