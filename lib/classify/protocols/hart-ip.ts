/**
 * HART-IP (Highway Addressable Remote Transducer over IP), TCP or UDP: an 8-byte header —
 * version 1 or 2, message type (request, response, publish, NAK), message id (session
 * initiate … read audit log), status, sequence number and a message length equal to the
 * payload's. Decided on the first payload. Follows nDPI's hart-ip.c (which refuses a
 * message only when both its type and its id are out of range).
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('HART-IP');

export function isHartIp(b: Uint8Array, s: number, e: number): boolean {
  if (e - s < 8) return false;
  const v = b[s];
  if (v !== 1 && v !== 2) return false;
  const type = b[s + 1] & 0x0f;
  if (type > 2 && type !== 15 && b[s + 2] > 5) return false;
  return u16(b, s + 6) === e - s;
}

export const hartIp: Dissector = {
  name: 'HART-IP',
  transports: [6, 17],
  ports: [5094],
  pre: { tcp: { minLen: 8, bytes: [1, 2] }, udp: { minLen: 8, bytes: [1, 2] } }, // version
  dissect(inp: DissectInput): Verdict {
    if (!isHartIp(inp.data, inp.off, inp.off + inp.len)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
