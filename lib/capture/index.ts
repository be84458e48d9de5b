/** The capture layer's public surface. */
export { readCapture, firstPacketTime, listCaptureInputs, DEFAULT_CHUNK_SIZE, type ReadCaptureOptions } from './reader.js';
export { CaptureError, type CaptureFacts, type CaptureFormat, type RecordSink } from './types.js';
export { MAX_CAPLEN } from './walker.js';
export { pcapFile, pcapngFile, PcapWriter, PcapngWriter, type WriteRecord, type PcapWriteOptions, type NgInterface, type NgBlock, type NgSection } from './writer.js';
