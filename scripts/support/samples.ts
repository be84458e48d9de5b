/** The bundled sample captures, built in memory: file name (under samples/) → bytes. */
import { gzipSync } from 'node:zlib';
import { pcapFile, pcapngFile } from '../../lib/capture/writer.js';
import { mixedFrames } from './mixed.js';
import { frameRecords } from './packets.js';

const LINKTYPE_ETHERNET = 1;

/** gzip without a modification time and with OS "unknown", so the bytes depend on the data only. */
export function gzipDeterministic(data: Uint8Array): Buffer {
  const gz = gzipSync(data, { level: 9 });
  gz.writeUInt32LE(0, 4); // MTIME
  gz[9] = 0xff; // OS
  return gz;
}

export function sampleFiles(): Map<string, Buffer> {
  const records = frameRecords(mixedFrames());
  const pcap = pcapFile(records, { linktype: LINKTYPE_ETHERNET, snaplen: 262144 });
  const out = new Map<string, Buffer>();
  out.set('mixed.pcap', pcap);
  out.set('mixed.pcapng', pcapngFile({
    interfaces: [{ linktype: LINKTYPE_ETHERNET, snaplen: 262144 }],
    blocks: records.map((r) => ({ kind: 'epb' as const, sec: r.sec, usec: r.usec, data: r.data })),
  }));
  out.set('mixed.pcap.gz', gzipDeterministic(pcap));
  out.set('mixed-nsec-be.pcap', pcapFile(records, { linktype: LINKTYPE_ETHERNET, snaplen: 262144, nanos: true, bigEndian: true }));
  return out;
}
