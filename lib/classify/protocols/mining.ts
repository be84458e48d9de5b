/**
 * Cryptocurrency mining pools (Stratum-style JSON over TCP), following nDPI's
 * src/lib/protocols/mining.c: the first payload packet is JSON (starts with '{') and carries
 * "mining.subscribe" or "mining.configure" (Stratum v1; currency ZCash when "zcash"
 * appears), an "agent":"xmr-stak-cpu login (ZCash/Monero), or an
 * "method": "eth_submitLogin call (Ethereum). Anything else excludes the flow.
 * Metadata: mining.currency.
 */
import { indexOfAscii } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('Mining');

function found(inp: DissectInput, currency: string): Verdict {
  setProto(inp.flow, 0, ID);
  if (currency !== '') setOther(inp.flow, 'mining.currency', currency);
  return Verdict.Yes;
}

export const mining: Dissector = {
  name: 'Mining',
  transports: [6],
  pre: { tcp: { bytes: [0x7b] } }, // '{'
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (inp.packetIndex !== 0 || b[s] !== 0x7b) return Verdict.No;
    if (indexOfAscii(b, s, e, '"mining.subscribe"') >= 0 || indexOfAscii(b, s, e, '"mining.configure"') >= 0) {
      return found(inp, indexOfAscii(b, s, e, 'zcash') >= 0 ? 'ZCash' : '');
    }
    if (indexOfAscii(b, s, e, '"agent":"xmr-stak-cpu') >= 0) return found(inp, 'ZCash/Monero');
    if (indexOfAscii(b, s, e, '"method": "eth_submitLogin') >= 0) return found(inp, 'Ethereum');
    return Verdict.No;
  },
};
