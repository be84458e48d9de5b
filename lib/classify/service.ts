import type { Flow } from '../flow/flow.js';
import { matchHost } from './hosts.js';

/**
 * Verdict helpers for dissectors (kept apart from classifier.ts so that dissectors do not
 * import the registry through it).
 *
 * Ids follow nDPI's protocol stack: a plain protocol is master 0 + app id (`[proto: 5/DNS]`);
 * a protocol carrying a known service is master = protocol, app = service
 * (`[proto: 91.126/TLS.Google]`).
 */

/** Sets a single protocol: master 0, app = id. */
export function setProtocol(flow: Flow, id: number): void {
  flow.l7Master = 0;
  flow.l7App = id;
}

/**
 * For dissectors that found a host name (flow.host): the dissector's protocol becomes the
 * master and the matched service the app (`TLS.Google` = 91/126); without a service match
 * the flow is the plain protocol (`DNS` = 0/5).
 */
export function applyHostService(flow: Flow, masterId: number): void {
  const app = flow.host === '' ? 0 : matchHost(flow.host);
  if (app !== 0 && app !== masterId) {
    flow.l7Master = masterId;
    flow.l7App = app;
  } else {
    flow.l7Master = 0;
    flow.l7App = masterId;
  }
}

/** The wire protocol of a verdict: the master when there is one, else the app. */
export function masterOf(flow: Flow): number {
  return flow.l7Master !== 0 ? flow.l7Master : flow.l7App;
}
