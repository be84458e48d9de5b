/**
 * Small helpers shared by the long-tail dissectors (BitTorrent … WireGuard): setting the
 * verdict and free-form metadata on a flow.
 */
import type { Flow } from '../../flow/flow.js';

/** A single-protocol verdict (nDPI's convention: master 0, app = the protocol). */
export function setApp(flow: Flow, id: number): void {
  flow.l7Master = 0;
  flow.l7App = id;
}

/** Sets flow.meta.other[key]. */
export function setOther(flow: Flow, key: string, value: string | number | boolean): void {
  (flow.meta.other ??= {})[key] = value;
}
