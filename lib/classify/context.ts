import { dissectLimits, LimitHits, type DissectLimits, type LimitName, type Limits } from '../limits.js';
import { BytesMemo, EndpointCache, OneShotCache } from './caches.js';
import { DigestMemo } from './digest.js';
import type { CertMemo } from './tls/x509.js';

/**
 * What one run's dissectors share: the limits they obey, where they count a limit hit, and
 * the caches one flow leaves for later flows of the same run. The classifier owns one per
 * run and hands it to every dissector call (DissectInput.ctx), so that two analyses in one
 * process (or one analysis sharded over workers) never see each other's state: the
 * dissector modules themselves hold no mutable state.
 */

/** The limits a dissector obeys and where it counts a hit. */
export interface LimitScope {
  readonly limits: DissectLimits;
  hit(name: LimitName): void;
}

/**
 * For a dissector driven alone (a test feeding one payload, no classifier): the default
 * limits, hits not counted. Immutable.
 */
export const ALONE: LimitScope = Object.freeze({ limits: dissectLimits(), hit(): void {} });

export class DissectContext implements LimitScope {
  readonly limits: DissectLimits;
  /** STUN/TURN endpoints of flows with a service (nDPI's stun cache). */
  readonly stun = new EndpointCache();
  /**
   * tinc meta connections: "client|server|server port" (nDPI's tinc cache, 10 entries),
   * tagged by the server port.
   */
  readonly tinc = new OneShotCache(10, (key) => Number(key.slice(key.lastIndexOf('|') + 1)));
  /**
   * FTP data endpoints (address, port of the listening side) announced on FTP control
   * connections (PASV/EPSV replies, PORT/EPRT commands) → the control flow's id; taken by
   * the data flow that opens to one (ftp-control.ts, ftp-data.ts). Oldest first out.
   */
  readonly ftpData = new EndpointCache(1024);
  /** JA3/JA4 digests by the fingerprint text hashed (the same client software on many flows). */
  readonly digests = new DigestMemo();
  /** Parsed server certificates by their bytes (the same server on many flows). */
  readonly certs: CertMemo = new BytesMemo(256);

  /** `hits`: the run's limit counters (analyze() reports them in `limits` and `warnings`). */
  constructor(
    limits: Partial<Limits> = {},
    readonly hits: LimitHits = new LimitHits(),
  ) {
    this.limits = dissectLimits(limits);
  }

  hit(name: LimitName): void {
    this.hits.add(name);
  }
}
