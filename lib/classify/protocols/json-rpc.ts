/**
 * JSON-RPC over plain TCP, after nDPI's json-rpc.c (over HTTP, http.ts names
 * HTTP.JSON-RPC from the Content-Type): the first payload packet (over 30 bytes) starts
 * with '{' and contains `"jsonrpc":`. Anything else excludes it.
 */
import { indexOfAscii } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setProto } from './dissect-kit.js';

const ID = protocolId('JSON-RPC');

export const jsonRpc: Dissector = {
  name: 'JSON-RPC',
  transports: [6],
  pre: { tcp: { minLen: 31, bytes: [0x7b] } }, // '{'
  dissect(inp: DissectInput): Verdict {
    const { data, off, len } = inp;
    if (inp.packetIndex > 0 || len <= 30 || data[off] !== 0x7b) return Verdict.No;
    if (indexOfAscii(data, off, off + len, '"jsonrpc":') < 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    return Verdict.Yes;
  },
};
