import type { Dissector } from '../dissector.js';
import { alicloud } from './alicloud.js';
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
import { activision } from './activision.js';
import { amongUs } from './among-us.js';
import { armagetron } from './armagetron.js';
import { codMobile } from './cod-mobile.js';
import { crossfire } from './crossfire.js';
import { crynet } from './crynet.js';
import { dofus } from './dofus.js';
import { epicgames } from './epicgames.js';
import { gaijin } from './gaijin.js';
import { genshinImpact } from './genshin-impact.js';
import { guildwars } from './guildwars.js';
import { hots } from './hots.js';
import { i3d } from './i3d.js';
import { kcp } from './kcp.js';
import { lolWildRift } from './lol-wild-rift.js';
import { maplestory } from './maplestory.js';
import { mumble } from './mumble.js';
import { neteaseGames } from './netease-games.js';
import { nintendo } from './nintendo.js';
import { pathOfExile } from './path-of-exile.js';
import { raknet } from './raknet.js';
import { riotgames } from './riotgames.js';
import { sourceEngine } from './source-engine.js';
import { teamspeak } from './teamspeak.js';
import { tencentGames } from './tencent-games.js';
import { tesOnline } from './tes-online.js';
import { tocaBoca } from './toca-boca.js';
import { warcraft3 } from './warcraft3.js';
import { worldOfKungFu } from './world-of-kung-fu.js';
import { worldOfWarcraft } from './world-of-warcraft.js';
import { xbox } from './xbox.js';
import { yojimbo } from './yojimbo.js';
import { zug } from './zug.js';
// (end of family games: imports)

// family p2p-vpn: imports
import { bitcoin } from './bitcoin.js';
import { ciscovpn } from './ciscovpn.js';
import { edonkey } from './edonkey.js';
import { ethereum } from './ethereum.js';
import { gtp } from './gtp.js';
import { mining } from './mining.js';
import { monero } from './monero.js';
import { nano } from './nano.js';
import { socks } from './socks.js';
import { softether } from './softether.js';
import { syncthing } from './syncthing.js';
import { tailscale } from './tailscale.js';
import { tinc } from './tinc.js';
import { ultrasurf } from './ultrasurf.js';
import { pptp } from './pptp.js';
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
import { cpha } from './cpha.js';
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
import { tivoconnect } from './tivoconnect.js';
import { vmware } from './vmware.js';
import { git } from './git.js';
import { oracle } from './oracle.js';
import { radmin } from './radmin.js';
import { uftp } from './uftp.js';
import { kafka } from './kafka.js';
import { jrmi } from './jrmi.js';
import { resp } from './resp.js';
import { stomp } from './stomp.js';
import { openwire } from './openwire.js';
import { rmcp } from './rmcp.js';
import { raft } from './raft.js';
// (end of family enterprise-services: imports)

// family messaging-media: imports
import { jabber } from './jabber.js';
import { threema } from './threema.js';
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
import { kakaotalkVoice } from './kakaotalk-voice.js';
import { qq } from './qq.js';
import { viber } from './viber.js';
import { amazonVideo } from './amazon-video.js';
import { mgcp } from './mgcp.js';
import { megaco } from './megaco.js';
import { skinny } from './skinny.js';
// (end of family messaging-media: imports)

// family dns-http: imports
import { avast } from './avast.js';
import { avastSecureDns } from './avast-securedns.js';
import { dnscrypt } from './dnscrypt.js';
import { http2 } from './http2.js';
import { icecast } from './icecast.js';
import { jsonRpc } from './json-rpc.js';
import { soap } from './soap.js';
import { websocket } from './websocket.js';
// (end of family dns-http: imports)

// family tls-quic-dtls: imports
import { applePush } from './apple-push.js';
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
  alicloud,
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
  nintendo,
  riotgames,
  lolWildRift,
  yojimbo,
  zug,
  i3d,
  hots,
  neteaseGames,
  codMobile,
  tencentGames,
  pathOfExile,
  tocaBoca,
  gaijin,
  maplestory,
  worldOfWarcraft,
  crynet,
  crossfire,
  armagetron,
  genshinImpact,
  worldOfKungFu,
  amongUs,
  sourceEngine,
  xbox,
  guildwars,
  tesOnline,
  teamspeak,
  mumble,
  // (end of family games: specific)

  // --- family p2p-vpn: specific ---
  pptp,
  edonkey,
  syncthing,
  monero,
  nano,
  bitcoin,
  // Mining before ETHEREUM: nDPI names an eth_submitLogin stratum login Mining
  mining,
  ethereum,
  softether,
  tinc,
  ultrasurf,
  gtp,
  tailscale,
  ciscovpn,
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
  checkmk,
  ceph,
  munin,
  citrix,
  xdmcp,
  whoisdas,
  tivoconnect,
  vmware,
  git,
  radmin,
  nestLogSink,
  jrmi,
  stomp,
  openwire,
  // (end of family enterprise-services: specific)

  // --- family messaging-media: specific ---
  jabber,
  threema,
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
  kakaotalkVoice,
  h323,
  qq,
  viber,
  amazonVideo,
  irc,
  mgcp,
  megaco,
  skinny,
  // (end of family messaging-media: specific)

  // --- family dns-http: specific ---
  dnscrypt,
  avastSecureDns,
  avast,
  http2,
  // (end of family dns-http: specific)

  // --- family tls-quic-dtls: specific ---
  applePush,
  // (end of family tls-quic-dtls: specific)

  // --- heuristic (keep last) ---
  telnet,
  halflife2,
  protobuf,
  // DHCP … STUN: weak shapes (a '<PRI>' prefix; RTP/RTCP headers over several packets)
  syslog,
  rtp,

  // --- family games: heuristic ---
  activision,
  epicgames,
  raknet,
  kcp,
  warcraft3,
  dofus,
  // (end of family games: heuristic)

  // --- family p2p-vpn: heuristic ---
  socks,
  // (end of family p2p-vpn: heuristic)

  // --- family industrial-iot: heuristic ---
  hartIp,
  sonos,
  iec60870,
  dnp3,
  natpmp,
  tplinkShp,
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
  rmcp,
  raft,
  // (end of family enterprise-services: heuristic)

  // --- family messaging-media: heuristic ---
  bfcp,
  imo,
  line,
  // (end of family messaging-media: heuristic)

  // --- family dns-http: heuristic ---
  // JSON-RPC after the specific blocks: a dissector that knows its JSON (Mining's stratum) goes first
  jsonRpc,
  soap,
  websocket,
  icecast,
  // (end of family dns-http: heuristic)

  // --- family tls-quic-dtls: heuristic ---
  // (end of family tls-quic-dtls: heuristic)
];
