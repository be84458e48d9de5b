import * as nodeCrypto from 'node:crypto';
import type { Flow } from './flow.js';

/**
 * Community ID v1 (https://github.com/corelight/community-id-spec): a hash of the flow
 * 5-tuple that Zeek, Suricata and others also emit, so reports can be joined.
 * sha1(seed:2 | saddr | daddr | proto:1 | pad:1 | sport:2 | dport:2), base64, "1:" prefix;
 * endpoints ordered so the smaller (address, port) comes first. ICMP types map to
 * "ports" as the spec's table says, so a request and its reply share the ID.
 */
export function communityId(flow: Flow, seed = 0): string {
  const words = flow.ipVersion === 4 ? 1 : 4;
  let sp = flow.cliPort;
  let dp = flow.srvPort;
  let oneWay = false;
  const proto = flow.proto;
  if (proto === 1 || proto === 58) {
    [sp, dp, oneWay] = icmpPorts(proto, flow);
  }
  const hasPorts = proto === 6 || proto === 17 || proto === 132 || proto === 1 || proto === 58;
  const a = flow.cli;
  const b = flow.srv;
  // compare the addresses as big-endian bytes, i.e. word by word as unsigned integers
  let c = 0;
  for (let i = 0; i < words && c === 0; i++) c = a[i] === b[i] ? 0 : a[i] >>> 0 < b[i] >>> 0 ? -1 : 1;
  const swap = !oneWay && (c > 0 || (c === 0 && sp > dp));
  const first = swap ? b : a;
  const second = swap ? a : b;
  const buf = SCRATCH;
  let o = 0;
  buf[o++] = (seed >>> 8) & 255;
  buf[o++] = seed & 255;
  for (let i = 0; i < words; i++, o += 4) putWord(buf, o, first[i]);
  for (let i = 0; i < words; i++, o += 4) putWord(buf, o, second[i]);
  buf[o++] = proto;
  buf[o++] = 0;
  if (hasPorts) {
    const p1 = swap ? dp : sp;
    const p2 = swap ? sp : dp;
    buf[o++] = p1 >>> 8;
    buf[o++] = p1 & 255;
    buf[o++] = p2 >>> 8;
    buf[o++] = p2 & 255;
  }
  return '1:' + sha1Base64(PREFIX[o]);
}

/** The hashed tuple is at most 2 + 16 + 16 + 2 + 4 bytes; one buffer serves every call. */
const SCRATCH = Buffer.alloc(40);
/** SCRATCH's first n bytes for each n, made once (a view per call was a Buffer object per flow, twice for a flow with alerts). */
const PREFIX: readonly Buffer[] = Array.from({ length: SCRATCH.length + 1 }, (_, n) => SCRATCH.subarray(0, n));

function putWord(b: Buffer, o: number, w: number): void {
  b[o] = w >>> 24;
  b[o + 1] = (w >>> 16) & 255;
  b[o + 2] = (w >>> 8) & 255;
  b[o + 3] = w & 255;
}

// Node ≥ 20.12 has a one-shot crypto.hash, several times cheaper than a Hash object
const oneShot = (nodeCrypto as unknown as { hash?: (alg: string, data: Uint8Array, enc: 'base64') => string }).hash;

function sha1Base64(b: Uint8Array): string {
  if (typeof oneShot === 'function') return oneShot('sha1', b, 'base64');
  return nodeCrypto.createHash('sha1').update(b).digest('base64');
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
