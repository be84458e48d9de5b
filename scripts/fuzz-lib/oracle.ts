/**
 * The fuzz oracle, in-process: runs one input through the reader, the decoder, every
 * dissector directly, and the whole pipeline (`analyze()`, optionally with a Lua check),
 * and says what went wrong, if anything. Allowed outcomes: a result, or a CaptureError
 * naming the file and an offset. Anything else thrown, a record outside its chunk, a
 * report that does not match the schema or a record count that does not add up is a
 * failure. Hangs are caught one level up (worker.ts runs this under a watchdog).
 */
import path from 'node:path';
import { analyze } from '../../lib/analyze.js';
import { readCapture, MAX_CAPLEN } from '../../lib/capture/reader.js';
import { CaptureError } from '../../lib/capture/types.js';
import { Verdict } from '../../lib/classify/dissector.js';
import { DISSECTORS } from '../../lib/classify/protocols/index.js';
import { Decoder } from '../../lib/decode/decoder.js';
import { DecodeStatus, PacketInfo } from '../../lib/decode/packet.js';
import { Flow } from '../../lib/flow/flow.js';
import { alertJson, flowJson, stringifyReport } from '../../lib/report/json.js';
import { CpuClock } from '../../lib/check/lua-engine.js';
import { CheckRunner } from '../../lib/check/runner.js';
import { PROJECT_ROOT } from '../../test/helpers/corpus.js';
import { ATTACKED_FLOWS, RESOURCE_TIME_FACTOR, RESOURCE_TIME_LIMIT } from './resource.js';
import { assertValidNdjsonLine } from '../../test/helpers/schema.js';

export const FUZZ_CHECK = path.join(PROJECT_ROOT, 'test/fuzz/fuzz-check.lua');

export interface Failure {
  stage: string;
  message: string;
  /** Set when the failure is a known bug with a `todo` regression test (named here). */
  known?: string;
}

/** Known bugs awaiting their owners' fix: failure text → the todo test that tracks it. */
const KNOWN: [RegExp, string][] = [];

export function knownBug(f: Failure): string | undefined {
  for (const [re, where] of KNOWN) if (re.test(f.message)) return where;
  return undefined;
}

class Fail extends Error {
  constructor(
    readonly stage: string,
    message: string,
  ) {
    super(message);
  }
}

