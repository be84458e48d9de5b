/**
 * Modbus/TCP on port 502 (either side): an MBAP header — transaction id, protocol id 0,
 * a length that counts the unit id and the PDU (the rest of the packet) — and at least one
 * PDU byte. Function code 0x5A (90) is Schneider Electric's UMAS: Modbus.UMAS. Decided on
 * the first payload. Follows nDPI's modbus.c.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const MODBUS = protocolId('Modbus');
const UMAS = protocolId('UMAS');

export function isModbusTcp(b: Uint8Array, s: number, e: number): boolean {
  return e - s >= 8 && b[s + 2] === 0 && b[s + 3] === 0 && u16(b, s + 4) - 1 === e - s - 7;
}

export const modbus: Dissector = {
  name: 'Modbus',
  transports: [6],
  ports: [502],
  portsOnly: true,
  dissect(inp: DissectInput): Verdict {
    if (inp.sport !== 502 && inp.dport !== 502) return Verdict.No;
    const b = inp.data;
    const s = inp.off;
    if (!isModbusTcp(b, s, s + inp.len)) return Verdict.No;
    if (b[s + 7] === 0x5a) setProto(inp.flow, MODBUS, UMAS);
    else setProto(inp.flow, 0, MODBUS);
    return Verdict.Yes;
  },
};
