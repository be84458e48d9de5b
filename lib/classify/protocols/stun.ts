import type { DissectInput, Dissector } from '../dissector.js';
import { Verdict } from '../dissector.js';
import { protocolId } from '../protocol-table.js';
import { startsWith, u16, u32 } from '../bytes.js';
import { formatAddr, type Flow } from '../../flow/flow.js';
import { FlowState, setOther, setProto, text } from './dissect-kit.js';
import { dissectDtls, isDtlsRecordHeader } from './dtls.js';
import { rtpKind } from './rtp.js';

/**
 * STUN / TURN (RFC 8489, 8656, classic RFC 3489) over UDP, and over TCP (plain or with
 * RFC 4571 framing; magic cookie required), following nDPI's stun.c:
 * - a message: type with the class/method bits of a known method (or WhatsApp's
 *   0x080x types), length + 20 = the datagram; classic STUN (no cookie) needs a known
 *   type and attributes that exactly fill it;
 * - the service (the app under the STUN master), nDPI's clues: the REALM text (google.com
 *   → GoogleCall, facebook → FacebookVoip, signal.org/whispersystems.org → SignalVoip,
 *   telegram → TelegramVoip, viber → ViberVoip), Microsoft attributes (0x8054, 0x8055,
 *   0x8070, 0x8095 …) → Skype_TeamsCall, 0xFF03 → GoogleCall, 0x0101/0x0103 → Zoom,
 *   0x4000–0x4007 or message types 0x080x → WhatsAppCall, Google's TURN addresses
 *   (74.125.250.0/24, 142.250.82.0/24, 2001:4860:4864:5::/64 and :6::/64 on 3478 or
 *   19302–19309) → GoogleCall;
 * - after the verdict it keeps reading a few packets (YesMore) for the addresses and a
 *   better service, and hands DTLS records (WebRTC) to the DTLS dissector: the flow then
 *   becomes DTLS or DTLS.<service>, as nDPI shows it. RTP seen in the flow makes STUN.RTP.
 * Metadata: the REALM as flow.host; stun.mapped_address, stun.relayed_address,
 * stun.peer_address, stun.response_origin, stun.other_address ("ip:port").
 * nDPI's stun cache (DissectInput.ctx.stun): a flow with a real service leaves both its
 * endpoints, and the XOR-PEER-ADDRESS peers it names, to that service; a later STUN flow
 * without a service of its own that uses such an endpoint takes it ("DPI (cache)"), and
 * RTP in it makes SRTP.<service>.
 */
const STUN = protocolId('STUN');
const RTP = protocolId('RTP');
const SRTP = protocolId('SRTP');
const RTCP = protocolId('RTCP');
const DTLS = protocolId('DTLS');
const TELEGRAM = protocolId('Telegram');
const GOOGLE_CALL = protocolId('GoogleCall');
const FACEBOOK_VOIP = protocolId('FacebookVoip');
const SIGNAL_VOIP = protocolId('SignalVoip');
const TELEGRAM_VOIP = protocolId('TelegramVoip');
const VIBER_VOIP = protocolId('ViberVoip');
const ADULT = protocolId('AdultContent');
const TEAMS_CALL = protocolId('Skype_TeamsCall');
const ZOOM = protocolId('Zoom');
const WHATSAPP_CALL = protocolId('WhatsAppCall');

const COOKIE = 0x2112a442;
const HDR = 20;
/** Packets looked at before the verdict (nDPI: 6) and after it (nDPI's extra dissection). */
const MAX_SEARCH = 6;
const MAX_EXTRA = 6;
const MAX_EXTRA_DTLS = 16;

const CLASSIC_TYPES: ReadonlySet<number> = new Set([
  0x0001, 0x0101, 0x0111, 0x0002, 0x0102, 0x0112, 0x0003, 0x0103, 0x0113, 0x0004, 0x0104, 0x0114, 0x0115, 0x0006,
  0x0106, 0x0116,
]);

interface StunState {
  detected: boolean;
  isTurn: boolean;
  /** The service found (0 = none). */
  app: number;
  extra: number;
  /** DTLS was handed over to the DTLS dissector. */
  dtls: boolean;
  /**
   * TCP: next unread byte per direction, and whether the stream uses RFC 4571 framing (-1
   * not known yet, 0 no, 1 yes); fields, not pairs in arrays: a state is made per flow.
   */
  pos0: number;
  pos1: number;
  framed0: number;
  framed1: number;
  addrs: number;
}

