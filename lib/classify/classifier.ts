import { isIP } from 'node:net';
import type { PacketInfo } from '../decode/packet.js';
import type { Dir, Flow } from '../flow/flow.js';
import { Verdict, type DissectInput, type Dissector, type PreTest } from './dissector.js';
import { DnsCache } from './dns-cache.js';
import { matchHost } from './hosts.js';
import type { CustomCategories } from './categories.js';
import type { CustomProtocols } from './custom-protocols.js';
import { DissectContext } from './context.js';
import type { LimitHits, Limits } from '../limits.js';
import { IpLists } from './ip-lists.js';
import { guessByPort, protocolCategory, protocolId } from './protocol-table.js';
import { masterOf } from './service.js';
import { setProto, type SlotHolder } from './protocols/dissect-kit.js';
import { DISSECTORS } from './protocols/index.js';

/**
 * The classification state machine (nDPI-style):
 * - IP-protocol flows (ICMP, IGMP, GRE, ESP …) are named by their IP protocol number at once.
 * - TCP/UDP: the dissectors of the registry look at each payload, those whose ports match
 *   first; one that answers No is dropped for the flow; Yes is the verdict; YesMore makes it
 *   the only one called until it says Yes or the packet limit is reached.
 * - Every flow's addresses are looked up in the address lists on its first packet
 *   (flow.ipProto, nDPI's `[IP: …]`).
 * - At the limit, or when the flow ends undetected: default port, then the address lists
 *   (confidence `ip`, nDPI's "Match by IP"), then the DNS cache (addresses seen in DNS
 *   answers), else Unknown.
 * - A VPN protocol found by DPI (OpenVPN, WireGuard) on an address of a VPN provider's list
 *   takes the provider as its application (`OpenVPN.NordVPN`), as nDPI's sub-classification
 *   by IP does.
 * The flow is "final" when onFinal is called (once per flow).
 *
 * Dissectors: set the verdict with setProto from './protocols/dissect-kit.js' (the one verdict
 * setter; applyHostService in './service.js' adds the service a host name names)
 * (never import this module from a dissector: it imports the registry, a cycle).
 * Shared byte readers are in './bytes.js'.
 */

export interface ClassifierOptions {
  /** Packets per flow the dissectors see (nDPI's tests use 32). */
  maxPackets?: number;
  /** The DNS cache to feed and consult (one is made when absent). */
  dnsCache?: DnsCache;
  /** Address lists; nDPI's own when absent. */
  ipLists?: IpLists;
  /** Custom protocols (nDPI's protos.txt: ports, hosts, addresses). */
  custom?: CustomProtocols;
  /** Custom categories (ndpiReader's -c and -G). */
  categories?: CustomCategories;
  /** The dissector limits (the others are ignored; DEFAULT_LIMITS for those absent). */
  limits?: Partial<Limits>;
  /** Where the dissectors count limit hits (the run's; one is made when absent). */
  limitHits?: LimitHits;
}

/** Exceptions one dissector threw during a run (a bug: the report says so). */
export interface DissectorError {
  dissector: string;
  count: number;
  /** The first one's message. */
  first: string;
}

/** Per-flow classifier state, kept on the flow (Flow.cls), with the dissectors' slots. */
interface ClsState extends SlotHolder {
  /** Dissector indexes in the order to try them (shared between flows). */
  order: Int16Array;
  /**
   * The dissectors of `order` still in for this flow, in that order: the first nActive of
   * `active` (nActive -1 before the first payload: all of `order`). runAll drops those that
   * answer No as it goes, so that later packets walk only the dissectors still looking.
   */
  active: Int16Array;
  nActive: number;
  /** Per dissector index: 1 when it answered No (or must not run) for this flow. */
  excluded: Uint8Array;
  /** Index of the dissector that answered YesMore, or -1. */
  pending: number;
  /** Packets seen by inspect. */
  packets: number;
  /** Payload-carrying packets handed to dissectors. */
  payloads: number;
  /** TCP: stream length per direction after the last packet handed to dissectors. */
  seen0: number;
  seen1: number;
}

