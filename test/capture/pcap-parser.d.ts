// pcap-parser ships no types; only what the oracle test uses.
declare module 'pcap-parser' {
  import type { EventEmitter } from 'node:events';
  const pcapp: { parse(input: string | NodeJS.ReadableStream): EventEmitter };
  export default pcapp;
}
