/**
 * How ndpiReader counts a record cut short by the capture (captured length below the
 * original length), next to how flowcheck counts it:
 *
 * - ndpiReader's byte counters add the captured length (`rawsize = header->caplen` in
 *   reader_util.c); flowcheck's add the length on the wire (README: "frame length as on the
 *   wire"). The two differ by what the capture left out.
 * - ndpiReader drops a packet whose IP datagram is longer than what was captured of it
 *   (get_ndpi_flow_info: `ipsize < tot_len`, and the IPv6 payload length likewise);
 *   flowcheck keeps it in its flow, headers being there.
 *
 * "Whole" is decided by decoding the record again as if it had not been cut (original length =
 * captured length): then every length field must fit in the captured bytes.
 */
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../../lib/decode/packet.js';
import { formatAddr } from '../../lib/flow/flow.js';
import { canonicalAddr, ndpiPort, pairKey } from './ndpi-match.js';

/** What flowcheck counts beyond ndpiReader for cut records, per flow and sending endpoint. */
export interface CutSurplus {
  packets: number;
  bytes: number;
}

/** Collects the surplus of cut records; feed it every record (cheap for uncut ones). */
export class CutRecords {
  /** ndpiStyleKey of the flow → "addr|port" of the sender (ndpiPort) → surplus. */
  readonly surplus = new Map<string, Map<string, CutSurplus>>();
  /** Records cut by the capture. */
  cut = 0;
  private readonly dec = new Decoder();
  private readonly strict = new Decoder();
  private readonly pkt = new PacketInfo();
  private readonly strictPkt = new PacketInfo();

  add(data: Uint8Array, off: number, caplen: number, wirelen: number, sec: number, nsec: number, linktype: number): void {
    if (caplen >= wirelen) return;
    this.cut++;
    const pkt = this.pkt;
    if (this.dec.decode(data, off, caplen, wirelen, linktype, sec, nsec, pkt) !== DecodeStatus.Ok || pkt.frames !== 1) return;
    const whole = this.strict.decode(data, off, caplen, caplen, linktype, sec, nsec, this.strictPkt) === DecodeStatus.Ok;
    const v = pkt.ipVersion === 6 ? 6 : 4;
    const src = canonicalAddr(formatAddr(v, pkt.src));
    const dst = canonicalAddr(formatAddr(v, pkt.dst));
    const key = pairKey(src, ndpiPort(pkt.proto, pkt.sport), dst, ndpiPort(pkt.proto, pkt.dport), pkt.vlanId, pkt.proto);
    const bySender = this.surplus.get(key) ?? new Map<string, CutSurplus>();
    const sender = `${src ?? '?'}|${ndpiPort(pkt.proto, pkt.sport)}`;
    const s = bySender.get(sender) ?? { packets: 0, bytes: 0 };
    if (whole) s.bytes += wirelen - caplen;
    else {
      s.packets++;
      s.bytes += wirelen;
    }
    bySender.set(sender, s);
    this.surplus.set(key, bySender);
  }

  /** The surplus of one flow sent by `addr:port` (zero when none). */
  of(key: string, addr: string | undefined, port: number): CutSurplus {
    return this.surplus.get(key)?.get(`${addr ?? '?'}|${port}`) ?? { packets: 0, bytes: 0 };
  }
}