/** States kept for reuse (a state is released when its flow is final). */
const POOL_MAX = 4096;

/** The flow's classifier state (Flow.cls; undefined before the first packet and once final). */
function stateOf(flow: Flow): ClsState | undefined {
  return flow.cls as ClsState | undefined;
}

/** IP protocol number → nDPI id for flows that are neither TCP nor UDP (names checked at load). */
const IP_PROTO_IDS: Record<number, number> = {
  1: protocolId('ICMP'),
  2: protocolId('IGMP'),
  4: protocolId('IP_in_IP'),
  8: protocolId('EGP'),
  47: protocolId('GRE'),
  50: protocolId('IPSec'), // ESP
  51: protocolId('IPSec'), // AH
  58: protocolId('ICMPV6'),
  89: protocolId('OSPF'),
  103: protocolId('IP_PIM'),
  112: protocolId('VRRP'),
  132: protocolId('SCTP'),
};

/** The nDPI id for an IP protocol number (0 when none). */
export function protocolByIpProto(ipProto: number): number {
  return IP_PROTO_IDS[ipProto] ?? 0;
}

const EMPTY = new Uint8Array(0);

/**
 * Per-look pre-tests of one transport as tables (Dissector.pre): for dissector i, No when the
 * payload is shorter than minLen[i], or when it has bytesFrom[i] bytes and accept[i * 256 +
 * its byte at at[i]] is 0 (without a byte test: at 0, all 1).
 */
interface LookTests {
  readonly minLen: Int32Array;
  readonly bytesFrom: Int32Array;
  readonly at: Int32Array;
  readonly accept: Uint8Array;
}

/** The dissectors' pre-tests of one transport. */
interface PreTables {
  /** The tests of a flow's first payload (every pre-test) and of later ones (not firstLook). */
  readonly first: LookTests;
  readonly later: LookTests;
  /** Per dissector index: the ports one of which the flow must have, or undefined. */
  readonly ports: readonly (ReadonlySet<number> | undefined)[];
  /** Every port some dissector's pre-test names. */
  readonly anyPort: ReadonlySet<number>;
}

function lookTests(dissectors: readonly Dissector[], tests: readonly (PreTest | undefined)[]): LookTests {
  const n = dissectors.length;
  const minLen = new Int32Array(n);
  const bytesFrom = new Int32Array(n).fill(1);
  const at = new Int32Array(n);
  const accept = new Uint8Array(n * 256).fill(1);
  tests.forEach((p, i) => {
    if (p === undefined) return;
    minLen[i] = p.minLen ?? 0;
    if (p.bytes === undefined) return;
    const a = p.at ?? 0;
    // the byte test reads data[off + at]: only a payload longer than `at` gets there
    bytesFrom[i] = p.bytesFrom ?? a + 1;
    if (!(bytesFrom[i] > a)) throw new Error(`dissector ${dissectors[i].name}: a pre-test's bytesFrom must be beyond its offset`);
    at[i] = a;
    accept.fill(0, i * 256, i * 256 + 256);
    for (const v of p.bytes) accept[i * 256 + v] = 1;
  });
  return { minLen, bytesFrom, at, accept };
}

function preTables(dissectors: readonly Dissector[], t: number): PreTables {
  const tests = dissectors.map((d) => (t === 6 ? d.pre?.tcp : d.pre?.udp));
  const anyPort = new Set<number>();
  for (const p of tests) for (const x of p?.ports ?? []) anyPort.add(x);
  return {
    first: lookTests(dissectors, tests),
    later: lookTests(dissectors, tests.map((p) => (p?.firstLook === true ? undefined : p))),
    ports: tests.map((p) => (p?.ports !== undefined ? new Set(p.ports) : undefined)),
    anyPort,
  };
}

/** A flow's dissector order, and the dissectors out of it because their pre-test wants a port. */
interface PortOrder {
  readonly order: Int16Array;
  readonly drop: Int16Array;
}

