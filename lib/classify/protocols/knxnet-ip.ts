/**
 * KNXnet/IP, TCP or UDP: a header of length 6, protocol version 0x10, a service id from
 * one of the KNXnet/IP service families (core, device management, tunnelling, routing,
 * remote diagnosis, security) and a total length equal to the packet's — or, on TCP, the
 * first message followed by the header of a second one. Decided on the first payload.
 * Follows nDPI's knxnet_ip.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('KNXnet_IP');

function validService(id: number): boolean {
  const code = id & 0xff;
  switch (id >> 8) {
    case 0x02:
      return code > 0 && code < 0x0d;
    case 0x03:
      return code >= 0x10 && code <= 0x11;
    case 0x04:
      return code >= 0x20 && code <= 0x25;
    case 0x05:
      return code >= 0x30 && code <= 0x33;
    case 0x07:
      return code >= 0x40 && code <= 0x43;
    case 0x09:
      return code >= 0x50 && code <= 0x55;
    default:
      return false;
  }
}

export function isKnxnetIp(b: Uint8Array, s: number, e: number, tcp: boolean): boolean {
  const n = e - s;
  if (n < 10 || b[s] !== 0x06 || b[s + 1] !== 0x10 || !validService(u16(b, s + 2))) return false;
  const total = u16(b, s + 4);
  if (total === n) return true;
  if (!tcp || total + 10 > n) return false;
  return u16(b, s + total) === 0x0610 && validService(u16(b, s + total + 2));
}

export const knxnetIp: Dissector = {
  name: 'KNXnet_IP',
  transports: [6, 17],
  ports: [3671],
  pre: { tcp: { minLen: 10, bytes: [0x06] }, udp: { minLen: 10, bytes: [0x06] } }, // header length 6
  dissect(inp: DissectInput): Verdict {
    if (!isKnxnetIp(inp.data, inp.off, inp.off + inp.len, inp.transport === 6)) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
