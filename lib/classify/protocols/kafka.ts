/**
 * Apache Kafka, following nDPI's kafka.c: the first segment is one request — a 32-bit size
 * equal to the rest of the segment, an API key below 75, an API version below 16, then
 * (after the correlation id) a client id whose 16-bit length fits and whose text is
 * printable. Anything else rules Kafka out.
 */
import { u16, u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('Kafka');

/** The client id's length when b[s..s+n) is a Kafka request as nDPI checks it, else -1. */
export function kafkaRequest(b: Uint8Array, s: number, n: number): number {
  if (n < 8 || u32(b, s) !== n - 4) return -1;
  if (u16(b, s + 4) >= 75 || u16(b, s + 6) >= 16 || n < 14) return -1;
  const idLen = u16(b, s + 12);
  if (idLen + 14 > n) return -1;
  for (let i = s + 14; i < s + 14 + idLen; i++) if (b[i] < 0x20 || b[i] > 0x7e) return -1;
  return idLen;
}

export const kafka: Dissector = {
  name: 'Kafka',
  transports: [6],
  ports: [9092],
  pre: { tcp: { minLen: 14, at: 4, bytes: [0] } }, // an API key below 75 (whatever the stream length)
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const idLen = kafkaRequest(b, s, inp.len);
    if (idLen < 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    if (idLen > 0) setOther(inp.flow, 'kafka.client_id', text(b, s + 14, s + 14 + idLen));
    return Verdict.Yes;
  },
};
