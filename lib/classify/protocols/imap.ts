import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { startsWithLower } from '../bytes.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto, spaceAt, text } from './dissect-kit.js';
import type { TextLineState } from './text-lines.js';
import {
  keepReading,
  notYet,
  readLines,
  saveCredentials,
  switchToTls,
  textLineState,
  tlsAccepted,
  tlsAsked,
} from './text-lines.js';

/**
 * IMAP (RFC 9051) over TCP: counts lines that look like IMAP — the server's untagged
 * "* OK/PREAUTH/BYE/CAPABILITY/…" and tagged "<tag> OK/NO/BAD", the client's
 * "<tag> <COMMAND>" with a known command; three, from both directions, make it IMAP.
 * Then it keeps reading for "<tag> LOGIN user password" (imap.user, imap.password) and
 * STARTTLS: a tagged OK after it makes the flow IMAPS (nDPI's name after STARTTLS), and the
 * TLS handshake that follows goes to the TLS dissector (starttls.ts).
 */
const IMAP = protocolId('IMAP');
const IMAPS = protocolId('IMAPS');

const COMMANDS = [
  'capability', 'noop', 'logout', 'starttls', 'authenticate', 'login', 'select', 'examine', 'create',
  'delete', 'rename', 'subscribe', 'unsubscribe', 'list', 'lsub', 'namespace', 'status', 'append',
  'idle', 'check', 'close', 'expunge', 'search', 'fetch', 'store', 'copy', 'move', 'uid', 'enable', 'id',
];
const UNTAGGED = ['ok', 'no', 'bad', 'preauth', 'bye', 'capability', 'list', 'lsub', 'flags', 'search', 'status', 'namespace', 'enabled', 'id'];
const MAX_PACKETS = 12;

interface ImapState extends TextLineState {
  hits: number;
  /** Lines recognised from the client (commands). */
  cliHits: number;
}

const states = new FlowState<ImapState>(() => Object.assign(textLineState(), { hits: 0, cliHits: 0 }));

/** True when the word at b[s..e) is one of words (case-insensitive, whole word). */
function isWord(b: Uint8Array, s: number, e: number, words: readonly string[]): number {
  const n = e - s;
  for (let k = 0; k < words.length; k++) if (words[k].length === n && startsWithLower(b, s, e, words[k])) return k;
  return -1;
}

/** Next argument (atom or "quoted string") at b[i..e): [start, end, where the next one is looked for]. */
function arg(b: Uint8Array, i: number, e: number): [number, number, number] {
  while (i < e && b[i] === 0x20) i++;
  if (i < e && b[i] === 0x22) {
    let j = i + 1;
    while (j < e && b[j] !== 0x22) j += b[j] === 0x5c ? 2 : 1;
    return [i + 1, Math.min(j, e), Math.min(j + 1, e)];
  }
  const end = spaceAt(b, i, e);
  return [i, end, end];
}

function onLine(st: ImapState, b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 3) return true;
  const tagEnd = spaceAt(b, s, e);
  if (tagEnd >= e || tagEnd === s) return true;
  const w = tagEnd + 1;
  const wEnd = spaceAt(b, w, e);
  if (st.dir === 1) {
    if (b[s] === 0x2a /* * */ && tagEnd === s + 1) {
      if (isWord(b, w, wEnd, UNTAGGED) >= 0 || (b[w] >= 48 && b[w] <= 57)) st.hits++;
    } else if (b[s] !== 0x2b /* + */) {
      const k = isWord(b, w, wEnd, UNTAGGED);
      if (k >= 0 && k <= 2) {
        st.hits++;
        if (st.tlsAsked) {
          if (k === 0) return tlsAccepted(st, b, e);
          st.tlsAsked = false;
        }
      }
    }
    return true;
  }
  const k = isWord(b, w, wEnd, COMMANDS);
  if (k < 0) return true;
  st.hits++;
  st.cliHits++;
  if (k === 3) tlsAsked(st, b, e);
  else if (k === 5) {
    const u = arg(b, wEnd, e);
    st.user = text(b, u[0], u[1]);
    const p = arg(b, u[2], e);
    st.password = text(b, p[0], p[1]);
  }
  return true;
}

export const imap: Dissector = {
  name: 'IMAP',
  transports: [6],
  ports: [143],
  dissect(inp: DissectInput): Verdict {
    const st = readLines(inp, states, onLine, IMAPS);
    if (typeof st === 'number') return st;
    const flow = inp.flow;
    saveCredentials(flow, st, 'imap.user', 'imap.password');
    if (st.tls) return switchToTls(inp, states, st, IMAPS, 'imap.starttls');
    if (!st.detected) {
      if (st.hits >= 3 && st.cliHits >= 1 && st.hits > st.cliHits) {
        st.detected = true;
        setProto(flow, 0, IMAP);
      } else return notYet(inp, states, MAX_PACKETS);
    }
    return keepReading(inp, states, st, MAX_PACKETS);
  },
};
