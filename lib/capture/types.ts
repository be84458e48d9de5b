/**
 * Types shared by the capture readers (pcap, pcapng, gzip, stdin).
 * The reader pushes records into a sink; `data` is the reader's chunk buffer and is only
 * valid during the call (no copy per packet).
 */
export interface RecordSink {
  onRecord(
    data: Uint8Array,
    offset: number,
    caplen: number,
    wirelen: number,
    tsSec: number,
    tsNsec: number,
    linktype: number,
  ): void;
}

export type CaptureFormat = 'pcap' | 'pcap-nsec' | 'pcapng';

/** What one capture file turned out to be, and what reading it found. */
export interface CaptureFacts {
  file: string;
  format: CaptureFormat;
  bigEndian: boolean;
  gzip: boolean;
  /** Link types seen, sorted ascending. */
  linktypes: number[];
  records: number;
  /** Sum of the records' original (wire) lengths. */
  bytes: number;
  /** Bytes of the (decompressed) file consumed. */
  fileBytes: number;
  firstSec: number;
  firstNsec: number;
  lastSec: number;
  lastNsec: number;
  warnings: string[];
}

/** An unreadable capture: names the file and the byte offset where reading stopped. */
export class CaptureError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(`${file}: offset ${offset}: ${reason}`);
    this.name = 'CaptureError';
  }
}
