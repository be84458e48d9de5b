import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

/**
 * SNMP (RFC 1157/3416/3412) over UDP: a BER SEQUENCE spanning the whole datagram whose
 * first element is the INTEGER version 0 (v1), 1 (v2c) or 3 (v3) — nDPI's test.
 * Metadata: version, community (v1/v2c), PDU type.
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
    setProto(flow, 0, SNMP);
    setOther(flow, 'snmp.version', version === 0 ? '1' : version === 1 ? '2c' : '3');
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
    return Verdict.Yes;
  },
};
