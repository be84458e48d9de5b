/**
 * TLS Susp Extn (nDPI tls.c, checkExtensions): an extension id in a ClientHello or
 * ServerHello that is neither IANA-assigned (0..59, 65281 renegotiation_info, 65037 ECH) nor
 * one of the non-IANA ids nDPI allows (NPN, Channel ID, QUIC transport parameters of the
 * drafts, ALPS, the GREASE values and a few others), or a DTLS-only id (53, 54) outside DTLS.
 * The dissector (lib/classify/tls/handshake.ts) records the first such id of the flow.
 */

/**
 * Non-IANA extension ids nDPI accepts. ESNI (65486) is one in the ndpiReader of the corpus
 * (encrypted_sni.pcap, no_sni.pcap: no risk) though nDPI's newest tls.c no longer lists it.
 */
const ALLOWED_NON_IANA: ReadonlySet<number> = new Set([
  65486, 13172, 30032, 65445,
  2570, 6682, 10794, 14906, 19018, 23130, 27242, 31354, 35466, 39578, 43690, 47802, 51914, 56026, 60138, 64250,
  1035, 16696,
  102, 129, 52243, 52244, 57363, 65279, 65413,
  17513, 17613,
]);

/** The first extension id of `ids` nDPI calls suspicious, or -1. */
export function suspiciousExtension(ids: readonly number[], dtls: boolean): number {
  for (const id of ids) {
    if (id > 59 && id !== 65281 && id !== 65037 && !ALLOWED_NON_IANA.has(id)) return id;
    if (!dtls && (id === 53 || id === 54)) return id;
  }
  return -1;
}