/** A number naming (transport, matching server port or -1, matching client port or -1). */
function portKey(t: number, srvPort: number, cliPort: number): number {
  return (t * 65537 + (srvPort + 1)) * 65537 + (cliPort + 1);
}

export class Classifier {
  readonly maxPackets: number;
  readonly dnsCache: DnsCache;
  readonly ipLists: IpLists;
  private readonly custom: CustomProtocols | undefined;
  private readonly categories: CustomCategories | undefined;
  private readonly dissectors: readonly Dissector[];
  /** Each dissector's dissect function, by index (called with its dissector as `this`). */
  private readonly dissect: readonly Dissector['dissect'][];
  /** transport (6/17) → default order (no port match). */
  private readonly defaultOrder = new Map<number, PortOrder>();
  /** transport → every dissector that may join a flow's order without a port match. */
  private readonly allOrder = new Map<number, Int16Array>();
  /** The dissectors' pre-tests (Dissector.pre) for TCP and for UDP. */
  private readonly preTcp: PreTables;
  private readonly preUdp: PreTables;
  /** transport → port → dissector indexes that list that port. */
  private readonly portIndex = new Map<number, Map<number, number[]>>();
  /** Orders (and pre-test drops) for flows whose ports matter, keyed by "t:order:drop": one copy of each distinct one. */
  private readonly orderCache = new Map<string, PortOrder>();
  /** The same orders keyed by transport and the matching ports (portKey): no string per flow. */
  private readonly orderByPorts = new Map<number, PortOrder>();
  private readonly pool: ClsState[] = [];
  /** Protocol id → indexes of the dissectors of its sub-protocols (SUBPROTOCOLS). */
  private readonly subprotocols = new Map<number, number[]>();
  /** The last answer of each dissector called as a sub-protocol. */
  private readonly calls: Verdict[];
  /** Reused for every dissector call (no allocation per packet). */
  private readonly input: DissectInput;
  /** The run's context handed to every dissector call (limits, hit counters, caches). */
  readonly context: DissectContext;
  /** Exceptions thrown, per dissector index (a bug; counted, reported, never propagated). */
  private readonly errors = new Map<number, DissectorError>();

  constructor(
    opts: ClassifierOptions,
    private readonly onFinal: (flow: Flow) => void,
    dissectors: readonly Dissector[] = DISSECTORS,
  ) {
    this.maxPackets = opts.maxPackets ?? 32;
    this.dnsCache = opts.dnsCache ?? new DnsCache();
    this.ipLists = opts.ipLists ?? new IpLists();
    this.custom = opts.custom;
    this.categories = opts.categories;
    this.dissectors = dissectors;
    this.dissect = dissectors.map((d) => d.dissect);
    this.context = new DissectContext(opts.limits, opts.limitHits);
    this.calls = dissectors.map(() => Verdict.More);
    for (const [master, names] of SUBPROTOCOLS) {
      const idx = names.flatMap((n) => dissectors.flatMap((d, i) => (d.name === n ? [i] : [])));
      if (idx.length > 0) this.subprotocols.set(protocolId(master), idx);
    }
    this.preTcp = preTables(dissectors, 6);
    this.preUdp = preTables(dissectors, 17);
    for (const t of [6, 17]) {
      const pre = t === 6 ? this.preTcp : this.preUdp;
      const all: number[] = [];
      const ports = new Map<number, number[]>();
      dissectors.forEach((d, i) => {
        if (!d.transports.includes(t)) return;
        // portsOnly dissectors join a flow's order only through a port match
        if (!d.portsOnly) all.push(i);
        for (const p of d.ports ?? []) {
          let l = ports.get(p);
          if (!l) ports.set(p, (l = []));
          if (!l.includes(i)) l.push(i);
        }
      });
      this.allOrder.set(t, Int16Array.from(all));
      // a flow with no port any dissector names: those whose pre-test wants a port are out
      this.defaultOrder.set(t, {
        order: Int16Array.from(all.filter((i) => pre.ports[i] === undefined)),
        drop: Int16Array.from(pre.ports.flatMap((p, i) => (p !== undefined ? [i] : []))),
      });
      this.portIndex.set(t, ports);
    }
    this.input = {
      flow: undefined as unknown as Flow,
      dir: 0,
      data: EMPTY,
      off: 0,
      len: 0,
      packetIndex: 0,
      seg: 0,
      transport: 0,
      sport: 0,
      dport: 0,
      ctx: this.context,
    };
  }

