import type { Dissector } from '../dissector.js';
import { bgp } from './bgp.js';
import { bittorrent } from './bittorrent.js';
import { gnutella } from './gnutella.js';
import { ipsec } from './ipsec.js';
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

// DHCP … STUN (mail, VoIP, NetBIOS/SMB, network services)
import { dhcp } from './dhcp.js';
import { dhcpv6 } from './dhcpv6.js';
import { discord } from './discord.js';
import { spotify } from './spotify.js';
import { ftpControl } from './ftp-control.js';
import { ftpData } from './ftp-data.js';
import { imap } from './imap.js';
import { netbios } from './netbios.js';
import { ntp } from './ntp.js';
import { pop3 } from './pop3.js';
import { rtp } from './rtp.js';
import { sip } from './sip.js';
import { smb } from './smb.js';
import { smtp } from './smtp.js';
import { snmp } from './snmp.js';
import { ssdp } from './ssdp.js';
import { stun } from './stun.js';
import { syslog } from './syslog.js';

// family games: imports
// (end of family games: imports)

// family p2p-vpn: imports
// (end of family p2p-vpn: imports)

// family industrial-iot: imports
// (end of family industrial-iot: imports)

// family enterprise-services: imports
// (end of family enterprise-services: imports)

// family messaging-media: imports
import { jabber } from './jabber.js';
import { threema } from './threema.js';
import { xiaomi } from './xiaomi.js';
import { telegram } from './telegram.js';
import { zoom } from './zoom.js';
import { sdRtn } from './sd-rtn.js';
import { rtsp } from './rtsp.js';
import { iax } from './iax.js';
import { mpegts } from './mpegts.js';
import { iqiyi } from './iqiyi.js';
import { bfcp } from './bfcp.js';
import { imo } from './imo.js';
import { rtmp } from './rtmp.js';
import { whatsapp } from './whatsapp.js';
import { dingtalk } from './dingtalk.js';
import { ookla } from './ookla.js';
import { line } from './line.js';
import { mumble } from './mumble.js';
import { kakaotalkVoice } from './kakaotalk-voice.js';
import { h323 } from './h323.js';
import { teamspeak } from './teamspeak.js';
import { qq } from './qq.js';
import { viber } from './viber.js';
import { amazonVideo } from './amazon-video.js';
import { irc } from './irc.js';
import { mgcp } from './mgcp.js';
import { megaco } from './megaco.js';
import { skinny } from './skinny.js';
// (end of family messaging-media: imports)

// family dns-http: imports
// (end of family dns-http: imports)

// family tls-quic-dtls: imports
// (end of family tls-quic-dtls: imports)

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
  ipsec,
  starcraft,
  dns,
  ssh,
  http,
  tls,
  quic,
  dtls,
  // DHCP … STUN: magic numbers, fixed message shapes, banners and commands
  dhcp,
  dhcpv6,
  ntp,
  snmp,
  netbios,
  smb,
  ssdp,
  sip,
  stun,
  discord,
  spotify,
  smtp,
  pop3,
  imap,
  ftpControl,
  ftpData,

  // --- family games: specific ---
  // (end of family games: specific)

  // --- family p2p-vpn: specific ---
  // (end of family p2p-vpn: specific)

  // --- family industrial-iot: specific ---
  // (end of family industrial-iot: specific)

  // --- family enterprise-services: specific ---
  // (end of family enterprise-services: specific)

  // --- family messaging-media: specific ---
  jabber,
  threema,
  xiaomi,
  telegram,
  zoom,
  sdRtn,
  rtsp,
  iax,
  mpegts,
  iqiyi,
  rtmp,
  whatsapp,
  dingtalk,
  ookla,
  mumble,
  kakaotalkVoice,
  h323,
  teamspeak,
  qq,
  viber,
  amazonVideo,
  irc,
  mgcp,
  megaco,
  skinny,
  // (end of family messaging-media: specific)

  // --- family dns-http: specific ---
  // (end of family dns-http: specific)

  // --- family tls-quic-dtls: specific ---
  // (end of family tls-quic-dtls: specific)

  // --- heuristic (keep last) ---
  telnet,
  halflife2,
  protobuf,
  // DHCP … STUN: weak shapes (a '<PRI>' prefix; RTP/RTCP headers over several packets)
  syslog,
  rtp,

  // --- family games: heuristic ---
  // (end of family games: heuristic)

  // --- family p2p-vpn: heuristic ---
  // (end of family p2p-vpn: heuristic)

  // --- family industrial-iot: heuristic ---
  // (end of family industrial-iot: heuristic)

  // --- family enterprise-services: heuristic ---
  // (end of family enterprise-services: heuristic)

  // --- family messaging-media: heuristic ---
  bfcp,
  imo,
  line,
  // (end of family messaging-media: heuristic)

  // --- family dns-http: heuristic ---
  // (end of family dns-http: heuristic)

  // --- family tls-quic-dtls: heuristic ---
  // (end of family tls-quic-dtls: heuristic)
];
