/**
 * Susp Entropy and Fully Encrypted Flow of TCP and UDP flows, as nDPI computes them while it
 * looks for the protocol (ndpi_main.c, after the dissectors ran on a packet; ndpi_utils.c's
 * ndpi_entropy2risk; fully_enc_heuristic; ndpi_detection_giveup).
 *
 * Each packet nDPI inspects before the flow's protocol is found (and the one that finds it),
 * up to the fourth with payload, replaces the flow's entropy by its payload's (HTTP flows
 * keep theirs) and decides the risk again: set when the entropy reads as executable or
 * random (≥ 4.941 bits a byte) and the flow is not TLS/QUIC/DTLS and either is not yet
 * classified by inspection, or is in the Web, Data Transfer or Unspecified category, an HTTP
 * download, or already has a risk of suspicious payload; cleared otherwise (an empty packet
 * clears it). The reported value is the one of the packet that set it. (The packet that gives
 * the flow a protocol whose risk is cleared whatever the entropy is not counted: the value
 * would never be read.)
 *
 * The first packet with payload of an unclassified TCP flow whose handshake was seen is
 * tested for "fully encrypted" (Wu et al., USENIX Security 2023, as nDPI has it): 3.4 to
 * 4.6 bits set a byte on average, not six printable bytes first, at most half printable,
 * no 20 printable bytes in a row. Such a flow gets no entropy risk, and Fully Encrypted Flow
 * when inspection never finds its protocol.
 *
 * Nothing of the payload is kept: a five-field state per flow, held by the run.
 */
import type { Flow } from '../flow/flow.js';
import { flowCategory } from '../classify/protocol-table.js';
import { entropyLabel } from './packet.js';
import { payloadSignatures } from './payload-magic.js';
import { RISK, hasRisk, setRisk, unsetRisk } from './risks.js';

export interface EntropyFlowState {
  /** Packets with payload inspected (nDPI's packet_counter). */
  payloads: number;
  /** The flow's entropy as nDPI keeps it. */
  entropy: number;
  /** TLS, QUIC or DTLS seen: no entropy check any more. */
  skip: boolean;
  /** The first payload looked fully encrypted. */
  fullyEncrypted: boolean;
  /** The risk was last decided on a packet after which the flow had a protocol. */
  decidedClassified: boolean;
  /** entropy32's working arrays: one for the whole run (`newEntropyState(scratch)`). */
  scratch: EntropyScratch;
}

/** entropy32's working arrays, so that a run allocates none per packet. */
export interface EntropyScratch {
  /** Byte counts: all zero between calls. */
  counts: Uint32Array;
  /** Terms by count (for counts under 256) for payloads of `termsLen` bytes, -1 when not
   * computed yet: a term depends on the count and the length only, so they serve every call
   * of that length (payloads of a full segment's size are most of them). */
  terms: Float64Array;
  termsLen: number;
}

export function newEntropyScratch(): EntropyScratch {
  return { counts: new Uint32Array(256), terms: new Float64Array(256), termsLen: 0 };
}

/** `scratch`: the run's (newEntropyScratch), shared by its flows' states. */
export function newEntropyState(scratch: EntropyScratch = newEntropyScratch()): EntropyFlowState {
  // entropy: -0, a double from the start (it holds fractions): an integer 0 made the field a
  // small-integer one that changed representation at the first entropy (a map deprecation)
  return { payloads: 0, entropy: -0, skip: false, fullyEncrypted: false, decidedClassified: false, scratch };
}

const HTTP = 7;
const TLS = 91;
const QUIC = 188;
const DTLS = 30;

/**
 * Shannon entropy of the bytes in bits per byte, in single precision as nDPI computes it
 * (the terms summed in byte order, each rounded as C's float arithmetic rounds it). A term
 * depends on the byte's count and the length only, so each distinct count under 256 is
 * computed once per length in a row (a payload of random bytes has a dozen distinct counts
 * for its 256 bytes).
 */
export function entropy32(b: Uint8Array, off: number, len: number, scratch: EntropyScratch = newEntropyScratch()): number {
  if (len <= 0) return 0;
  const counts = scratch.counts;
  const terms = scratch.terms;
  const e = off + len;
  let i = off;
  for (; i + 3 < e; i += 4) {
    counts[b[i]]++;
    counts[b[i + 1]]++;
    counts[b[i + 2]]++;
    counts[b[i + 3]]++;
  }
  for (; i < e; i++) counts[b[i]]++;
  if (scratch.termsLen !== len) {
    terms.fill(-1);
    scratch.termsLen = len;
  }
  const f = Math.fround;
  let h = 0;
  for (let k = 0; k < 256; k++) {
    const c = counts[k];
    if (c === 0) continue;
    counts[k] = 0;
    let t = c < 256 ? terms[c] : -1;
    if (t < 0) {
      const p = f(c / len);
      t = f(p * f(Math.log2(f(1 / p))));
      if (c < 256) terms[c] = t;
    }
    h = f(h + t);
  }
  return h;
}

const isPrint = (c: number): boolean => c >= 0x20 && c <= 0x7e;

/** nDPI's fully_enc_heuristic on a payload (the caller checks TCP and the handshake). */
export function looksFullyEncrypted(b: Uint8Array, off: number, len: number): boolean {
  if (len <= 0) return false;
  let bits = 0;
  for (let i = off; i < off + len; i++) {
    let v = b[i];
    while (v !== 0) {
      bits += v & 1;
      v >>>= 1;
    }
  }
  const ratio = Math.fround(bits / len);
  if (ratio <= 3.4 || ratio >= 4.6) return false;
  const first = Math.min(6, len);
  let n = 0;
  for (let i = 0; i < first; i++) if (isPrint(b[off + i])) n++;
  if (n === first) return false;
  n = 0;
  let run = 0;
  for (let i = 0; i < len; i++) {
    if (isPrint(b[off + i])) {
      n++;
      if (++run >= 20) return false;
    } else run = 0;
  }
  return n / len <= 0.5;
}

