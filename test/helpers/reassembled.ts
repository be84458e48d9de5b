/**
 * Which flows of a capture received a reassembled IP datagram: ndpiReader drops all but the
 * first fragment of a datagram, flowcheck counts every fragment, so such a flow counts at
 * least nDPI's packets and bytes.
 */
import { readCapture } from '../../lib/capture/reader.js';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../../lib/decode/packet.js';
import { formatAddr } from '../../lib/flow/flow.js';
import { canonicalAddr, ndpiPort, pairKey } from './ndpi-match.js';

/** ndpiStyleKey (test/helpers/ndpi-match.ts) of every flow that got a reassembled datagram. */
export async function reassembledFlowKeys(file: string): Promise<Set<string>> {
  const keys = new Set<string>();
  const dec = new Decoder();
  const pkt = new PacketInfo();
  await readCapture(file, {
    onRecord(data, off, caplen, wirelen, sec, nsec, linktype) {
      if (dec.decode(data, off, caplen, wirelen, linktype, sec, nsec, pkt) !== DecodeStatus.Ok || pkt.frames === 1) return;
      const v = pkt.ipVersion === 6 ? 6 : 4;
      keys.add(pairKey(canonicalAddr(formatAddr(v, pkt.src)), ndpiPort(pkt.proto, pkt.sport), canonicalAddr(formatAddr(v, pkt.dst)), ndpiPort(pkt.proto, pkt.dport), pkt.vlanId, pkt.proto));
    },
  });
  return keys;
}
