/**
 * DNSCrypt (https://dnscrypt.info/protocol), after nDPI's dnscrypt.c, over UDP or TCP:
 * - a version 1 query starts with the client magic "r6fnvWj8" (packet of 64 bytes or more);
 * - a resolver ping (versions 1 and 2) is a certificate query whose name starts with the
 *   label "2" then a 13-byte label "dnscrypt-…": bytes 13.. of the packet read "2\rdnscrypt"
 *   (case-insensitive).
 * nDPI waits for a packet of each direction (the server's answer may carry the magic) and
 * gives up once both were seen, or after 8 packets.
 * TCP: each new segment is looked at from its first byte, as nDPI reads packets.
 */
import { startsWith, startsWithLower } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { FlowState, setProto } from './dissect-kit.js';

const ID = protocolId('DNScrypt');
const MAX_PACKETS = 8;

/** Payload packets seen per direction, and for TCP the stream bytes already looked at. */
const states = new FlowState(() => ({ seen0: 0, seen1: 0, done0: 0, done1: 0 }));

export const dnscrypt: Dissector = {
  name: 'DNScrypt',
  transports: [17, 6],
  dissect(inp: DissectInput): Verdict {
    const { data, dir, flow } = inp;
    let at = inp.off;
    let n = inp.len;
    const st = states.get(flow);
    if (inp.transport === 6) {
      // the bytes this packet added to the stream
      const done = dir === 0 ? st.done0 : st.done1;
      if (dir === 0) st.done0 = n;
      else st.done1 = n;
      at += done;
      n -= done;
    }
    if (dir === 0) st.seen0++;
    else st.seen1++;
    const end = at + n;
    if ((n >= 64 && startsWith(data, at, end, 'r6fnvWj8')) || (n > 23 && startsWithLower(data, at + 13, end, '2\rdnscrypt'))) {
      states.drop(flow);
      setProto(flow, 0, ID);
      return Verdict.Yes;
    }
    if ((st.seen0 >= 1 && st.seen1 >= 1) || inp.packetIndex + 1 >= MAX_PACKETS) {
      states.drop(flow);
      return Verdict.No;
    }
    return Verdict.More;
  },
};