  /**
   * Called for every packet of a flow while !flow.classified. data/off/len: UDP and others —
   * the datagram payload; TCP — the direction's reassembled stream from byte 0 when this
   * packet added in-order bytes, else len 0.
   */
  inspect(flow: Flow, dir: Dir, pkt: PacketInfo, data: Uint8Array, off: number, len: number): void {
    if (flow.classified) return;
    let st = stateOf(flow);
    if (st === undefined) {
      flow.ipProto = this.ipLists.forFlow(flow);
      if (this.custom !== undefined && this.customRule(flow, this.custom)) {
        this.finish(flow);
        return;
      }
      const t = flow.proto;
      if (t !== 6 && t !== 17) {
        const id = protocolByIpProto(t);
        if (id !== 0) {
          setProto(flow, 0, id);
          flow.confidence = 'dpi';
        }
        this.finish(flow);
        return;
      }
      st = this.newState(flow);
      flow.cls = st;
    }
    st.packets++;
    if (len > 0) {
      const inp = this.input;
      inp.flow = flow;
      inp.dir = dir;
      inp.data = data;
      inp.off = off;
      inp.len = len;
      inp.packetIndex = st.payloads++;
      if (flow.proto === 6) {
        // the bytes this packet added: the stream grew from what the last packet left
        const prev = dir === 0 ? st.seen0 : st.seen1;
        inp.seg = off + (prev <= len ? prev : 0);
        if (dir === 0) st.seen0 = len;
        else st.seen1 = len;
      } else inp.seg = off;
      inp.transport = flow.proto;
      inp.sport = pkt.sport;
      inp.dport = pkt.dport;
      if (st.pending >= 0) this.runPending(flow, st, inp);
      else this.runAll(flow, st, inp);
      inp.flow = undefined as unknown as Flow;
      inp.data = EMPTY;
      if (flow.classified) return;
    }
    if (st.packets >= this.maxPackets) this.end(flow);
  }

  /** The flow ended (or the capture did): settle the verdict and call onFinal once. */
  end(flow: Flow): void {
    if (flow.classified) return;
    const st = stateOf(flow);
    if (st === undefined || st.pending < 0) {
      if (flow.confidence === 'unknown') this.settle(flow);
    }
    // a YesMore verdict stands as it is (the metadata that was to follow never came)
    this.finish(flow);
  }

  private newState(flow: Flow): ClsState {
    const t = flow.proto;
    const ports = this.portIndex.get(t)!;
    const a = ports.get(flow.srvPort);
    const b = ports.get(flow.cliPort);
    const pre = (t === 6 ? this.preTcp : this.preUdp).anyPort;
    const sp = a !== undefined || pre.has(flow.srvPort) ? flow.srvPort : -1;
    const cp = b !== undefined || pre.has(flow.cliPort) ? flow.cliPort : -1;
    let po = this.defaultOrder.get(t)!;
    if (sp >= 0 || cp >= 0) {
      // the order depends on the transport and on which of the two ports matched
      const pk = portKey(t, sp, cp);
      let o = this.orderByPorts.get(pk);
      if (o === undefined) {
        o = this.orderFor(t, a, b, sp, cp);
        this.orderByPorts.set(pk, o);
      }
      po = o;
    }
    const order = po.order;
    const drop = po.drop;
    const st = this.pool.pop();
    if (st !== undefined) {
      st.order = order;
      st.nActive = -1;
      st.excluded.fill(0);
      // as if each had answered No on the first look (runSubprotocols skips them too)
      for (let k = 0; k < drop.length; k++) st.excluded[drop[k]] = 1;
      st.pending = -1;
      st.packets = 0;
      st.payloads = 0;
      st.seen0 = 0;
      st.seen1 = 0;
      return st;
    }
    const active = new Int16Array(this.dissectors.length);
    const excluded = new Uint8Array(this.dissectors.length);
    for (let k = 0; k < drop.length; k++) excluded[drop[k]] = 1;
    return { order, active, nActive: -1, excluded, pending: -1, packets: 0, payloads: 0, seen0: 0, seen1: 0, slots: undefined };
  }

