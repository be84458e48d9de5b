import type { Dissector } from '../dissector.js';
import { dtls } from './dtls.js';
import { quic } from './quic.js';
import { tls } from './tls.js';
import { dns } from './dns.js';
import { http } from './http.js';
import { ssh } from './ssh.js';

/**
 * The dissector registry: one line per protocol. Order is data: the classifier tries
 * dissectors whose ports match first, then the rest in this order, so specific protocols
 * come first and heuristic ones (prone to false positives) last.
 */
export const DISSECTORS: readonly Dissector[] = [
  // --- specific (magic numbers, fixed banners) ---
  dns,
  ssh,
  http,
  tls,
  quic,
  dtls,
  // --- heuristic (keep last) ---
];
