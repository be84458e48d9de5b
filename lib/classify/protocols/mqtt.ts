/**
 * MQTT (3.1 / 3.1.1 / 5.0): the client opens with CONNECT — fixed header 0x10, a
 * variable-length "remaining length" (1–4 bytes, 7 bits each), then the protocol name
 * "MQTT" (levels 4, 5) or "MQIsdp" (level 3), the level, connect flags (bit 0 reserved,
 * zero) and the keep-alive. Metadata: mqtt.version (protocol level), mqtt.client_id.
 */
import { startsWith, u16, utf8 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto } from './dissect-kit.js';

const ID = protocolId('MQTT');

/** CONNECT at b[s..e): the offset after its variable header, 0 when not, -1 need more. */
export function mqttConnect(b: Uint8Array, s: number, e: number): number {
  if (e - s < 2) return e > s && b[s] !== 0x10 ? 0 : -1;
  if (b[s] !== 0x10) return 0;
  let rem = 0;
  let p = s + 1;
  for (let k = 0; ; k++) {
    if (k === 4) return 0;
    if (p >= e) return -1;
    const c = b[p++];
    rem += (c & 0x7f) * 2 ** (7 * k);
    if ((c & 0x80) === 0) break;
  }
  if (rem < 10 || rem > 0x10000) return 0;
  if (e - p < 10) return -1;
  const nameLen = u16(b, p);
  let level: number;
  if (nameLen === 4 && startsWith(b, p + 2, e, 'MQTT')) level = b[p + 6];
  else if (nameLen === 6 && startsWith(b, p + 2, e, 'MQIsdp')) {
    if (e - p < 12) return -1;
    level = b[p + 8];
  } else return 0;
  if (level < 3 || level > 5) return 0;
  const flags = b[p + 3 + nameLen];
  if ((flags & 1) !== 0) return 0;
  return p + 2 + nameLen + 4; // after level, flags and keep-alive
}

export const mqtt: Dissector = {
  name: 'MQTT',
  transports: [6],
  ports: [1883],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const e = s + inp.len;
    if (inp.dir !== 0) return Verdict.No; // the client speaks first
    const v = mqttConnect(b, s, e);
    if (v === 0) return Verdict.No;
    if (v < 0) return inp.packetIndex < 4 ? Verdict.More : Verdict.No;
    const flow = inp.flow;
    setProto(flow, 0, ID);
    const level = b[v - 4];
    setOther(flow, 'mqtt.version', level);
    let p = v;
    if (level === 5) {
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
    return Verdict.Yes;
  },
};
