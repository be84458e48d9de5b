/**
 * Risks of a flow's traffic shape: Unidirectional Traffic and TCP Connection Issues
 * (refused connections, NULL / Xmas / FIN scans, probing), from the flow's counters and the
 * TCP flags each side sent.
 */
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const PSH = 0x08;
const ACK = 0x10;
const URG = 0x20;

/** A destination nDPI treats as multicast or broadcast (no reply is expected). */
export function multiOrBroadcast(ipVersion: 4 | 6, addr: readonly number[]): boolean {
  if (ipVersion === 4) {
    const a = addr[0] >>> 0;
    const last = a & 0xff;
    // 224.0.0.0/3 and any address ending in .255 or .0, as nDPI approximates broadcast
    return (a & 0xe0000000) >>> 0 === 0xe0000000 || last === 0xff || last === 0;
  }
  return addr[0] >>> 24 === 0xff;
}

/**
 * Unidirectional Traffic: one side sent nothing, and the packets were not sent to a
 * multicast or broadcast address. Protocols that are one-way by design (NetFlow, sFlow,
 * RTP, collectd, syslog over UDP) are exempt, as nDPI exempts them.
 */
export function unidirectional(flow: Flow): void {
  const toSrv = flow.cli2srvPackets;
  const toCli = flow.srv2cliPackets;
  if (toSrv > 0 && toCli > 0) return;
  if (toSrv === 0 && toCli === 0) return;
  const dst = toSrv > 0 ? flow.srv : flow.cli;
  if (multiOrBroadcast(flow.ipVersion, dst)) return;
  const app = flow.l7App !== 0 ? flow.l7App : flow.l7Master;
  if (ONE_WAY.has(app) || (app === SYSLOG && flow.proto === 17)) return;
  setRisk(flow, RISK.UNIDIRECTIONAL_TRAFFIC, toCli === 0 ? 'No server to client traffic' : 'No client to server traffic');
}

const SYSLOG = 17;
/** NetFlow, sFlow, RTP, collectd. */
const ONE_WAY: ReadonlySet<number> = new Set([128, 129, 87, 298]);

/**
 * TCP Connection Issues: a scan (every packet of the client without flags, or FIN/PSH/URG
 * only), then nDPI's ndpi_check_tcp_flags (ndpi_main.c, run by ndpi_detection_giveup): a
 * SYN answered by a reset in a flow of fewer than five packets (refused by the server, or
 * reset by the client itself), or else a server side of one packet that carries a reset
 * ("TCP probing attempt": a lone RST or RST/ACK, or a SYN/ACK never followed up).
 */
export function tcpIssues(flow: Flow): void {
  if (flow.proto !== 6) return;
  const c = flow.cliTcpFlags;
  const s = flow.srvTcpFlags;
  // a scan is whichever side sent: a one-way flow may have only the "server" side
  if ((flow.cli2srvPackets > 0 && c === 0) || (flow.srv2cliPackets > 0 && s === 0)) {
    setRisk(flow, RISK.TCP_ISSUES, 'TCP NULL scan');
    return;
  }
  const sender = flow.cli2srvPackets > 0 ? c : s;
  if ((sender & (FIN | PSH | URG)) === (FIN | PSH | URG) && (sender & (SYN | ACK)) === 0) {
    setRisk(flow, RISK.TCP_ISSUES, 'TCP XMAS scan');
    return;
  }
  if (sender === FIN && (flow.cli2srvPackets === 0 || flow.srv2cliPackets === 0)) {
    setRisk(flow, RISK.TCP_ISSUES, 'TCP FIN scan');
    return;
  }
  // nDPI counts every packet it was given; a longer flow exchanged more than a refusal
  const few = flow.cli2srvPackets + flow.srv2cliPackets < 5;
  if (c & SYN && s & RST && few) setRisk(flow, RISK.TCP_ISSUES, 'Connection refused (server)');
  else if (c & SYN && c & RST && few) setRisk(flow, RISK.TCP_ISSUES, 'Connection refused (client)');
  else if (s & RST && flow.srv2cliPackets === 1) setRisk(flow, RISK.TCP_ISSUES, 'TCP probing attempt');
}
