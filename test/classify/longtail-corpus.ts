/**
 * Test-only: runs the real Classifier (whole registry, in its order) over the flows of a
 * corpus capture read by the independent test reader of tls-pcap-helper.ts, and pairs each
 * flow's verdict with nDPI's `.out` line for the same ports.
 */
import { readFileSync } from 'node:fs';
import { Classifier } from '../../lib/classify/classifier.js';
import { l7ProtoName } from '../../lib/classify/protocol-table.js';
import { PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';
import { ndpiLine, readFlows, type RawFlow } from './tls-pcap-helper.js';
import { ip4 } from './longtail-feed.js';

export interface Verdicts {
  rf: RawFlow;
  flow: Flow;
  ours: string;
  /** nDPI's name for the flow ('' when the .out has no line for it). */
  ndpi: string;
  /** nDPI's confidence text. */
  ndpiConfidence: string;
  /** nDPI's whole `.out` line ('' when none). */
  line: string;
}

/** Classifies every TCP/UDP flow of `file`; TCP streams are rebuilt in sequence order. */
export function classifyCapture(file: string): Verdicts[] {
  const out = readFileSync(`${file}.out`, 'utf8');
  const res: Verdicts[] = [];
  const pkt = new PacketInfo();
  for (const rf of readFlows(file)) {
    const flow = new Flow(res.length + 1);
    flow.proto = rf.proto;
    flow.cliPort = rf.cliPort;
    flow.srvPort = rf.srvPort;
    if (!rf.cli.includes(':')) {
      flow.cli[0] = ip4(rf.cli);
      flow.srv[0] = ip4(rf.srv);
    } else flow.ipVersion = 6;
    const cls = new Classifier({}, () => {});
    const streams = [new Uint8Array(64 * 1024), new Uint8Array(64 * 1024)];
    const lens = [0, 0];
    const next: (number | null)[] = [null, null];
    for (const p of rf.pkts) {
      if (flow.classified) break;
      pkt.sport = p.dir === 0 ? rf.cliPort : rf.srvPort;
      pkt.dport = p.dir === 0 ? rf.srvPort : rf.cliPort;
      let data = p.payload;
      let len = p.payload.length;
      if (rf.proto === 6) {
        len = 0;
        if (p.syn) {
          if (next[p.dir] === null) next[p.dir] = (p.seq + 1) >>> 0;
        } else if (p.payload.length > 0) {
          if (next[p.dir] === null) next[p.dir] = p.seq;
          const rel = (p.seq - (next[p.dir] as number)) | 0;
          const skip = -rel;
          if (rel <= 0 && skip < p.payload.length) {
            const add = p.payload.subarray(skip);
            const n = Math.min(streams[p.dir].length - lens[p.dir], add.length);
            streams[p.dir].set(add.subarray(0, n), lens[p.dir]);
            lens[p.dir] += n;
            next[p.dir] = ((next[p.dir] as number) + add.length) >>> 0;
            len = lens[p.dir];
          }
        }
        data = streams[p.dir];
      }
      cls.inspect(flow, p.dir, pkt, data, 0, len);
    }
    cls.end(flow);
    const line = ndpiLine(out, rf) ?? '';
    res.push({
      rf,
      flow,
      ours: l7ProtoName(flow.l7Master, flow.l7App),
      ndpi: /\[proto: (?:[A-Z]+:)?[\d.]+\/([^\]]+)\]/.exec(line)?.[1] ?? '',
      ndpiConfidence: /\[Confidence: ([^\]]+)\]/.exec(line)?.[1] ?? '',
      line,
    });
  }
  return res;
}