const states = new FlowState<StunState>(() => ({
  detected: false,
  isTurn: false,
  app: 0,
  extra: 0,
  dtls: false,
  pos0: 0,
  pos1: 0,
  framed0: -1,
  framed1: -1,
  addrs: 0,
}));

const A_MAPPED = 1;
const A_RELAYED = 2;
const A_PEER = 4;
const A_ORIGIN = 8;
const A_OTHER = 16;
const ADDR_KEYS: Record<number, string> = {
  [A_MAPPED]: 'stun.mapped_address',
  [A_RELAYED]: 'stun.relayed_address',
  [A_PEER]: 'stun.peer_address',
  [A_ORIGIN]: 'stun.response_origin',
  [A_OTHER]: 'stun.other_address',
};

const W = new Uint32Array(4);

/** (XOR-)MAPPED-style address attribute value at b[v..v+n) → "ip:port" in metadata. */
function address(st: StunState, flow: Flow, which: number, b: Uint8Array, v: number, n: number, msg: number, xor: boolean): void {
  if ((st.addrs & which) !== 0) return; // only the first one, as nDPI
  const family = b[v + 1];
  let port = u16(b, v + 2);
  if (xor) port ^= COOKIE >>> 16;
  let s: string;
  if (family === 1 && n === 8) {
    let ip = u32(b, v + 4);
    if (xor) ip = (ip ^ COOKIE) >>> 0;
    W[0] = ip;
    s = `${formatAddr(4, W)}:${port}`;
  } else if (family === 2 && n === 20) {
    for (let k = 0; k < 4; k++) {
      let w = u32(b, v + 4 + 4 * k);
      // XOR with the cookie, then the 96-bit transaction id
      if (xor) w = (w ^ (k === 0 ? COOKIE : u32(b, msg + 4 + 4 * k))) >>> 0;
      W[k] = w;
    }
    s = `[${formatAddr(6, W)}]:${port}`;
  } else return;
  st.addrs |= which;
  setOther(flow, ADDR_KEYS[which], s);
}

/** An XOR-PEER-ADDRESS value at b[v..v+n) of the message at msg, remembered for `id`. */
function cachePeer(inp: DissectInput, b: Uint8Array, v: number, n: number, msg: number, id: number): void {
  const cache = inp.ctx?.stun;
  if (cache === undefined) return;
  const family = b[v + 1];
  const port = u16(b, v + 2) ^ (COOKIE >>> 16);
  const w = new Uint32Array(4);
  if (family === 1 && n === 8) {
    w[0] = (u32(b, v + 4) ^ COOKIE) >>> 0;
    cache.add(formatAddr(4, w), port, id);
  } else if (family === 2 && n === 20) {
    for (let k = 0; k < 4; k++) w[k] = (u32(b, v + 4 + 4 * k) ^ (k === 0 ? COOKIE : u32(b, msg + 4 + 4 * k))) >>> 0;
    cache.add(formatAddr(6, w), port, id);
  }
}

/** The service named by a REALM value, or 0. */
function realmService(realm: string): number {
  if (realm.includes('google.com')) return GOOGLE_CALL;
  if (realm.includes('whispersystems.org') || realm.includes('signal.org')) return SIGNAL_VOIP;
  if (realm.includes('facebook')) return FACEBOOK_VOIP;
  if (realm.includes('stripcdn.com')) return ADULT;
  if (realm.includes('telegram')) return TELEGRAM_VOIP;
  if (realm.includes('viber')) return VIBER_VOIP;
  return 0;
}

/**
 * One STUN message at b[m..m+len): 1 when it is STUN (st.app may be set), 0 when not,
 * -1 when it is not even shaped like one.
 */
