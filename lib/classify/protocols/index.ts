import type { Dissector } from '../dissector.js';
import { bgp } from './bgp.js';
import { bittorrent } from './bittorrent.js';
import { gnutella } from './gnutella.js';
import { halflife2 } from './halflife2.js';
import { kerberos } from './kerberos.js';
import { ldap } from './ldap.js';
import { mqtt } from './mqtt.js';
import { mysql } from './mysql.js';
import { openvpn } from './openvpn.js';
import { postgres } from './postgres.js';
import { protobuf } from './protobuf.js';
import { rdp } from './rdp.js';
import { someip } from './someip.js';
import { starcraft } from './starcraft.js';
import { telnet } from './telnet.js';
import { wireguard } from './wireguard.js';
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
  // long tail: BitTorrent (tracker GETs) and Gnutella (fixed hellos) ahead of HTTP and TLS
  bittorrent,
  gnutella,
  kerberos,
  ldap,
  mysql,
  postgres,
  rdp,
  bgp,
  mqtt,
  someip,
  wireguard,
  openvpn,
  starcraft,
  dns,
  ssh,
  http,
  tls,
  quic,
  dtls,
  // --- heuristic (keep last) ---
  telnet,
  halflife2,
  protobuf,
];
