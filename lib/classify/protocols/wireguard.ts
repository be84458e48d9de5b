/**
 * WireGuard (https://www.wireguard.com/protocol/): UDP messages start with a type byte
 * and three reserved zero bytes. Handshake Initiation (1) is exactly 148 bytes, Response (2)
 * 92, Cookie Reply (3) 64; Transport Data (4) is 16 header bytes plus a ciphertext padded
 * to 16 bytes with a 16-byte tag. Detected when a response or cookie reply names, as its
 * receiver, the sender index of the initiation seen in the other direction; or when
 * transport packets of both directions keep the same receiver index per direction.
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('WireGuard');
const MAX_LOOKS = 16;
/** 1/2 initiation seen from direction 0/1; 3/4 transport seen from 0/1; 5 both. */
const states = new FlowState(() => ({ stage: 0, idx: [0, 0] }));



export const wireguard: Dissector = {
  name: 'WireGuard',
  transports: [17],
  ports: [51820],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n < 32 || b[s + 1] !== 0 || b[s + 2] !== 0 || b[s + 3] !== 0) return Verdict.No;
    const type = b[s];
    const d = inp.dir;
    const o = 1 - d;
    const flow = inp.flow;
    let st = states.peek(flow);
    let found = false;
    if (type === 1 && n === 148) {
      st ??= states.get(flow);
      st.stage = 1 + d;
      st.idx[d] = u32(b, s + 4); // sender index
    } else if ((type === 2 && n === 92) || (type === 3 && n === 64)) {
      if (st !== undefined && st.stage === 1 + o) {
        // response: sender(4) receiver(8); cookie reply: receiver(4)
        if (u32(b, s + (type === 2 ? 8 : 4)) !== st.idx[o]) return Verdict.No;
        found = true;
      }
    } else if (type === 4 && (n - 32) % 16 === 0) {
      const receiver = u32(b, s + 4);
      st ??= states.get(flow);
      if (st.stage === 0) {
        st.stage = 3 + d;
        st.idx[d] = receiver;
      } else if (st.stage === 3 + o) {
        st.idx[d] = receiver;
        st.stage = 5;
      } else if (st.stage === 3 + d) {
        if (receiver !== st.idx[d]) return Verdict.No;
      } else if (st.stage === 5) {
        if (receiver !== st.idx[d]) return Verdict.No;
        found = true;
      }
    } else return Verdict.No;
    if (found) {
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    return inp.packetIndex + 1 >= MAX_LOOKS ? Verdict.No : Verdict.More;
  },
};
