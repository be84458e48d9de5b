/**
 * Certificate subject → service, as nDPI's tls_cert_subject automaton does
 * (tls.c processCertificateElements, after the subjectAltName loop): the subject DN in
 * nDPI's form ("C=US, O=AnyDesk Software GmbH, CN=AnyDesk Client") is searched for each
 * pattern of ndpi-tls-cert-names.tsv as a plain substring (the automaton has no
 * domain-match handler). When several patterns occur, the one ending first wins (what a
 * left-to-right automaton reports first); on a tie the earlier table row.
 */
import { CERT_NAME_PATTERNS } from './cert-names.js';

/** The service id whose pattern occurs in the subject DN, or 0. */
export function matchCertSubject(subject: string): number {
  if (subject.length < 3) return 0;
  let best = 0;
  let bestEnd = Infinity;
  for (const [pattern, id] of CERT_NAME_PATTERNS) {
    const at = subject.indexOf(pattern);
    if (at < 0) continue;
    const end = at + pattern.length;
    if (end < bestEnd) {
      bestEnd = end;
      best = id;
    }
  }
  return best;
}
