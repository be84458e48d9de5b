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
import { can } from './can.js';
import { dcerpc } from './dcerpc.js';
import { hartIp } from './hart-ip.js';
import { iec62056 } from './iec62056.js';
import { iso9506Mms } from './iso9506-1-mms.js';
import { s7comm } from './s7comm.js';
import { modbus } from './modbus.js';
import { h323 } from './h323.js';
import { rtps } from './rtps.js';
import { egd } from './egd.js';
import { hsrp } from './hsrp.js';
import { gtp } from './gtp.js';
import { atg } from './atg.js';
import { kismet } from './kismet.js';
import { flute } from './flute.js';
import { hl7 } from './hl7.js';
import { ripeAtlas } from './ripe-atlas.js';
import { merakiCloud } from './merakicloud.js';
import { sonos } from './sonos.js';
import { coap } from './coap.js';
import { opcUa } from './opc-ua.js';
import { etherSio } from './ethersio.js';
import { hislip } from './hislip.js';
import { iec60870 } from './iec60870.js';
import { cip } from './cip.js';
import { cnpIp } from './cnp-ip.js';
import { dlep } from './dlep.js';
import { knxnetIp } from './knxnet-ip.js';
import { etherSbus } from './ethersbus.js';
import { fins } from './fins.js';
import { bacnet } from './bacnet.js';
import { beckhoffAds } from './beckhoff-ads.js';
import { c1222 } from './c1222.js';
import { dnp3 } from './dnp3.js';
import { ethernetIp } from './ethernet-ip.js';
import { ieeeC37118 } from './ieee-c37118.js';
import { bfd } from './bfd.js';
import { pfcp } from './pfcp.js';
import { tplinkShp } from './tplink-shp.js';
import { ubntac2 } from './ubntac2.js';
import { natpmp } from './natpmp.js';
import { lisp } from './lisp.js';
import { tuyaLp } from './tuya-lp.js';
import { diameter } from './diameter.js';
import { radius } from './radius.js';
import { zabbix } from './zabbix.js';
import { ldp } from './ldp.js';
import { openflow } from './openflow.js';
import { ptpv2 } from './ptpv2.js';
import { wsd } from './wsd.js';
import { xiaomi } from './xiaomi.js';
import { nestLogSink } from './nest-log-sink.js';
import { trdp } from './trdp.js';
import { hpVirtGrp } from './hpvirtgrp.js';
import { cpha } from './cpha.js';
// (end of family industrial-iot: imports)

// family enterprise-services: imports
// (end of family enterprise-services: imports)

// family messaging-media: imports
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
  can,
  dcerpc,
  iec62056,
  iso9506Mms,
  s7comm,
  modbus,
  rtps,
  egd,
  hsrp,
  gtp,
  atg,
  kismet,
  flute,
  hl7,
  ripeAtlas,
  merakiCloud,
  coap,
  opcUa,
  etherSio,
  hislip,
  cip,
  cnpIp,
  dlep,
  knxnetIp,
  etherSbus,
  fins,
  bacnet,
  beckhoffAds,
  c1222,
  ethernetIp,
  ieeeC37118,
  bfd,
  pfcp,
  ubntac2,
  lisp,
  tuyaLp,
  diameter,
  radius,
  zabbix,
  ldp,
  openflow,
  ptpv2,
  wsd,
  xiaomi,
  trdp,
  cpha,
  // (end of family industrial-iot: specific)

  // --- family enterprise-services: specific ---
  // (end of family enterprise-services: specific)

  // --- family messaging-media: specific ---
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
  hartIp,
  h323,
  sonos,
  iec60870,
  dnp3,
  natpmp,
  tplinkShp,
  nestLogSink,
  hpVirtGrp,
  // (end of family industrial-iot: heuristic)

  // --- family enterprise-services: heuristic ---
  // (end of family enterprise-services: heuristic)

  // --- family messaging-media: heuristic ---
  // (end of family messaging-media: heuristic)

  // --- family dns-http: heuristic ---
  // (end of family dns-http: heuristic)

  // --- family tls-quic-dtls: heuristic ---
  // (end of family tls-quic-dtls: heuristic)
];