  /**
   * Dissectors of matching ports first (server port's, then client port's), then the rest;
   * without those whose pre-test wants a port the flow (server port sp, client port cp) lacks.
   */
  private orderFor(t: number, a: number[] | undefined, b: number[] | undefined, sp: number, cp: number): PortOrder {
    const first = [...(a ?? []), ...(b ?? []).filter((i) => !a?.includes(i))];
    const rest = Array.from(this.allOrder.get(t)!).filter((i) => !first.includes(i));
    const want = (t === 6 ? this.preTcp : this.preUdp).ports;
    const ok = (i: number) => want[i] === undefined || want[i]!.has(sp) || want[i]!.has(cp);
    const order = [...first, ...rest].filter(ok);
    const drop = want.flatMap((_, i) => (ok(i) ? [] : [i]));
    const key = `${t}:${order.join(',')}:${drop.join(',')}`;
    let o = this.orderCache.get(key);
    if (o === undefined) {
      o = { order: Int16Array.from(order), drop: Int16Array.from(drop) };
      this.orderCache.set(key, o);
    }
    return o;
  }

  private call(i: number, inp: DissectInput): Verdict {
    try {
      return this.dissect[i].call(this.dissectors[i], inp);
    } catch (e) {
      // a dissector bug must cost only this flow's look by that dissector (and is reported)
      const known = this.errors.get(i);
      if (known !== undefined) known.count++;
      else this.errors.set(i, { dissector: this.dissectors[i].name, count: 1, first: e instanceof Error ? e.message : String(e) });
      return Verdict.No;
    }
  }

  /** Exceptions thrown by dissectors so far, one entry per dissector (in registry order). */
  get dissectorErrors(): DissectorError[] {
    return [...this.errors].sort((a, b) => a[0] - b[0]).map(([, v]) => ({ ...v }));
  }

  private runAll(flow: Flow, st: ClsState, inp: DissectInput): void {
    // read from the flow's order the first time, from its list of those still in after
    const active = st.active;
    const from = st.nActive < 0 ? st.order : active;
    const n = st.nActive < 0 ? from.length : st.nActive;
    const ex = st.excluded;
    const pre = flow.proto === 6 ? this.preTcp : this.preUdp;
    const look = inp.packetIndex === 0 ? pre.first : pre.later;
    const minLen = look.minLen;
    const bytesFrom = look.bytesFrom;
    const at = look.at;
    const accept = look.accept;
    const data = inp.data;
    const off = inp.off;
    const len = inp.len;
    // w: where the next dissector still in goes (those out are dropped from the list)
    let w = 0;
    for (let k = 0; k < n; k++) {
      const i = from[k];
      if (ex[i] === 1) continue;
      // the dissector's declared first check says No: as if it had answered (bytesFrom > at)
      if (len < minLen[i] || (len >= bytesFrom[i] && accept[(i << 8) | data[off + at[i]]] === 0)) {
        ex[i] = 1;
        continue;
      }
      const v = this.call(i, inp);
      if (v === Verdict.No) {
        ex[i] = 1;
      } else if (v === Verdict.Yes || v === Verdict.YesMore) {
        // the flow is final or has one dissector left (runPending): the list is not walked again
        // a dissector may say how it knew (Telegram: by its address list)
        if (flow.confidence === 'unknown') flow.confidence = 'dpi';
        // nDPI then calls the sub-protocols of what was found, on the same packet
        const s = this.runSubprotocols(flow, st, inp, i);
        if (s >= 0) {
          if (this.calls[s] === Verdict.Yes) this.finish(flow);
          else st.pending = s;
          return;
        }
        if (v === Verdict.Yes) this.finish(flow);
        else st.pending = i;
        return;
      } else {
        active[w++] = i;
      }
    }
    st.nActive = w;
  }

