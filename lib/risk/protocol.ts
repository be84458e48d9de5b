/**
 * Risks of the protocol itself: Unsafe Protocol (nDPI's breed of the application is
 * Unsafe, Potentially Dangerous or Dangerous), Desktop/File Sharing (remote desktop
 * protocols) and Known Proto on Non Std Port (a protocol found by inspection on ports that
 * are not its own).
 */
import { guessByPort, protocolInfo } from '../classify/protocol-table.js';
import type { Flow } from '../flow/flow.js';
import { RISK, setRisk } from './risks.js';

const UNSAFE_BREEDS: ReadonlySet<string> = new Set(['Unsafe', 'PotentiallyDangerous', 'Potentially Dangerous', 'Dangerous']);

/** The application protocol of the flow (nDPI's app_protocol: the service, else the protocol). */
export function appProto(flow: Flow): number {
  return flow.l7App !== 0 ? flow.l7App : flow.l7Master;
}

export function unsafeProtocol(flow: Flow): void {
  const app = appProto(flow);
  if (app === 0) return;
  const info = protocolInfo(app);
  if (info && UNSAFE_BREEDS.has(info.breed)) setRisk(flow, RISK.UNSAFE_PROTOCOL);
}

const RDP = 88;
const VNC = 89;
const ANYDESK = 252;
const RADMIN = 391;
const TEAMVIEWER = 148;

const SMBV1 = 16;

/** SMB Insecure Vers: SMBv1 over TCP (the NetBIOS datagrams of browsing are not sessions). */
export function insecureSmb(flow: Flow): void {
  if (flow.proto === 6 && flow.l7App === SMBV1) setRisk(flow, RISK.SMB_INSECURE_VERSION, 'Found SMBv1');
}

export function desktopSharing(flow: Flow): void {
  const app = appProto(flow);
  const master = flow.l7Master;
  if (app === RDP || master === RDP) setRisk(flow, RISK.DESKTOP_OR_FILE_SHARING_SESSION, 'Found RDP');
  else if (app === ANYDESK && flow.proto === 6) setRisk(flow, RISK.DESKTOP_OR_FILE_SHARING_SESSION, 'Found AnyDesk');
  // VNC, Radmin, TeamViewer only when their dissectors saw them (a SYN to port 5900 is not a session)
  else if (flow.confidence === 'dpi' && app === VNC) setRisk(flow, RISK.DESKTOP_OR_FILE_SHARING_SESSION, 'Found VNC');
  else if (flow.confidence === 'dpi' && app === RADMIN) setRisk(flow, RISK.DESKTOP_OR_FILE_SHARING_SESSION, 'Found Radmin');
  else if (flow.confidence === 'dpi' && app === TEAMVIEWER) setRisk(flow, RISK.DESKTOP_OR_FILE_SHARING_SESSION, 'Found TeamViewer');
}

const TLS = 91;
const FTP_DATA = 175;
/** IMAPS, POPS, SMTPS: TLS on their ports is not a mismatch. */
const TLS_MAIL_PORTS: ReadonlySet<number> = new Set([993, 995, 465]);

/**
 * Known Proto on Non Std Port: the protocol was found by payload inspection, it has default
 * ports for the flow's transport, and neither port of the flow is one of them.
 */
export function nonStandardPort(flow: Flow): void {
  if (flow.confidence !== 'dpi') return;
  if (flow.proto !== 6 && flow.proto !== 17) return;
  const proto = flow.l7Master !== 0 ? flow.l7Master : flow.l7App;
  if (proto === FTP_DATA) return; // found on the ports the control connection gave
  const info = protocolInfo(proto);
  if (!info) return;
  const tcp = flow.proto === 6;
  const ports = tcp ? info.tcpPorts : info.udpPorts;
  if (ports.length === 0) return;
  if (ports.includes(flow.srvPort) || ports.includes(flow.cliPort)) return;
  // a port whose default protocol is the flow's service is standard too (TLS.DoH_DoT on 853);
  // SMBv1 on 445 is not (445 is SMBv2/3's)
  if (flow.l7App !== 0 && flow.l7App !== proto) {
    const app = flow.l7App;
    if (guessByPort(flow.proto, flow.srvPort) === app || guessByPort(flow.proto, flow.cliPort) === app) return;
  }
  if (proto === TLS && (TLS_MAIL_PORTS.has(flow.srvPort) || TLS_MAIL_PORTS.has(flow.cliPort))) return;
  setRisk(flow, RISK.KNOWN_PROTOCOL_ON_NON_STANDARD_PORT, `Expected on port ${ports[0]}`);
}
