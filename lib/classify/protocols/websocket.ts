/**
 * WebSocket frames (RFC 6455) seen without their HTTP upgrade, after nDPI's websocket.c:
 * the first payload packet is exactly one frame with a 7-bit length (2 header bytes + that
 * length; nDPI does not add the mask key) and a first byte that is a text, binary, close,
 * ping or pong opcode, with or without FIN. Anything else excludes it.
 * A weak shape (two bytes): kept in the heuristic block.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('WebSocket');

/** Opcodes 1, 2, 8, 9, 10, each with or without the FIN bit. */
function isOpcode(c: number): boolean {
  const op = c & 0x7f;
  return (c & 0x70) === 0 && (op === 1 || op === 2 || op === 8 || op === 9 || op === 10);
}

export const websocket: Dissector = {
  name: 'WebSocket',
  transports: [6],
  pre: { tcp: { minLen: 2, bytes: [1, 2, 8, 9, 10, 0x81, 0x82, 0x88, 0x89, 0x8a] } }, // isOpcode
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    if (inp.packetIndex > 0 || len < 2 || len !== 2 + (data[off + 1] & 0x7f) || !isOpcode(data[off])) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
