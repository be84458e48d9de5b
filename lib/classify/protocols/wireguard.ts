/**
 * WireGuard (https://www.wireguard.com/protocol/), following nDPI's
 * src/lib/protocols/wireguard.c: UDP messages start with a type byte and three reserved zero
 * bytes, 32 bytes at least. Handshake Initiation (1) is 148 bytes, Response (2) 92, Cookie
 * Reply (3) 64; TunnelBear's variant uses 204-byte initiations and 100-byte responses
 * (named WireGuard.TunnelBear). Detected when a response or cookie reply names, as its
 * receiver, the sender index of the initiation seen in the other direction; when an
 * initiation is repeated after the first packet (a blocked handshake); or when transport
 * data (4) of both directions keeps the same receiver index per direction.
 * Any other message type or size excludes the flow. (nDPI's optional renaming by the
 * server's address list, WireGuard.Mullvad and the like, is the address lists' business.)
 */
import { u32 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('WireGuard');
const TUNNELBEAR = protocolId('TunnelBear');
/** 1/2 initiation seen from direction 0/1; 3/4 transport seen from 0/1; 5 both. */
const states = new FlowState(() => ({ stage: 0, idx: [0, 0] }));

function found(inp: DissectInput, app: number): Verdict {
  if (app === 0) setProto(inp.flow, 0, ID);
  else setProto(inp.flow, ID, app);
  return Verdict.Yes;
}

export const wireguard: Dissector = {
  name: 'WireGuard',
  transports: [17],
  ports: [51820],
  pre: { udp: { minLen: 32, at: 1, bytes: [0] } }, // type, then 3 reserved zero bytes
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    if (n < 32 || b[s + 1] !== 0 || b[s + 2] !== 0 || b[s + 3] !== 0) return Verdict.No;
    const type = b[s];
    const d = inp.dir;
    const o = 1 - d;
    const flow = inp.flow;
    if (type === 1 && (n === 148 || n === 204)) {
      const st = states.get(flow);
      st.stage = 1 + d;
      st.idx[d] = u32(b, s + 4); // sender index
      // an initiation after the first packet: a retransmission, the handshake is blocked
      return inp.packetIndex > 0 ? found(inp, 0) : Verdict.More;
    }
    if ((type === 2 && (n === 92 || n === 100)) || (type === 3 && n === 64)) {
      const st = states.peek(flow);
      if (st === undefined || st.stage !== 1 + o) return Verdict.More;
      // response: sender(4) receiver(8); cookie reply: receiver(4)
      if (u32(b, s + (type === 2 ? 8 : 4)) !== st.idx[o]) return Verdict.No;
      return found(inp, type === 2 && n === 100 ? TUNNELBEAR : 0);
    }
    if (type === 4) {
      const receiver = u32(b, s + 4);
      const st = states.get(flow);
      if (st.stage === 0) {
        st.stage = 3 + d;
        st.idx[d] = receiver;
      } else if (st.stage === 3 + o) {
        st.idx[d] = receiver;
        st.stage = 5;
      } else if (st.stage === 5) {
        return receiver === st.idx[d] ? found(inp, 0) : Verdict.No;
      }
      return Verdict.More;
    }
    return Verdict.No;
  },
};
