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
import { amqp } from './amqp.js';
import { corba } from './corba.js';
import { drda } from './drda.js';
import { elasticsearch } from './elasticsearch.js';
import { fastcgi } from './fastcgi.js';
import { haproxy } from './haproxy.js';
import { hpvirtgrp } from './hpvirtgrp.js';
import { irc } from './irc.js';
import { mongodb } from './mongodb.js';
import { nats } from './nats.js';
import { nfs } from './nfs.js';
import { rsh } from './rsh.js';
import { rx } from './rx.js';
import { smpp } from './smpp.js';
import { teamviewer } from './teamviewer.js';
import { tftp } from './tftp.js';
import { usenet } from './usenet.js';
import { vnc } from './vnc.js';
import { z3950 } from './z3950.js';
import { cassandra } from './cassandra.js';
import { mssqlTds } from './mssql-tds.js';
import { rsync } from './rsync.js';
import { gearman } from './gearman.js';
import { lustre } from './lustre.js';
import { nomachine } from './nomachine.js';
import { lotusNotes } from './lotus-notes.js';
import { collectd } from './collectd.js';
import { zabbix } from './zabbix.js';
import { checkmk } from './checkmk.js';
import { memcached } from './memcached.js';
import { afp } from './afp.js';
import { ajp } from './ajp.js';
import { ceph } from './ceph.js';
import { munin } from './munin.js';
import { citrix } from './citrix.js';
import { whoisdas } from './whoisdas.js';
import { xdmcp } from './xdmcp.js';
import { netflow } from './netflow.js';
import { sflow } from './sflow.js';
import { radius } from './radius.js';
import { tivoconnect } from './tivoconnect.js';
import { vmware } from './vmware.js';
import { git } from './git.js';
import { oracle } from './oracle.js';
import { radmin } from './radmin.js';
import { nestLogSink } from './nest-log-sink.js';
import { uftp } from './uftp.js';
import { kafka } from './kafka.js';
import { hl7 } from './hl7.js';
import { jrmi } from './jrmi.js';
import { resp } from './resp.js';
import { dcerpc } from './dcerpc.js';
import { stomp } from './stomp.js';
import { openwire } from './openwire.js';
import { diameter } from './diameter.js';
import { rmcp } from './rmcp.js';
import { raft } from './raft.js';
import { kismet } from './kismet.js';
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
  // (end of family industrial-iot: specific)

  // --- family enterprise-services: specific ---
  corba,
  elasticsearch,
  haproxy,
  vnc,
  nfs,
  usenet,
  tftp,
  teamviewer,
  rsh,
  smpp,
  gearman,
  nomachine,
  lustre,
  rsync,
  cassandra,
  zabbix,
  checkmk,
  ceph,
  munin,
  citrix,
  xdmcp,
  whoisdas,
  tivoconnect,
  vmware,
  radius,
  git,
  radmin,
  nestLogSink,
  hl7,
  jrmi,
  dcerpc,
  stomp,
  openwire,
  kismet,
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
  // (end of family industrial-iot: heuristic)

  // --- family enterprise-services: heuristic ---
  amqp,
  nats,
  z3950,
  rx,
  mongodb,
  drda,
  fastcgi,
  hpvirtgrp,
  irc,
  mssqlTds,
  lotusNotes,
  collectd,
  memcached,
  ajp,
  afp,
  netflow,
  sflow,
  oracle,
  kafka,
  uftp,
  resp,
  diameter,
  rmcp,
  raft,
  // (end of family enterprise-services: heuristic)

  // --- family messaging-media: heuristic ---
  // (end of family messaging-media: heuristic)

  // --- family dns-http: heuristic ---
  // (end of family dns-http: heuristic)

  // --- family tls-quic-dtls: heuristic ---
  // (end of family tls-quic-dtls: heuristic)
];
