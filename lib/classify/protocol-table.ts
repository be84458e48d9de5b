import { PROTOCOL_ROWS } from './protocol-table-data.js';

/**
 * nDPI's protocols: lookups by id, name and default port over the generated table
 * (protocol-table-data.ts, made by scripts/gen-protocols.ts from ndpi-protocols.tsv). The
 * indexes are built once at load time and never change after.
 */

/** One nDPI protocol: id, name, category, breed, default ports. */
export interface ProtocolInfo {
  readonly id: number;
  readonly name: string;
  readonly category: string;
  readonly breed: string;
  /** An application (service) rather than a wire protocol. */
  readonly isApp: boolean;
  readonly cleartext: boolean;
  readonly tcpPorts: readonly number[];
  readonly udpPorts: readonly number[];
}

/** Every known protocol, by ascending id. */
export const PROTOCOLS: readonly ProtocolInfo[] = PROTOCOL_ROWS.map(([id, name, category, breed, app, clear, tcp, udp]) =>
  Object.freeze({ id, name, category, breed, isApp: app === 1, cleartext: clear === 1, tcpPorts: tcp, udpPorts: udp }),
);

const byId: (ProtocolInfo | undefined)[] = [];
/** Name → id (a later row with the same name wins). */
const byName: ReadonlyMap<string, number> = new Map(PROTOCOLS.map((p) => [p.name, p.id]));
// default ports: a later table row wins a shared port (nDPI: 445 → SMBv23, 8080 → HTTP_Proxy)
const tcpPort = new Uint16Array(65536);
const udpPort = new Uint16Array(65536);
for (const p of PROTOCOLS) {
  byId[p.id] = p;
  for (const port of p.tcpPorts) tcpPort[port] = p.id;
  for (const port of p.udpPorts) udpPort[port] = p.id;
}
const DNS_ID = protocolId('DNS');

/** The id of a protocol name as in the table; throws for an unknown name (typos fail loudly). */
export function protocolId(name: string): number {
  const id = byName.get(name);
  if (id === undefined) throw new Error(`unknown nDPI protocol name '${name}'`);
  return id;
}

/** The protocol's record, or undefined for an unknown id. */
export function protocolInfo(id: number): ProtocolInfo | undefined {
  return byId[id];
}

/** The protocol's name ("Unknown" for 0 or an unknown id). */
export function protocolName(id: number): string {
  return byId[id]?.name ?? 'Unknown';
}

/** The protocol's category name ("Unspecified" for an unknown id). */
export function protocolCategory(id: number): string {
  return byId[id]?.category ?? 'Unspecified';
}

/**
 * A verdict's category as nDPI reports it: the application's, except under DNS, whose
 * service is only informative (`DNS.Google` is Network, `TLS.Google` is Web); the master's
 * when the application has none.
 */
export function flowCategory(master: number, app: number): string {
  if (master === DNS_ID && app !== 0) return protocolCategory(master);
  const id = app !== 0 ? app : master;
  const c = protocolCategory(id);
  return c === 'Unspecified' && master !== 0 ? protocolCategory(master) : c;
}

/** nDPI's flow naming: "MASTER.APP" when both are known and differ, else the single name. */
export function l7ProtoName(master: number, app: number): string {
  if (master !== 0 && app !== 0 && master !== app) return `${protocolName(master)}.${protocolName(app)}`;
  if (app !== 0) return protocolName(app);
  if (master !== 0) return protocolName(master);
  return 'Unknown';
}

/** The protocol whose default port this is, for transport 6 (TCP) or 17 (UDP); 0 if none. */
export function guessByPort(transport: number, port: number): number {
  if (transport === 6) return tcpPort[port & 0xffff];
  if (transport === 17) return udpPort[port & 0xffff];
  return 0;
}
