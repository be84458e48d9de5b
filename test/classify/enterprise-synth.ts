/**
 * Synthesized payloads for enterprise-services dissectors that no corpus capture exercises,
 * built from the layouts nDPI's dissectors check (and the protocols' specifications).
 */
import type { CorpusPkt } from './dhcp-stun-fixtures.js';

const hex = (b: Buffer): string => b.toString('hex');

/**
 * A CQL v4 STARTUP request: header (version 4, flags 0, stream 0, opcode 1, length) and a
 * string map whose last entry is CQL_VERSION with a 7-character value, which puts the key
 * 20 bytes before the end, where nDPI looks for it.
 */
export function cqlStartup(): string {
  const str = (s: string) => Buffer.concat([Buffer.from([s.length >> 8, s.length & 255]), Buffer.from(s)]);
  const body = Buffer.concat([Buffer.from([0, 2]), str('DRIVER_NAME'), str('DataStax Python Driver'), str('CQL_VERSION'), str('3.4.5.0')]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(body.length);
  return hex(Buffer.concat([Buffer.from([0x04, 0x00, 0x00, 0x00, 0x01]), len, body]));
}

/** TDS PRELOGIN (type 0x12, status 0x01 EOM) of 47 bytes, as a SQL Server client sends first. */
export function tdsPrelogin(): string {
  const body = Buffer.from('000015000601001b000102001c000103001d0000ff0e000d0000000000000000', 'hex');
  const total = 8 + body.length;
  return hex(Buffer.concat([Buffer.from([0x12, 0x01, total >> 8, total & 255, 0, 0, 1, 0]), body]));
}

export const CASSANDRA_STARTUP: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.1:40000', to: '10.0.0.2:9042', hex: cqlStartup() },
];
export const TDS_PRELOGIN: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.1:40001', to: '10.0.0.2:1433', hex: tdsPrelogin() },
];
export const RSYNC_GREETING: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.2:873', to: '10.0.0.1:40002', hex: Buffer.from('@RSYNCD: 31.0\n').toString('hex') },
];
/** Gearman SUBMIT_JOB request: "\0REQ", type 7, length, then function\0unique\0data. */
export const GEARMAN_SUBMIT: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.1:40003', to: '10.0.0.2:4730', hex: '00524551000000070000000d7265766572736500003132330061' },
];
/** LNet hello (magic 0x45726963 little-endian), destination NID address 10.0.0.2 at offset 8. */
export const LUSTRE_HELLO: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.1:1023', to: '10.0.0.2:988', hex: '63697245' + '01000000' + '0200000a' + '00000000' + '0000000000000000' },
];
export const NOMACHINE_HELLO: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.1:40004', to: '10.0.0.2:4000', hex: Buffer.from('NXSH-8.10.1\n').toString('hex') },
];
/** NRPC first segment: 6 bytes of length/prefix then 00 00 02 00 00 40 02 0F and more. */
export const NOTES_HELLO: readonly CorpusPkt[] = [
  { frame: 0, from: '10.0.0.1:40005', to: '10.0.0.2:1352', hex: '7a0000000000' + '000002000040020f' + '0000000000000000000000' },
];
/** PROXY protocol v2 header (signature, version/command 0x21, TCP4, 12 address bytes) then data. */
export const HAPROXY_V2: readonly CorpusPkt[] = [
  {
    frame: 0,
    from: '10.0.0.1:40006',
    to: '10.0.0.2:443',
    hex: '0d0a0d0a000d0a515549540a' + '2111000c' + '0a0000010a000002' + '9c4001bb' + '160301',
  },
];