/** The risks of suspicious payload after which nDPI reports entropy on a classified flow. */
const PAYLOAD_RISKS = [
  RISK.MALWARE_HOST_CONTACTED,
  RISK.BINARY_DATA_TRANSFER,
  RISK.BINARY_APPLICATION_TRANSFER,
  RISK.POSSIBLE_EXPLOIT,
  RISK.HTTP_SUSPICIOUS_CONTENT,
  RISK.DNS_SUSPICIOUS_TRAFFIC,
  RISK.MALFORMED_PACKET,
];

/** The flow is TLS, QUIC or DTLS (as master or application): nDPI checks no entropy there. */
function isTlsLike(flow: Flow): boolean {
  const m = flow.l7Master;
  const a = flow.l7App;
  return m === TLS || a === TLS || m === QUIC || a === QUIC || m === DTLS || a === DTLS;
}

/**
 * Whether an entropy that reads as executable or random sets the risk on this flow, leaving
 * TLS-like flows aside (those clear it): true when inspection has not found the protocol
 * (a guess by port or address, or nothing), else by the protocol's category and the risks
 * of suspicious payload already set.
 */
function entropyCounts(flow: Flow): boolean {
  if (flow.confidence !== 'dpi') return true;
  const m = flow.l7Master;
  const a = flow.l7App;
  const cat = flowCategory(m, a);
  return (
    hasPayloadRisk(flow) ||
    (cat === 'Download' && (m === HTTP || a === HTTP)) ||
    cat === 'DataTransfer' ||
    cat === 'Unspecified' ||
    cat === 'Web'
  );
}

function hasPayloadRisk(flow: Flow): boolean {
  for (let i = 0; i < PAYLOAD_RISKS.length; i++) if (hasRisk(flow, PAYLOAD_RISKS[i])) return true;
  return false;
}

/** nDPI's ndpi_entropy2risk: set or clear Susp Entropy from the flow's current entropy. */
function entropyToRisk(flow: Flow, st: EntropyFlowState): void {
  const h = st.entropy;
  const label = entropyLabel(h);
  if (label === undefined) {
    unsetRisk(flow, RISK.SUSPICIOUS_ENTROPY);
    return;
  }
  if (isTlsLike(flow)) {
    st.skip = true;
    unsetRisk(flow, RISK.SUSPICIOUS_ENTROPY);
    return;
  }
  if (entropyCounts(flow)) setEntropyRisk(flow, h, label);
  else unsetRisk(flow, RISK.SUSPICIOUS_ENTROPY);
}

/** Sets Susp Entropy; a risk already set keeps its first text (setRisk), so none is made then. */
function setEntropyRisk(flow: Flow, h: number, label: string): void {
  if (!hasRisk(flow, RISK.SUSPICIOUS_ENTROPY)) setRisk(flow, RISK.SUSPICIOUS_ENTROPY, `Entropy: ${h.toFixed(3)} (${label}?)`);
}

/**
 * One packet of a TCP or UDP flow that the classifier inspected, after it did: `before` is
 * true when the flow had a protocol before this packet (nDPI no longer looks then), `b/off/len`
 * the packet's own payload (not the reassembled stream).
 */
export function entropyPacket(flow: Flow, st: EntropyFlowState, hadProtocol: boolean, b: Uint8Array, off: number, len: number): void {
  // a custom rule (by port or address) decides on the first packet, before any entropy
  if (hadProtocol || flow.confidence === 'custom') return;
  if (len > 0) st.payloads++;
  const unknown = flow.l7Master === 0 && flow.l7App === 0;
  if (unknown && st.payloads === 1 && len > 0 && flow.proto === 6 && flow.handshakeDone) {
    st.fullyEncrypted = looksFullyEncrypted(b, off, len);
  }
  // executables and scripts, checked before the entropy (whose risk they can keep)
  payloadSignatures(flow, st.payloads, b, off, len);
  if (st.skip || st.fullyEncrypted || st.payloads >= 5) return;
  if (flow.l7Master !== HTTP && flow.l7App !== HTTP) {
    // the flow has its protocol now (the last packet looked at) and one that clears the risk
    // whatever the entropy (TLS-like, or by its category): the entropy would never be read
    if (!unknown && (isTlsLike(flow) || !entropyCounts(flow))) {
      if (isTlsLike(flow)) st.skip = true;
      unsetRisk(flow, RISK.SUSPICIOUS_ENTROPY);
      st.decidedClassified = true;
      return;
    }
    // under 31 bytes the entropy is below log2(31) < 4.941, the lowest value nDPI reports: no need to count
    st.entropy = len < 31 ? 0 : entropy32(b, off, len, st.scratch);
  }
  entropyToRisk(flow, st);
  st.decidedClassified = !unknown;
}

/** At the flow's end: Fully Encrypted Flow when inspection never found the protocol. */
export function entropyEnd(flow: Flow, st: EntropyFlowState): void {
  if (st.fullyEncrypted && flow.confidence !== 'dpi') setRisk(flow, RISK.FULLY_ENCRYPTED);
  // nDPI decides the risk a last time on the packet where inspection finds the protocol, with
  // that protocol; when flowcheck's inspection found it on a packet where the risk was not
  // decided (a later one, or at the flow's end), decide it as nDPI would have with it
  if (flow.confidence === 'dpi' && !st.decidedClassified && !st.skip && !st.fullyEncrypted && hasRisk(flow, RISK.SUSPICIOUS_ENTROPY)) entropyToRisk(flow, st);
}
