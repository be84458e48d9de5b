/**
 * collectd's binary network protocol (UDP), following nDPI's collectd.c: the datagram is
 * a chain of parts (16-bit type, 16-bit length covering the part); up to 5 are walked and
 * at least 3 must be of known types (host, time, plugin, type, values, interval, message,
 * severity, signature …) and fit the datagram. An encrypted part (0x0210) must instead
 * fill the whole datagram and carry a plausible user-name length. The host part's text
 * becomes flow.host; the encrypted part's user name collectd.user.
 */
import { u16 } from '../bytes.js';
import { Verdict, type DissectInput, type Dissector } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { setOther, setProto, text } from './dissect-kit.js';

const ID = protocolId('collectd');
const MIN_PARTS = 3;
const MAX_PARTS = 5;
const HOST = 0x0000;
const ENCRYPTED = 0x0210;
const ENCR_MIN = 6;
const ENCR_IV = 16;
const TYPES: ReadonlySet<number> = new Set([0x0000, 0x0001, 0x0008, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0009, 0x0100, 0x0101, 0x0200, 0x0210]);

export const collectd: Dissector = {
  name: 'collectd',
  transports: [17],
  ports: [25826],
  dissect(inp: DissectInput): Verdict {
    const b = inp.data;
    const s = inp.off;
    const n = inp.len;
    const flow = inp.flow;
    let off = 0;
    let parts = 0;
    let hostAt = -1;
    let hostLen = 0;
    for (; parts < MAX_PARTS; parts++) {
      if (off + 4 > n) break;
      const len = u16(b, s + off + 2);
      if (len === 0 || off + len > n || off + len > 0xffff) break;
      const type = u16(b, s + off);
      if (!TYPES.has(type)) break;
      if (type === HOST && len > 4) {
        hostAt = s + off + 4;
        hostLen = len - 4;
      } else if (type === ENCRYPTED) {
        if (len !== n || len < ENCR_MIN) return Verdict.No;
        const userLen = u16(b, s + 4);
        if (userLen > n - ENCR_MIN - ENCR_IV) return Verdict.No;
        setProto(flow, 0, ID);
        setOther(flow, 'collectd.user', text(b, s + 6, s + 6 + Math.min(userLen, 63)));
        return Verdict.Yes;
      }
      off += len;
    }
    if (parts < MIN_PARTS) return Verdict.No;
    setProto(flow, 0, ID);
    if (hostAt >= 0) {
      let e = hostAt + hostLen;
      if (e > hostAt && b[e - 1] === 0) e--; // strings carry their NUL
      flow.host = text(b, hostAt, e).toLowerCase();
    }
    return Verdict.Yes;
  },
};