function describe(e: unknown): string {
  if (e instanceof Error) {
    const at = (e.stack ?? '').split('\n').find((l) => l.includes('/dist/'));
    return `${e.name}: ${e.message}${at ? ` (${at.trim().replace(/^at /, '').replace(/.*\/dist\//, '')})` : ''}`;
  }
  return String(e);
}

/** A CaptureError is allowed when it names this file and a sane offset. */
function allowedError(e: unknown, file: string, size: number): boolean {
  return e instanceof CaptureError && e.file === file && Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= Math.max(size, 1 << 30) && !e.message.includes('\n');
}

const DISSECTOR_PACKETS = 200;

/** What a report consumer parses (exact timestamps become numbers). */
function asJson(o: Record<string, unknown>): { type?: string } {
  return JSON.parse(stringifyReport(o));
}

/** Reader → decoder → every dissector on each payload (fresh flow per call). */
async function lowerStages(file: string, size: number): Promise<number> {
  const decoder = new Decoder();
  const pkt = new PacketInfo();
  let records = 0;
  let dissected = 0;
  let flowId = 1;
  try {
    await readCapture(file, {
      onRecord(data, off, caplen, wirelen, sec, nsec, linktype) {
        records++;
        if (!(off >= 0 && caplen >= 0 && off + caplen <= data.length && caplen <= MAX_CAPLEN)) {
          throw new Fail('reader', `record outside its chunk: off ${off} caplen ${caplen} chunk ${data.length}`);
        }
        if (!(Number.isFinite(wirelen) && wirelen >= 0 && Number.isFinite(sec) && nsec >= 0 && nsec < 1e9 && Number.isInteger(linktype))) {
          throw new Fail('reader', `bad record fields: wirelen ${wirelen} sec ${sec} nsec ${nsec} linktype ${linktype}`);
        }
        let st: DecodeStatus;
        try {
          st = decoder.decode(data, off, caplen, wirelen, linktype, sec, nsec, pkt);
        } catch (e) {
          throw new Fail('decoder', describe(e));
        }
        if (st !== DecodeStatus.Ok || pkt.payloadLen <= 0 || dissected >= DISSECTOR_PACKETS) return;
        if (pkt.payloadOff < 0 || pkt.payloadOff + pkt.payloadLen > pkt.payload.length) {
          throw new Fail('decoder', `payload outside its buffer: ${pkt.payloadOff}+${pkt.payloadLen} of ${pkt.payload.length}`);
        }
        if (pkt.proto !== 6 && pkt.proto !== 17) return;
        dissected++;
        for (const d of DISSECTORS) {
          if (!d.transports.includes(pkt.proto)) continue;
          const flow = new Flow(flowId++);
          flow.proto = pkt.proto;
          flow.cliPort = pkt.sport;
          flow.srvPort = pkt.dport;
          let v: Verdict;
          try {
            v = d.dissect({ flow, dir: 0, data: pkt.payload, off: pkt.payloadOff, len: pkt.payloadLen, packetIndex: 0, transport: pkt.proto, sport: pkt.sport, dport: pkt.dport });
          } catch (e) {
            throw new Fail(`dissector:${d.name}`, describe(e));
          }
          if (v !== Verdict.No && v !== Verdict.More && v !== Verdict.Yes && v !== Verdict.YesMore) {
            throw new Fail(`dissector:${d.name}`, `verdict ${String(v)}`);
          }
          if (v === Verdict.Yes || v === Verdict.YesMore) {
            try {
              assertValidNdjsonLine({ type: 'flow', ...(asJson(flowJson(flow)) as object) });
            } catch (e) {
              throw new Fail(`dissector:${d.name}`, `flow JSON: ${(e as Error).message.slice(0, 300)}`);
            }
          }
        }
      },
    });
  } catch (e) {
    if (e instanceof Fail) throw e;
    if (!allowedError(e, file, size)) throw new Fail('reader', describe(e));
  }
  return records;
}

/** The whole pipeline; returns the records it read (must equal the lower stages'). */
async function pipeline(file: string, size: number, withCheck: boolean, refused?: { error?: CaptureError }, resource?: string): Promise<number | null> {
  let result;
  try {
    result = await analyze({
      inputs: [file],
      keepFlows: true,
      checks: resource ? [{ file: resource, hook: 'end' }] : withCheck ? [{ file: FUZZ_CHECK, hook: 'end' }] : undefined,
      checkOptions: resource ? { stderr: () => {}, timeLimit: RESOURCE_TIME_LIMIT } : { stderr: () => {}, budget: 2_000_000 },
    });
  } catch (e) {
    if (allowedError(e, file, size)) {
      if (refused) refused.error = e as CaptureError;
      return null;
    }
    throw new Fail('analyze', describe(e));
  }
  try {
    for (const f of result.flows) {
      assertValidNdjsonLine({ type: 'flow', ...(asJson(flowJson(f)) as object) });
      for (const a of f.alerts) assertValidNdjsonLine(asJson({ type: 'alert', ...alertJson(a, f) }));
    }
  } catch (e) {
    throw new Fail('analyze', `report: ${(e as Error).message.slice(0, 300)}`);
  }
  // resource checks: time and memory errors are their point; os.date's format cap is expected
  const unexpected = result.checkErrors.find((c) => c.kind === 'runtime' && !(resource && /os\.date: a format of \d+ bytes is over the limit/.test(c.message)));
  if (unexpected) throw new Fail('lua', `check error: ${unexpected.message}`);
  if (resource) await timeRuns(resource, result.flows);
  return result.stats.packets;
}

/**
 * Each run of a resource check on the first flows, alone and timed (CPU time of this thread,
 * as the limit counts it, the reset of a state included): within RESOURCE_TIME_FACTOR times
 * the limit.
 */
async function timeRuns(check: string, flows: Flow[]): Promise<void> {
  const runner = await CheckRunner.create([{ file: check, hook: 'end' }], { stderr: () => {}, timeLimit: RESOURCE_TIME_LIMIT });
  const cpu = new CpuClock();
  try {
    for (const f of flows.slice(0, ATTACKED_FLOWS + 1)) {
      const t0 = cpu.ms();
      runner.run(f, 'end', f.lastSec, f.lastNsec);
      const ms = cpu.ms() - t0;
      if (ms > RESOURCE_TIME_FACTOR * RESOURCE_TIME_LIMIT) {
        throw new Fail('lua-time', `a run of the resource check took ${ms.toFixed(0)} ms of CPU time (limit ${RESOURCE_TIME_LIMIT} ms): ${runner.errors.at(-1)?.message ?? 'no error'}`);
      }
    }
  } finally {
    runner.close();
  }
}

/** Runs every in-process stage on the capture at `file` (`size` bytes). */
export async function runStages(file: string, size: number, withCheck: boolean, expectRecords?: number, expectErrorAt?: number, resource?: string): Promise<Failure | null> {
  try {
    const records = await lowerStages(file, size);
    const refused: { error?: CaptureError } = {};
    const seen = await pipeline(file, size, withCheck, refused, resource);
    if (seen !== null && seen !== records) throw new Fail('analyze', `read ${records} records, analyze counted ${seen}`);
    // a well-formed capture cut short (or gzip'd with a bad trailer, trailing data or a cut):
    // exactly the records wholly before the cut are reported (pcapng: a block cut in its
    // options or trailing length does not count)
    if (expectRecords !== undefined && expectRecords > 0 && seen !== expectRecords) {
      throw new Fail('truncation', `${expectRecords} whole records before the damage; analyze ${seen === null ? `failed: ${refused.error?.message}` : `reported ${seen}`}`);
    }
    // a pcapng block whose trailing length is not its leading one: an error at that block
    if (expectErrorAt !== undefined && (seen !== null || refused.error?.offset !== expectErrorAt || !/lengths disagree/.test(refused.error.reason))) {
      throw new Fail('pcapng-trailer', `block at offset ${expectErrorAt} ends with another length; analyze ${seen === null ? `failed: ${refused.error?.message}` : `accepted it (${seen} records)`}`);
    }
    return null;
  } catch (e) {
    if (e instanceof Fail) {
      const f: Failure = { stage: e.stage, message: e.message };
      f.known = knownBug(f);
      return f;
    }
    return { stage: 'oracle', message: describe(e) };
  }
}
