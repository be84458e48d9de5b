/**
 * LDAP (RFC 4511) on TCP and CLDAP on UDP: a BER LDAPMessage — SEQUENCE { messageID
 * INTEGER, protocolOp [APPLICATION n] … } — whose operation fits in the message and starts
 * as its type requires (bind version, result code, base DN …). Either direction may show
 * it first (a SASL-wrapped request is opaque, its cleartext response is not).
 * Metadata: ldap.op (first operation seen), ldap.bind_dn (simple or SASL bind name).
 */
import type { Flow } from '../../flow/flow.js';
import { utf8 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { berHeader, berSmallInt, tlv } from './ber.js';
import { FlowCounter, setOther, setProto } from './dissect-kit.js';

/** Bit per direction whose stream start is not an LDAPMessage. */
const notLdap = new FlowCounter();

const ID = protocolId('LDAP');
const MAX_LOOKS = 6;

/** protocolOp tag → operation name. */
const OPS: Record<number, string> = {
  0x60: 'bindRequest',
  0x61: 'bindResponse',
  0x42: 'unbindRequest',
  0x63: 'searchRequest',
  0x64: 'searchResEntry',
  0x65: 'searchResDone',
  0x73: 'searchResRef',
  0x66: 'modifyRequest',
  0x67: 'modifyResponse',
  0x68: 'addRequest',
  0x69: 'addResponse',
  0x4a: 'delRequest',
  0x6b: 'delResponse',
  0x6c: 'modDNRequest',
  0x6d: 'modDNResponse',
  0x6e: 'compareRequest',
  0x6f: 'compareResponse',
  0x50: 'abandonRequest',
  0x77: 'extendedReq',
  0x78: 'extendedResp',
  0x79: 'intermediateResponse',
};

/** Operations whose body starts with an LDAPResult (resultCode ENUMERATED). */
const RESULT_OPS: ReadonlySet<number> = new Set([0x61, 0x65, 0x67, 0x69, 0x6b, 0x6d, 0x6f, 0x78]);
/** Operations whose body starts with an LDAPDN / OCTET STRING. */
const DN_OPS: ReadonlySet<number> = new Set([0x63, 0x64, 0x66, 0x68, 0x6c, 0x6e]);


/** The protocolOp tag of the LDAPMessage at b[i..e): 0 not LDAP, -1 need more bytes. */
export function ldapMessage(b: Uint8Array, i: number, e: number): number {
  if (e - i < 2) return -1;
  if (b[i] !== 0x30) return 0;
  if (berHeader(b, i, e) < 0) return e - i < 7 ? -1 : 0;
  const msgEnd = tlv.valueOff + tlv.len;
  if (tlv.len < 5) return 0;
  const id = tlv.valueOff;
  if (e - id < 3) return -1;
  if (berSmallInt(b, id, e) < 0) return e - id < 6 ? -1 : 0;
  const op = tlv.valueOff + tlv.len;
  if (op + 2 > e) return -1;
  const tag = b[op];
  if (OPS[tag] === undefined) return 0;
  if (berHeader(b, op, e) < 0) return e - op < 6 ? -1 : 0;
  if (tlv.valueOff + tlv.len !== msgEnd && tlv.valueOff + tlv.len + 2 > msgEnd) return 0; // only controls may follow
  const body = tlv.valueOff;
  const bodyLen = tlv.len;
  if (tag === 0x42) return bodyLen === 0 ? tag : 0; // unbind: NULL
  if (tag === 0x4a || tag === 0x50) return tag; // primitive: DN / message id
  if (body + 3 > e) return bodyLen < 3 ? 0 : -1;
  if (tag === 0x60) {
    const v = berSmallInt(b, body, e);
    return v >= 1 && v <= 3 ? tag : 0;
  }
  if (RESULT_OPS.has(tag)) return b[body] === 0x0a && b[body + 1] >= 1 && b[body + 1] <= 4 ? tag : 0;
  if (DN_OPS.has(tag)) return b[body] === 0x04 ? tag : 0;
  return tag;
}

function meta(flow: Flow, b: Uint8Array, s: number, e: number, tag: number): void {
  setOther(flow, 'ldap.op', OPS[tag]);
  if (tag !== 0x60) return;
  // BindRequest: version INTEGER, name LDAPDN
  berHeader(b, s, e);
  berHeader(b, tlv.valueOff, e); // messageID
  berHeader(b, tlv.valueOff + tlv.len, e); // [APPLICATION 0]
  if (berHeader(b, tlv.valueOff, e) < 0) return; // version
  const name = tlv.valueOff + tlv.len;
  if (berHeader(b, name, e) !== 0x04 || tlv.valueOff + tlv.len > e) return;
  if (tlv.len > 0 && tlv.len <= 512) setOther(flow, 'ldap.bind_dn', utf8(b, tlv.valueOff, tlv.valueOff + tlv.len));
}

export const ldap: Dissector = {
  name: 'LDAP',
  transports: [6, 17],
  ports: [389, 3268],
  pre: { udp: { bytes: [0x30], bytesFrom: 2 } }, // a SEQUENCE
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const flow = inp.flow;
    const tag = ldapMessage(b, s, e);
    if (tag > 0) {
      setProto(flow, 0, ID);
      meta(flow, b, s, e, tag);
      return Verdict.Yes;
    }
    if (tag < 0 && inp.packetIndex + 1 < MAX_LOOKS) return Verdict.More;
    // UDP: each datagram is a message; TCP: this direction's stream start is decided
    if (inp.transport === 17) return Verdict.No;
    const bad = notLdap.get(flow) | (1 << inp.dir);
    notLdap.set(flow, bad);
    return bad === 3 || inp.packetIndex + 1 >= MAX_LOOKS ? Verdict.No : Verdict.More;
  },
};