function parse(st: StunState, inp: DissectInput, b: Uint8Array, m: number, len: number): number {
  if (len < HDR) return -1;
  // legacy "RSP/x.y STUN_…" text messages
  if (startsWith(b, m, m + len, 'RSP/') && startsWith(b, m + 7, m + len, ' STUN_')) return 1;
  // Microsoft multiplexed TURN (MS-TURN 2.2.3)
  if (len >= HDR + 12 && u16(b, m) === 0xff10 && u16(b, m + 2) + 4 === len) {
    m += 12;
    len -= 12;
  }
  const type = u16(b, m);
  const msgLen = u16(b, m + 2);
  const cookie = u32(b, m + 4);
  if (type === 0 || msgLen + HDR !== len) return -1;
  const wa = type === 0x0800 || type === 0x0801 || type === 0x0802 || type === 0x0804 || type === 0x0805;
  if ((type & 0x3eef) > 0x000b && !wa) return -1;
  const end = m + len;
  if (cookie !== COOKIE) {
    if (!CLASSIC_TYPES.has(type)) return 0;
    let off = m + HDR;
    while (off + 4 < end) off += 4 + ((u16(b, off + 2) + 3) & ~3);
    if (off !== end) return 0;
  }
  if (wa) {
    st.app = WHATSAPP_CALL;
    return 1;
  }
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  if (method >= 3 && method <= 12 && method !== 0) st.isTurn = true;
  const flow = inp.flow;
  if (inp.packetIndex > 4 && !st.isTurn && st.app === 0 && (flow.cliPort === 10000 || flow.srvPort === 10000)) {
    st.app = SIGNAL_VOIP;
  }
  let off = m + HDR;
  for (let k = 0; k < 64 && off + 4 < end; k++) {
    const attr = u16(b, off);
    const n = u16(b, off + 2);
    const v = off + 4;
    const fits = v + n <= end;
    switch (attr) {
      case 0x0001:
        if (fits) address(st, flow, A_MAPPED, b, v, n, m, false);
        break;
      case 0x0020:
        if (fits) address(st, flow, A_MAPPED, b, v, n, m, true);
        break;
      case 0x0016:
        if (fits) address(st, flow, A_RELAYED, b, v, n, m, true);
        break;
      case 0x0012:
        if (fits) {
          address(st, flow, A_PEER, b, v, n, m, true);
          // a flow already named after a service leaves its peers to it
          if (flow.l7Master === STUN && isRealService(flow.l7App)) cachePeer(inp, b, v, n, m, flow.l7App);
        }
        break;
      case 0x802b:
        if (fits) address(st, flow, A_ORIGIN, b, v, n, m, false);
        break;
      case 0x802c:
        if (fits) address(st, flow, A_OTHER, b, v, n, m, false);
        break;
      case 0x0101:
      case 0x0103:
        st.app = ZOOM;
        return 1;
      case 0x4000:
      case 0x4001:
      case 0x4002:
      case 0x4003:
      case 0x4004:
      case 0x4007:
        st.app = WHATSAPP_CALL;
        break;
      case 0x0014: // REALM
        if (flow.host === '') {
          const realm = text(b, v, Math.min(v + n, end)).toLowerCase();
          if (realm !== '' && !realm.includes('?')) {
            flow.host = realm;
            const svc = realmService(realm);
            if (svc !== 0) st.app = svc;
          }
        }
        break;
      case 0x8054:
      case 0x24df:
      case 0x3802:
      case 0x8036:
      case 0x8095:
      case 0x0800:
      case 0x8006:
      case 0x8070:
      case 0x8055:
        st.app = TEAMS_CALL;
        break;
      case 0xff03:
        st.app = GOOGLE_CALL;
        break;
    }
    off = v + ((n + 3) & ~3);
  }
  return 1;
}

function inGoogleTurn(flow: Flow): boolean {
  const cp = flow.cliPort;
  const sp = flow.srvPort;
  const ports = cp === 3478 || sp === 3478 || (cp >= 19302 && cp <= 19309) || (sp >= 19302 && sp <= 19309);
  if (!ports) return false;
  if (flow.ipVersion === 4) {
    for (const a of [flow.cli[0] >>> 8, flow.srv[0] >>> 8]) {
      if (a === 0x4a7dfa || a === 0x8efa52) return true; // 74.125.250.0/24, 142.250.82.0/24
    }
    return false;
  }
  for (const w of [flow.cli, flow.srv]) {
    if (w[0] === 0x20014860 && w[1] >>> 0 === 0x48640005) return true;
    if (w[0] === 0x20014860 && w[1] >>> 0 === 0x48640006) return true;
  }
  return false;
}

/** A service of its own (not one of the transports STUN carries). */
function isRealService(id: number): boolean {
  return id !== 0 && id !== STUN && id !== RTP && id !== RTCP && id !== SRTP && id !== DTLS && id !== TELEGRAM;
}

