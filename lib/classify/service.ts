import type { Flow } from '../flow/flow.js';
import { matchHost } from './hosts.js';
import { setProto } from './protocols/dissect-kit.js';

/**
 * A protocol's service from its host name, for dissectors that found one (flow.host). The
 * verdict itself is written by setProto (protocols/dissect-kit.ts), the one verdict setter.
 *
 * Ids follow nDPI's protocol stack: a plain protocol is master 0 + app id (`[proto: 5/DNS]`);
 * a protocol carrying a known service is master = protocol, app = service
 * (`[proto: 91.126/TLS.Google]`).
 */

/**
 * The dissector's protocol becomes the master and the service matched by the host name the
 * app (`TLS.Google` = 91/126); without a service match the flow is the plain protocol
 * (`DNS` = 0/5).
 */
export function applyHostService(flow: Flow, masterId: number): void {
  const app = flow.host === '' ? 0 : matchHost(flow.host);
  setProto(flow, masterId, app !== 0 ? app : masterId);
}

/**
 * As applyHostService, but a service found before by another dissector (STUN.GoogleCall)
 * is kept when the host name gives none: DTLS.GoogleCall (the TLS family: TLS, DTLS, QUIC).
 */
export function applyHostServiceKeeping(flow: Flow, proto: number): void {
  const prevApp = flow.l7Master !== 0 && flow.l7App !== flow.l7Master ? flow.l7App : 0;
  applyHostService(flow, proto);
  if (flow.l7Master === 0 && prevApp !== 0 && prevApp !== proto) setProto(flow, proto, prevApp);
}

/** The wire protocol of a verdict: the master when there is one, else the app. */
export function masterOf(flow: Flow): number {
  return flow.l7Master !== 0 ? flow.l7Master : flow.l7App;
}