  /**
   * nDPI's check_ndpi_subprotocols: once a packet named the flow (HTTP), the dissectors of
   * that protocol's sub-protocols (SUBPROTOCOLS) look at the same packet; the first that
   * says Yes/YesMore takes the flow, under that master (`HTTP.BitTorrent`). Returns its index
   * (its answer in this.calls), or -1.
   */
  private runSubprotocols(flow: Flow, st: ClsState, inp: DissectInput, by: number): number {
    const master = masterOf(flow);
    const subs = this.subprotocols.get(master);
    if (subs === undefined) return -1;
    for (const j of subs) {
      if (j === by || st.excluded[j] === 1) continue;
      const v = this.call(j, inp);
      if (v === Verdict.Yes || v === Verdict.YesMore) {
        this.calls[j] = v;
        // a sub-protocol of HTTP found in HTTP keeps HTTP as its master (HTTP.BitTorrent)
        if (flow.l7Master === 0 && flow.l7App !== master) setProto(flow, master, flow.l7App);
        return j;
      }
      if (v === Verdict.No) st.excluded[j] = 1;
    }
    return -1;
  }

  private runPending(flow: Flow, st: ClsState, inp: DissectInput): void {
    const v = this.call(st.pending, inp);
    if (v === Verdict.Yes || v === Verdict.No) this.finish(flow);
  }

  /**
   * No dissector decided: default port, then the address lists, then the DNS cache, else
   * Unknown. (nDPI also skips a port guess whose dissector excluded the protocol; flowcheck's
   * TLS and QUIC dissectors give up on mid-stream traffic that nDPI's keep watching, so
   * following that rule here cost more flows than it won: measured on the corpus. The DNS
   * cache wins 4 flows of the corpus that nDPI names by DPI and loses none.)
   */
  private settle(flow: Flow): void {
    const t = flow.proto;
    const c = this.custom;
    let id = c !== undefined ? c.portRule(t, flow.srvPort) || c.portRule(t, flow.cliPort) : 0;
    if (id === 0) id = guessByPort(t, flow.srvPort);
    if (id === 0) id = guessByPort(t, flow.cliPort);
    if (id !== 0) {
      setProto(flow, 0, id);
      flow.confidence = 'port';
      return;
    }
    if (flow.ipProto !== 0) {
      setProto(flow, 0, flow.ipProto);
      flow.confidence = 'ip';
      return;
    }
    const e = this.dnsCache.get(flow.srvAddr()) ?? this.dnsCache.get(flow.cliAddr());
    if (e !== undefined && e.service !== 0) {
      setProto(flow, 0, e.service);
      flow.confidence = 'dns';
      if (flow.host === '') flow.host = e.name;
    }
  }

  /**
   * Custom rules that decide a flow before any payload (nDPI's "Match by custom rule"): an
   * address rule (server side first, with its port when the rule has one), or a port rule
   * of a custom protocol. True when one did.
   */
  private customRule(flow: Flow, c: CustomProtocols): boolean {
    let id = c.ip.v4.size + c.ip.v6.size > 0 ? customAddress(flow, c) : 0;
    if (id === 0) {
      const t = flow.proto;
      const p = c.portRule(t, flow.srvPort) || c.portRule(t, flow.cliPort);
      if (p !== 0 && c.isCustom(p)) id = p;
    }
    if (id === 0) return false;
    setProto(flow, 0, id);
    flow.ipProto = id;
    flow.confidence = 'custom';
    return true;
  }

