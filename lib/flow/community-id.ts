import { createHash } from 'node:crypto';
import type { Flow } from './flow.js';

/**
 * Community ID v1 (https://github.com/corelight/community-id-spec): a hash of the flow
 * 5-tuple that Zeek, Suricata and others also emit, so reports can be joined.
 * sha1(seed:2 | saddr | daddr | proto:1 | pad:1 | sport:2 | dport:2), base64, "1:" prefix;
 * endpoints ordered so the smaller (address, port) comes first. ICMP types map to
 * "ports" as the spec's table says, so a request and its reply share the ID.
 */
export function communityId(flow: Flow, seed = 0): string {
  const addrLen = flow.ipVersion === 4 ? 4 : 16;
  const a = addrBytes(flow.ipVersion, flow.cli);
  const b = addrBytes(flow.ipVersion, flow.srv);
  let sp = flow.cliPort;
  let dp = flow.srvPort;
  let oneWay = false;
  const proto = flow.proto;
  if (proto === 1 || proto === 58) {
    [sp, dp, oneWay] = icmpPorts(proto, flow);
  }
  const hasPorts = proto === 6 || proto === 17 || proto === 132 || proto === 1 || proto === 58;
  let first = a;
  let second = b;
  let p1 = sp;
  let p2 = dp;
  const c = Buffer.compare(a, b);
  if (!oneWay && (c > 0 || (c === 0 && sp > dp))) {
    first = b;
    second = a;
    p1 = dp;
    p2 = sp;
  }
  const buf = Buffer.alloc(2 + 2 * addrLen + 2 + (hasPorts ? 4 : 0));
  let o = 0;
  buf.writeUInt16BE(seed, o);
  o += 2;
  first.copy(buf, o);
  o += addrLen;
  second.copy(buf, o);
  o += addrLen;
  buf[o++] = proto;
  buf[o++] = 0;
  if (hasPorts) {
    buf.writeUInt16BE(p1, o);
    buf.writeUInt16BE(p2, o + 2);
  }
  return '1:' + createHash('sha1').update(buf).digest('base64');
}

function addrBytes(version: 4 | 6, w: Uint32Array): Buffer {
  if (version === 4) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(w[0] >>> 0);
    return b;
  }
  const b = Buffer.alloc(16);
  for (let i = 0; i < 4; i++) b.writeUInt32BE(w[i] >>> 0, i * 4);
  return b;
}

// ICMP type → counterpart type (the spec's mapping), for v4 and v6
const ICMP4_PAIRS: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17 };
const ICMP6_PAIRS: Record<number, number> = { 128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135, 130: 131, 131: 130, 144: 145, 145: 144 };

/** [sport, dport, oneWay] for ICMP: type and code, or type and its counterpart type. */
function icmpPorts(proto: number, flow: Flow): [number, number, boolean] {
  const type = flow.icmpType;
  const pairs = proto === 1 ? ICMP4_PAIRS : ICMP6_PAIRS;
  const other = pairs[type];
  if (other === undefined) return [type, flow.icmpCode, true];
  return [type, other, false];
}
