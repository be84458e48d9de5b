/** DNS messages (RFC 1035): a query and a response with answers that use name compression. */
import { ByteWriter } from './bytes.js';
import { parseIPv4, parseIPv6 } from './packets.js';

export const DNS_A = 1;
export const DNS_CNAME = 5;
export const DNS_AAAA = 28;

function writeName(w: ByteWriter, name: string): void {
  for (const label of name.split('.').filter(Boolean)) {
    if (label.length > 63) throw new Error(`DNS label too long: ${label}`);
    w.u8(label.length).ascii(label);
  }
  w.u8(0);
}

export interface DnsQueryOpts {
  id: number;
  name: string;
  qtype: number;
  /** Recursion desired. Default true. */
  rd?: boolean;
}

export function dnsQuery(o: DnsQueryOpts): Uint8Array {
  const w = new ByteWriter().u16(o.id).u16(o.rd === false ? 0 : 0x0100).u16(1).u16(0).u16(0).u16(0);
  writeName(w, o.name);
  return w.u16(o.qtype).u16(1).finish();
}

export interface DnsAnswer {
  type: typeof DNS_A | typeof DNS_AAAA | typeof DNS_CNAME;
  /** An address for A/AAAA, a host name for CNAME. */
  data: string;
  ttl?: number;
}

/**
 * A response to `dnsQuery(o)`. The first answer's owner name points back at the question
 * (0xc00c); a CNAME's target is written in full and the answers after it point at it.
 */
export function dnsResponse(o: DnsQueryOpts & { answers: DnsAnswer[]; rcode?: number }): Uint8Array {
  const flags = 0x8000 | (o.rd === false ? 0 : 0x0100) | 0x0080 | ((o.rcode ?? 0) & 0xf);
  const w = new ByteWriter().u16(o.id).u16(flags).u16(1).u16(o.answers.length).u16(0).u16(0);
  writeName(w, o.name);
  w.u16(o.qtype).u16(1);
  let owner = 0x0c; // offset of the question name
  for (const a of o.answers) {
    w.u16(0xc000 | owner).u16(a.type).u16(1).u32(a.ttl ?? 300);
    if (a.type === DNS_A) w.u16(4).bytes(parseIPv4(a.data));
    else if (a.type === DNS_AAAA) w.u16(16).bytes(parseIPv6(a.data));
    else {
      const rdataAt = w.length + 2;
      w.block(2, (x) => writeName(x, a.data));
      owner = rdataAt;
    }
  }
  return w.finish();
}

/** DNS over TCP: the message behind a 2-byte length (RFC 1035 §4.2.2). */
export function dnsOverTcp(msg: Uint8Array): Uint8Array {
  return new ByteWriter().u16(msg.length).bytes(msg).finish();
}
