/**
 * Kerberos v5 (RFC 4120) on TCP (4-byte record mark, RFC 4120 §7.2.2) and UDP: an
 * [APPLICATION n] message (AS-REQ 10 … KRB-ERROR 30) whose SEQUENCE starts with pvno 5 and
 * a msg-type equal to n. Metadata from the cleartext fields: kerberos.realm,
 * kerberos.cname, kerberos.sname (name components joined with '/'), and nDPI's forms:
 * kerberos.domain (the realm in lower case) with kerberos.hostname (a machine account,
 * "NAME$", as "name") or kerberos.username — nDPI prints them as "domain\host".
 */
import type { Flow } from '../../flow/flow.js';
import { ascii, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { berHeader, berSmallInt, tlv } from './ber.js';
import { FlowState, setOther, setProto } from './dissect-kit.js';

const ID = protocolId('Kerberos');
/** Looks (payload packets) allowed while the message start is incomplete. */
const MAX_LOOKS = 6;
/** Set once a message is recognised: replies read after the verdict. */
const states = new FlowState(() => ({ extra: 0 }));



/** The APPLICATION numbers of Kerberos messages. */
function isMsgType(n: number): boolean {
  return (n >= 10 && n <= 15) || (n >= 20 && n <= 22) || n === 30;
}

/** msg-type of the Kerberos message at b[i..e): 0 not Kerberos, -1 need more bytes. */
export function krbMessage(b: Uint8Array, i: number, e: number): number {
  if (e - i < 2) return -1;
  const t = b[i];
  if ((t & 0xe0) !== 0x60 || !isMsgType(t & 0x1f)) return 0;
  const n = t & 0x1f;
  if (berHeader(b, i, e) < 0) return e - i < 8 ? -1 : 0;
  const msgEnd = tlv.valueOff + tlv.len;
  const seq = berHeader(b, tlv.valueOff, e);
  if (seq < 0) return e - i < 12 ? -1 : 0;
  if (seq !== 0x30 || tlv.valueOff + tlv.len > msgEnd) return 0;
  // KDC-REQ numbers its fields from 1, every other message from 0
  const first = n === 10 || n === 12 ? 0xa1 : 0xa0;
  let p = tlv.valueOff;
  for (let k = 0; k < 2; k++) {
    if (p + 5 > e) return -1;
    if (berHeader(b, p, e) !== first + k) return 0;
    const v = berSmallInt(b, tlv.valueOff, e);
    if (v < 0) return 0;
    if (k === 0 ? v !== 5 : v !== n) return 0;
    p = tlv.valueOff + tlv.len;
  }
  return n;
}

/** The strings of a PrincipalName SEQUENCE at b[i..e), joined with '/'; '' when malformed. */
function principal(b: Uint8Array, i: number, e: number): string {
  if (berHeader(b, i, e) !== 0x30) return '';
  const end = Math.min(tlv.valueOff + tlv.len, e);
  let p = tlv.valueOff;
  while (p < end) {
    const tag = berHeader(b, p, end);
    if (tag < 0) return '';
    const next = tlv.valueOff + tlv.len;
    if (tag === 0xa1) {
      if (berHeader(b, tlv.valueOff, end) !== 0x30) return '';
      const se = Math.min(tlv.valueOff + tlv.len, end);
      let q = tlv.valueOff;
      let out = '';
      for (let k = 0; q < se && k < 8; k++) {
        if (berHeader(b, q, se) < 0 || tlv.valueOff + tlv.len > se) break;
        out += (k > 0 ? '/' : '') + ascii(b, tlv.valueOff, tlv.valueOff + tlv.len);
        q = tlv.valueOff + tlv.len;
      }
      return out;
    }
    p = next;
  }
  return '';
}

/** A KerberosString (GeneralString) inside the context field at tlv, or ''. */
function kstring(b: Uint8Array, i: number, e: number): string {
  if (berHeader(b, i, e) !== 0x1b || tlv.valueOff + tlv.len > e || tlv.len > 255) return '';
  return ascii(b, tlv.valueOff, tlv.valueOff + tlv.len);
}

/** Copies realm/cname/sname from the fields of the SEQUENCE at b[i..e) into the flow. */
function readFields(flow: Flow, b: Uint8Array, i: number, e: number, n: number): void {
  if (berHeader(b, i, e) !== 0x30) return;
  const end = Math.min(tlv.valueOff + tlv.len, e);
  let p = tlv.valueOff;
  // context tags of the wanted fields per message type
  let realmTag = -1;
  let cnameTag = -1;
  let snameTag = -1;
  if (n === 11 || n === 13) (realmTag = 0xa3), (cnameTag = 0xa4);
  else if (n === 30) (realmTag = 0xa9), (cnameTag = 0xa8), (snameTag = 0xaa);
  for (let k = 0; p < end && k < 16; k++) {
    const tag = berHeader(b, p, end);
    if (tag < 0) return;
    const v = tlv.valueOff;
    const next = v + tlv.len;
    if ((n === 10 || n === 12) && tag === 0xa4) {
      // KDC-REQ-BODY: [1] cname, [2] realm, [3] sname
      readFields(flow, b, v, Math.min(next, end), 0);
      return;
    }
    if (n === 0) {
      if (tag === 0xa1) setName(flow, 'kerberos.cname', principal(b, v, end));
      else if (tag === 0xa2) setName(flow, 'kerberos.realm', kstring(b, v, end));
      else if (tag === 0xa3) setName(flow, 'kerberos.sname', principal(b, v, end));
    } else if (tag === realmTag) setName(flow, 'kerberos.realm', kstring(b, v, end));
    else if (tag === cnameTag) setName(flow, 'kerberos.cname', principal(b, v, end));
    else if (tag === snameTag) setName(flow, 'kerberos.sname', principal(b, v, end));
    p = next;
  }
}

function setName(flow: Flow, key: string, v: string): void {
  if (v !== '' && flow.meta.other?.[key] === undefined) setOther(flow, key, v);
}

/** nDPI's domain / hostname / username from the realm and client name found so far. */
function derive(flow: Flow): void {
  const o = flow.meta.other;
  if (o === undefined) return;
  const realm = o['kerberos.realm'];
  if (typeof realm === 'string' && o['kerberos.domain'] === undefined) setOther(flow, 'kerberos.domain', realm.toLowerCase());
  const cname = o['kerberos.cname'];
  if (typeof cname === 'string' && o['kerberos.hostname'] === undefined && o['kerberos.username'] === undefined) {
    if (cname.endsWith('$')) setOther(flow, 'kerberos.hostname', cname.slice(0, -1).toLowerCase());
    else setOther(flow, 'kerberos.username', cname.toLowerCase());
  }
}

export const kerberos: Dissector = {
  name: 'Kerberos',
  transports: [6, 17],
  ports: [88],
  // TCP: a record mark below 16 MiB (0 first) once 4 bytes are there; UDP: an application tag of a message type
  pre: { tcp: { bytes: [0], bytesFrom: 4 }, udp: { bytes: [0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x74, 0x75, 0x76, 0x7e], bytesFrom: 2 } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    let s = inp.off;
    const e = s + inp.len;
    const flow = inp.flow;
    const st = states.peek(flow);
    if (inp.transport === 6) {
      if (e - s < 4) return Verdict.More;
      const mark = u32(b, s);
      // record mark: the high bit is reserved; a real message is far below 16 MiB
      if (mark >= 0x1000000 || mark < 8) return st !== undefined ? Verdict.Yes : Verdict.No;
      s += 4;
    }
    const n = krbMessage(b, s, e);
    if (st !== undefined) {
      // after the verdict: the reply may carry the client name
      if (n > 0 && berHeader(b, s, e) >= 0) {
        readFields(flow, b, tlv.valueOff, e, n);
        derive(flow);
      }
      return ++st.extra >= 2 || flow.meta.other?.['kerberos.cname'] !== undefined ? Verdict.Yes : Verdict.YesMore;
    }
    if (n === 0) return Verdict.No;
    if (n < 0) return inp.packetIndex + 1 >= MAX_LOOKS ? Verdict.No : Verdict.More;
    setProto(flow, 0, ID);
    states.get(flow).extra = 0; // recognised: the replies are read next
    // krbMessage left tlv at the msg-type field: re-read the message header for the fields
    berHeader(b, s, e);
    readFields(flow, b, tlv.valueOff, e, n);
    derive(flow);
    const isReq = n === 10 || n === 12;
    return isReq && flow.meta.other?.['kerberos.cname'] === undefined ? Verdict.YesMore : Verdict.Yes;
  },
};
