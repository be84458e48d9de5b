/**
 * Clear-Text Credentials from what the text-protocol dissectors record in meta.other: the
 * user names (and that a password was sent) of FTP, POP3, IMAP and SMTP logins, and rsh's
 * account and command (rsh has no password at all). The password itself is never put in
 * the risk's text.
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

/** meta.other keys of the user name and of the password → the words nDPI uses before the user name. */
const LOGINS: readonly [string, string, string][] = [
  ['ftp.user', 'ftp.password', 'Found FTP username'],
  ['imap.user', 'imap.password', 'Found IMAP username'],
  ['pop3.user', 'pop3.password', 'Found username'],
  ['smtp.user', 'smtp.password', 'Found SMTP username'],
];

export function clearTextCredentials(flow: Flow): void {
  const o = flow.meta.other;
  if (o === undefined) return;
  // an indexed loop: destructuring `for … of` runs the iterator protocol (two objects per
  // row) in the interpreter until this per-flow function is optimised
  for (let i = 0; i < LOGINS.length; i++) {
    const row = LOGINS[i];
    const user = o[row[0]];
    if (user !== undefined && user !== '') {
      setRisk(flow, RISK.CLEAR_TEXT_CREDENTIALS, `${row[2]} (${String(user)})`);
      return;
    }
    if (o[row[1]] !== undefined) {
      setRisk(flow, RISK.CLEAR_TEXT_CREDENTIALS, 'Found password');
      return;
    }
  }
  if (o['rsh.server_user'] !== undefined) {
    setRisk(flow, RISK.CLEAR_TEXT_CREDENTIALS, `User '${String(o['rsh.server_user'])}' executing '${String(o['rsh.command'] ?? '')}'`);
  }
}
