/**
 * MQTT over TCP, decided on a flow's first payload packet (either direction) the way nDPI's
 * mqtt.c does: the packet is one whole control packet of at most 258 bytes whose one-byte
 * remaining length matches; its type (1-14) and flags agree (CONNECT, CONNACK, PUBACK,
 * PUBREC, PUBCOMP, SUBACK, UNSUBACK, PINGREQ, PINGRESP, DISCONNECT: flags 0; PUBREL,
 * SUBSCRIBE, UNSUBSCRIBE: flags 2); acknowledgements are 4 bytes, PING/DISCONNECT 2;
 * CONNECT names the protocol "MQTT"; PUBLISH, SUBSCRIBE, SUBACK and UNSUBSCRIBE have
 * their minimum sizes (nDPI reads the PUBLISH QoS bits so that only QoS 0 and 1 without
 * DUP pass). Anything else excludes. Metadata from a CONNECT: mqtt.version (protocol
 * level), mqtt.client_id.
 */
import { startsWith, u16, utf8 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('MQTT');

const CONNECT = 1;
const PUBLISH = 3;
const PUBREL = 6;
const SUBSCRIBE = 8;
const SUBACK = 9;
const UNSUBSCRIBE = 10;

/** The MQTT packet type of packet b[s..e) when nDPI accepts it, else 0. */
export function mqttPacket(b: Uint8Array, s: number, e: number): number {
  const n = e - s;
  if (n < 2 || n > 258 || b[s + 1] + 2 !== n) return 0;
  const pt = b[s] >> 4;
  const flags = b[s] & 0x0f;
  if (pt === 0 || pt === 15) return 0;
  if (pt === PUBREL || pt === SUBSCRIBE || pt === UNSUBSCRIBE) {
    if (flags !== 2) return 0;
  } else if (pt !== PUBLISH && flags !== 0) return 0;
  switch (pt) {
    case 2: // CONNACK
    case 4: // PUBACK
    case 5: // PUBREC
    case PUBREL:
    case 7: // PUBCOMP
    case 11: // UNSUBACK
      return n === 4 ? pt : 0;
    case 12: // PINGREQ
    case 13: // PINGRESP
    case 14: // DISCONNECT
      return n === 2 ? pt : 0;
    case CONNECT:
      return n >= 8 && startsWith(b, s + 4, e, 'MQTT') ? pt : 0;
    case PUBLISH: {
      const qos = flags & 0x06; // nDPI compares the unshifted bits with 2
      if (qos > 2 || (flags & 0x04) !== 0) return 0;
      return n >= (qos === 0 ? 5 : 7) ? pt : 0;
    }
    case SUBSCRIBE:
      return n >= 8 ? pt : 0;
    case SUBACK:
      return n >= 5 ? pt : 0;
    case UNSUBSCRIBE:
      return n >= 7 ? pt : 0;
    default:
      return 0;
  }
}

/** Protocol level and client id of a CONNECT at b[s..e) (fixed header of 2 bytes). */
function connectMeta(inp: DissectInput, b: Uint8Array, s: number, e: number): void {
  const flow = inp.flow;
  const nameLen = u16(b, s + 2);
  let p = s + 4 + nameLen;
  if (p + 4 > e) return;
  const level = b[p];
  setOther(flow, 'mqtt.version', level);
  p += 4; // level, connect flags, keep-alive
  if (level === 5 && p < e) {
    // properties: a variable-length integer, then that many bytes
    let len = 0;
    for (let k = 0; k < 4 && p < e; k++) {
      const c = b[p++];
      len += (c & 0x7f) * 2 ** (7 * k);
      if ((c & 0x80) === 0) break;
    }
    p += len;
  }
  if (p + 2 <= e) {
    const idLen = u16(b, p);
    if (idLen > 0 && idLen <= 256 && p + 2 + idLen <= e) setOther(flow, 'mqtt.client_id', utf8(b, p + 2, p + 2 + idLen));
  }
}

/** The first bytes mqttPacket accepts: a type 1..14 with the flags its type allows. */
const FIRST_BYTES = [1, 2, 4, 5, 7, 9, 11, 12, 13, 14].map((t) => t << 4).concat(
  [PUBREL, SUBSCRIBE, UNSUBSCRIBE].map((t) => (t << 4) | 2),
  [0, 1, 2, 3, 8, 9, 10, 11].map((f) => (PUBLISH << 4) | f),
);

export const mqtt: Dissector = {
  name: 'MQTT',
  transports: [6],
  ports: [1883],
  // 2+ bytes; a control packet type 1..14 with the flags its type allows
  pre: { tcp: { minLen: 2, bytes: FIRST_BYTES } },
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    const pt = mqttPacket(b, s, e);
    if (pt === 0) return Verdict.No;
    setProto(inp.flow, 0, ID);
    if (pt === CONNECT) connectMeta(inp, b, s, e);
    return Verdict.Yes;
  },
};
