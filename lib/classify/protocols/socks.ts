/**
 * SOCKS 4 and 5, following nDPI's src/lib/protocols/socks45.c, packet by packet over TCP
 * for at most 10 packets:
 * - SOCKS4: a request (9+ bytes, version 4, command 1 or 2, ending with the NUL of the user
 *   id), then in the other direction an 8-byte reply 00 5A..5D;
 * - SOCKS5: the greeting 05 01 00 (one method: no authentication), then in the other
 *   direction the choice 05 00.
 * A reply that does not fit sends the machine back to waiting for a request.
 */
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('SOCKS');
/** nDPI gives up after this many packets of the flow. */
const MAX_PACKETS = 10;

interface SocksState {
  /** 0: no request seen; else 1 + direction of the request. */
  v4: number;
  v5: number;
  /** Per direction, the stream length already looked at. */
  done0: number;
  done1: number;
}

const STATE = new FlowState<SocksState>(() => ({ v4: 0, v5: 0, done0: 0, done1: 0 }));

export const socks: Dissector = {
  name: 'SOCKS',
  transports: [6],
  dissect(inp: DissectInput): Verdict {
    if (inp.packetIndex >= MAX_PACKETS) return Verdict.No;
    const b = inp.data;
    const st = STATE.get(inp.flow);
    const dir = inp.dir;
    const p = inp.off + (dir === 0 ? st.done0 : st.done1);
    const e = inp.off + inp.len;
    if (dir === 0) st.done0 = inp.len;
    else st.done1 = inp.len;
    const n = e - p;
    if (n <= 0) return Verdict.More;
    // SOCKS4
    if (st.v4 === 0) {
      if (n >= 9 && b[p] === 0x04 && (b[p + 1] === 0x01 || b[p + 1] === 0x02) && b[e - 1] === 0x00) st.v4 = dir + 1;
    } else if (st.v4 !== dir + 1) {
      if (n === 8 && b[p] === 0x00 && b[p + 1] >= 0x5a && b[p + 1] <= 0x5d) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
      st.v4 = 0;
    }
    // SOCKS5
    if (st.v5 === 0) {
      if (n === 3 && b[p] === 0x05 && b[p + 1] === 0x01 && b[p + 2] === 0x00) st.v5 = dir + 1;
    } else if (st.v5 !== dir + 1) {
      if (n === 2 && b[p] === 0x05 && b[p + 1] === 0x00) {
        setProto(inp.flow, 0, ID);
        return Verdict.Yes;
      }
      st.v5 = 0;
    }
    return Verdict.More;
  },
};