  private finish(flow: Flow): void {
    if (flow.classified) return;
    flow.classified = true;
    if (flow.confidence === 'dpi') subclassifyVpnByIp(flow);
    if (this.custom !== undefined && flow.host !== '' && flow.confidence === 'dpi') applyCustomHost(flow, this.custom);
    if (this.categories !== undefined) flow.customCategory = this.categories.categoryOf(flow);
    const st = stateOf(flow);
    if (st !== undefined) {
      flow.cls = undefined;
      // no dissector sees the flow again: their state (TLS and HTTP parse state …) goes now
      // rather than with the flow, which may live on idle for minutes of packet time; the
      // emptied slot array stays with the pooled state for the next flow
      if (this.pool.length < POOL_MAX) {
        if (st.slots !== undefined) st.slots.fill(undefined);
        this.pool.push(st);
      } else st.slots = undefined;
    }
    this.learnDns(flow);
    this.onFinal(flow);
  }

  /** Remember the addresses of a DNS response's answers (name + service). */
  private learnDns(flow: Flow): void {
    const dns = flow.meta.dns;
    if (dns === undefined || dns.answers === undefined || !dns.query) return;
    const service = matchHost(dns.query);
    for (const a of dns.answers) if (isIP(a) !== 0) this.dnsCache.set(a, dns.query, service);
  }
}

/** One warning line per dissector that threw (name, count, the first error's message). */
export function dissectorErrorWarnings(errors: readonly DissectorError[]): string[] {
  return errors.map(
    (e) => `dissector ${e.dissector} failed ${e.count} time${e.count === 1 ? '' : 's'} (a bug; those looks were skipped, classification went on without it): first error: ${e.first}`,
  );
}

/** VPN protocols that nDPI names after the provider whose address list holds the server. */
const VPN_BY_IP: ReadonlySet<number> = new Set([protocolId('OpenVPN'), protocolId('WireGuard')]);

/**
 * nDPI's sub-classification by IP for VPN protocols: OpenVPN or WireGuard found by DPI,
 * with no application of its own, to an address in a VPN provider's list (category VPN:
 * NordVPN, Mullvad, ProtonVPN …) becomes MASTER.PROVIDER (`OpenVPN.NordVPN`).
 */
function subclassifyVpnByIp(flow: Flow): void {
  if (flow.l7Master !== 0 || flow.ipProto === 0 || !VPN_BY_IP.has(flow.l7App)) return;
  if (protocolCategory(flow.ipProto) !== 'VPN') return;
  setProto(flow, flow.l7App, flow.ipProto);
}

/** A custom address rule's protocol for the flow (server side first), 0 when none. */
function customAddress(flow: Flow, c: CustomProtocols): number {
  const t = flow.ipVersion === 4 ? c.ip.v4 : c.ip.v6;
  return t.lookup(flow.srv, flow.srvPort) || t.lookup(flow.cli, flow.cliPort);
}

/**
 * A custom host rule names the flow's application after its host name, as nDPI's host
 * rules do: MASTER.CUSTOM (`TLS.Netflix`), the wire protocol kept as master.
 */
function applyCustomHost(flow: Flow, c: CustomProtocols): void {
  const id = c.hostRule(flow.host);
  if (id === 0) return;
  setProto(flow, masterOf(flow), id);
}

/**
 * nDPI's sub-protocols whose dissectors look at the packet that found their master
 * (ndpi_set_proto_subprotocols in ndpi_main.c): for HTTP, Crossfire, SOAP, BitTorrent,
 * Gnutella, MapleStory, Zattoo, WorldOfWarcraft, IRC, IPP, MpegDash, RTSP and ApacheThrift
 * (those flowcheck has a dissector of; IPP and MpegDash are decided inside http.ts).
 */
const SUBPROTOCOLS: readonly (readonly [string, readonly string[]])[] = [
  ['HTTP', ['Crossfire', 'SOAP', 'BitTorrent', 'Gnutella', 'MapleStory', 'WorldOfWarcraft', 'IRC', 'RTSP']],
];
