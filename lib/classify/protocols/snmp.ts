import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import type { Flow } from '../../flow/flow.js';
import { setOther, setProto, text } from './dissect-kit.js';

/**
 * SNMP (RFC 1157/3416/3412) over UDP: a BER SEQUENCE spanning the whole datagram whose
 * first element is the INTEGER version 0 (v1), 1 (v2c) or 3 (v3) — nDPI's test.
 * Metadata: version, community (v1/v2c), PDU type (of the first message), and — as nDPI's
 * snmp_proto.c goes on reading a v1/v2c flow's messages until its first GetResponse — that
 * response's error-status when it is not 0 (`snmp.error_status`: Error Code, lib/risk/snmp.ts).
 */
const SNMP = protocolId('SNMP');

const PDU_NAMES = ['get', 'getnext', 'response', 'set', 'trap', 'getbulk', 'inform', 'trapv2', 'report'];

/** BER length at b[i]: the length, -1 when malformed (its size: berSize). */
function berLength(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return -1;
  const first = b[i];
  if (first < 0x80) return first;
  const n = first & 0x7f;
  if (n === 0 || n > 3 || i + n >= end) return -1;
  let v = 0;
  for (let k = 1; k <= n; k++) v = (v << 8) | b[i + k];
  return v;
}

/** Bytes of the BER length at b[i] (once berLength read it). */
function berSize(b: Uint8Array, i: number): number {
  return b[i] < 0x80 ? 1 : 1 + (b[i] & 0x7f);
}

export const snmp: Dissector = {
  name: 'SNMP',
  transports: [17],
  ports: [161, 162],
  pre: { udp: { minLen: 17, bytes: [0x30] } }, // a BER SEQUENCE of 17+ bytes
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const start = inp.off;
    const end = start + inp.len;
    if (inp.len <= 16 || b[start] !== 0x30) return Verdict.No;
    const seqLen = berLength(b, start + 1, end);
    if (seqLen <= 2 || 1 + berSize(b, start + 1) + seqLen !== inp.len) return Verdict.No;
    let p = start + 1 + berSize(b, start + 1);
    if (b[p] !== 0x02 || b[p + 1] !== 0x01) return Verdict.No;
    const version = b[p + 2];
    if (version !== 0 && version !== 1 && version !== 3) return Verdict.No;
    const flow = inp.flow;
    // a later message of a flow already found: only its GetResponse's error-status is read
    if (flow.l7App === SNMP) return version === 3 ? Verdict.YesMore : responseStatus(flow, b, p + 2, end);
    setProto(flow, 0, SNMP);
    setOther(flow, 'snmp.version', version === 0 ? '1' : version === 1 ? '2c' : '3');
    const versionAt = p + 2;
    p += 3;
    if (version !== 3 && p + 2 <= end && b[p] === 0x04) {
      const n = berLength(b, p + 1, end);
      if (n >= 0 && p + 1 + berSize(b, p + 1) + n <= end) {
        const v = p + 1 + berSize(b, p + 1);
        setOther(flow, 'snmp.community', text(b, v, v + n));
        p = v + n;
        const tag = b[p];
        if (p < end && tag >= 0xa0 && tag <= 0xa8) setOther(flow, 'snmp.pdu_type', PDU_NAMES[tag - 0xa0]);
      }
    }
    return version === 3 ? Verdict.Yes : responseStatus(flow, b, versionAt, end);
  },
};

/**
 * nDPI's reading of a v1/v2c message for the GetResponse error-status (snmp_proto.c), from the
 * version byte at `v`: the community's length byte two further, the PDU tag after the
 * community (low nibble 2: GetResponse), the PDU's length, the request-id's tag and length,
 * its value, the error-status's tag and one-byte length, then the status. Yes once a
 * GetResponse was read (nDPI stops there); YesMore to read the next message.
 */
function responseStatus(flow: Flow, b: Uint8Array, v: number, end: number): Verdict {
  if (v + 2 >= end) return Verdict.YesMore;
  const pdu = v + 2 + 1 + b[v + 2];
  if (pdu >= end || (b[pdu] & 0x0f) !== 2 || pdu + 1 >= end) return Verdict.YesMore;
  let o = pdu + 1;
  o += intSize(b, o, end) + 1;
  if (o >= end) return Verdict.YesMore;
  const idLen = intValue(b, o, end);
  const at = o + intSize(b, o, end) + idLen + 2;
  if (at >= end) return Verdict.YesMore;
  if (b[at] !== 0) setOther(flow, 'snmp.error_status', b[at]);
  return Verdict.Yes;
}

/** nDPI's get_int: a length byte below 0x81 is the value; 0x81 and 0x82 announce one or two bytes. */
function intSize(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return 0;
  if (b[i] <= 0x80) return 1;
  if (b[i] === 0x81 && i + 1 < end) return 2;
  if (b[i] === 0x82 && i + 2 < end) return 3;
  return 0;
}

function intValue(b: Uint8Array, i: number, end: number): number {
  if (i >= end) return -1;
  if (b[i] <= 0x80) return b[i];
  if (b[i] === 0x81 && i + 1 < end) return b[i + 1];
  if (b[i] === 0x82 && i + 2 < end) return (b[i + 1] << 8) | b[i + 2];
  return -1;
}