/**
 * The service from the run's cache when the flow has none of its own; a flow with one
 * leaves its endpoints to it (nDPI's ndpi_int_stun_add_connection).
 */
function cached(st: StunState, inp: DissectInput): void {
  const cache = inp.ctx?.stun;
  if (cache === undefined) return;
  if (!isRealService(st.app)) {
    const id = cache.forFlow(inp.flow);
    if (id !== 0) st.app = id;
  }
  if (isRealService(st.app)) cache.addFlow(inp.flow, st.app);
}

/** The verdict from the state: STUN or STUN.<service>. */
function apply(st: StunState, inp: DissectInput): void {
  const flow = inp.flow;
  if (st.app === 0 && inGoogleTurn(flow)) st.app = GOOGLE_CALL;
  cached(st, inp);
  if (st.app !== 0) setProto(flow, STUN, st.app);
  else if (flow.l7App === 0 || flow.l7App === STUN) setProto(flow, 0, STUN);
}

/**
 * nDPI's is_stun() verdict on a packet, without its metadata: 1 STUN (or the legacy
 * "RSP/x.y STUN_" text), 0 shaped like a STUN header but not STUN (classic STUN that does
 * not check out; over TCP, no magic cookie or a message longer than the packet), -1 not
 * even a STUN header. `tcp`: b[o..o+len) is a TCP packet (RFC 4571 framing allowed).
 * The RTP dissector uses it to give up on a flow that turns to STUN.
 */
export function stunCode(b: Uint8Array, o: number, len: number, tcp: boolean): number {
  if (len < HDR) return -1;
  if (startsWith(b, o, o + len, 'RSP/') && startsWith(b, o + 7, o + len, ' STUN_')) return 1;
  if (tcp && len >= HDR + 2 && u16(b, o) + 2 === len) {
    o += 2;
    len -= 2;
  }
  if (len >= HDR + 12 && u16(b, o) === 0xff10 && u16(b, o + 2) + 4 === len) {
    o += 12;
    len -= 12;
  }
  const type = u16(b, o);
  const msgLen = u16(b, o + 2);
  const cookie = u32(b, o + 4);
  if (tcp) {
    if (cookie !== COOKIE || msgLen + HDR > len) return 0;
    len = msgLen + HDR;
  }
  if (type === 0 || msgLen + HDR !== len) return -1;
  const wa = type === 0x0800 || type === 0x0801 || type === 0x0802 || type === 0x0804 || type === 0x0805;
  if ((type & 0x3eef) > 0x000b && !wa) return -1;
  if (cookie !== COOKIE) {
    if (!CLASSIC_TYPES.has(type)) return 0;
    const end = o + len;
    let off = o + HDR;
    while (off + 4 < end) off += 4 + ((u16(b, off + 2) + 3) & ~3);
    if (off !== end) return 0;
  }
  return 1;
}

/** Cheap pre-check of a datagram: a STUN header whose length fits (or MS-TURN framing). */
function maybeStun(b: Uint8Array, o: number, len: number): boolean {
  if (len < HDR) return false;
  if (b[o] === 0x52 /* RSP/ (legacy) */ || (u16(b, o) === 0xff10 && len >= HDR + 12)) return true;
  return b[o] <= 3 && u16(b, o + 2) + HDR === len;
}

function isBroadcastOrMulticast(inp: DissectInput): boolean {
  const f = inp.flow;
  if (f.ipVersion !== 4) return false;
  const dst = (inp.dir === 0 ? f.srv[0] : f.cli[0]) >>> 0;
  return dst === 0xffffffff || dst >>> 28 === 0xe;
}

/** After the verdict: more STUN, DTLS (handed over), RTP. */
function again(st: StunState, inp: DissectInput, b: Uint8Array, o: number, len: number): void {
  const flow = inp.flow;
  const first = b[o];
  if (first <= 3) {
    const before = st.app;
    // a new service, or none yet: each later message looks into the run's cache again (nDPI)
    if (parse(st, inp, b, o, len) === 1 && (st.app !== before || !isRealService(st.app))) apply(st, inp);
  } else if (first >= 20 && first <= 63) {
    if (inp.transport === 17 && isDtlsRecordHeader(b, o, o + len)) {
      st.dtls = true;
      if (st.app === 0) setProto(flow, 0, STUN);
    }
  } else if (first >= 128 && first <= 191) {
    if (rtpKind(b, o, len) === 1 && flow.l7App !== RTP && flow.l7Master !== SRTP) {
      cached(st, inp);
      if (st.app !== 0) setProto(flow, SRTP, st.app);
      else setProto(flow, STUN, RTP);
    }
  }
}

export const stun: Dissector = {
  name: 'STUN',
  transports: [17, 6],
  ports: [3478, 5349, 19302, 19303, 19304, 19305, 19306, 19307, 19308, 19309],
  dissect(inp: DissectInput): Verdict {
    const flow = inp.flow;
    let cur = states.peek(flow);
    if (cur === undefined) {
      if (isBroadcastOrMulticast(inp)) return Verdict.No;
      // UDP: nothing shaped like a STUN message yet → no state for the flow
      if (inp.transport === 17 && !maybeStun(inp.data, inp.off, inp.len)) {
        return inp.packetIndex + 1 >= MAX_SEARCH ? Verdict.No : Verdict.More;
      }
      cur = states.get(flow);
    }
    const st = cur;
    if (st.dtls) {
      const v = dissectDtls(inp);
      if (v === Verdict.Yes || ++st.extra >= MAX_EXTRA_DTLS) {
        states.drop(flow);
        return Verdict.Yes;
      }
      return Verdict.YesMore;
    }
    const b = inp.data;
    if (inp.transport === 17) {
      if (!st.detected) {
        const rc = parse(st, inp, b, inp.off, inp.len);
        if (rc === 1) {
          st.detected = true;
          apply(st, inp);
          return Verdict.YesMore;
        }
        if (inp.packetIndex + 1 >= MAX_SEARCH) {
          states.drop(flow);
          return Verdict.No;
        }
        return Verdict.More;
      }
      if (inp.len > 1) again(st, inp, b, inp.off, inp.len);
      if (st.dtls) {
        st.extra = 0;
        const v = dissectDtls(inp);
        if (v === Verdict.Yes) {
          states.drop(flow);
          return Verdict.Yes;
        }
        return Verdict.YesMore;
      }
      if (++st.extra >= MAX_EXTRA) {
        states.drop(flow);
        return Verdict.Yes;
      }
      return Verdict.YesMore;
    }
    // TCP: messages one after another, each optionally framed by a 16-bit length
    const d = inp.dir;
    const end = inp.off + inp.len;
    let p = inp.off + (d === 0 ? st.pos0 : st.pos1);
    let framed = d === 0 ? st.framed0 : st.framed1;
    if (framed < 0) {
      if (end - p < HDR + 2) return inp.packetIndex + 1 >= MAX_SEARCH ? Verdict.No : st.detected ? Verdict.YesMore : Verdict.More;
      if (u32(b, p + 4) === COOKIE) framed = 0;
      else if (u32(b, p + 6) === COOKIE) framed = 1;
      else {
        states.drop(flow);
        return st.detected ? Verdict.Yes : Verdict.No;
      }
      if (d === 0) st.framed0 = framed;
      else st.framed1 = framed;
    }
    const f = framed * 2;
    for (let k = 0; k < 16; k++) {
      if (end - p < f + HDR) break;
      const m = p + f;
      if (u32(b, m + 4) !== COOKIE) {
        states.drop(flow);
        return st.detected ? Verdict.Yes : Verdict.No;
      }
      const size = HDR + u16(b, m + 2);
      if (f === 2 && u16(b, p) < size) {
        states.drop(flow);
        return st.detected ? Verdict.Yes : Verdict.No;
      }
      const total = f === 2 ? 2 + u16(b, p) : size;
      if (p + total > end) break; // wait for the rest of the message
      if (!st.detected) {
        if (parse(st, inp, b, m, size) !== 1) {
          states.drop(flow);
          return Verdict.No;
        }
        st.detected = true;
        apply(st, inp);
      } else {
        again(st, inp, b, m, size);
      }
      p += total;
      if (d === 0) st.pos0 = p - inp.off;
      else st.pos1 = p - inp.off;
    }
    if (!st.detected) {
      if (inp.packetIndex + 1 >= MAX_SEARCH) {
        states.drop(flow);
        return Verdict.No;
      }
      return Verdict.More;
    }
    if (++st.extra > MAX_EXTRA + 2) {
      states.drop(flow);
      return Verdict.Yes;
    }
    return Verdict.YesMore;
  },
};
