import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Flow } from '../../lib/flow/flow.js';
import { parseIPv6 } from '../../lib/check/networks.js';
import { CheckRunner, type CheckHook, type CheckOptions } from '../../lib/check/runner.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'flowcheck-checks-'));
let seq = 0;

/** Writes a Lua check to a temporary file and returns its path. */
export function checkFile(source: string, name = `check${++seq}.lua`): string {
  const file = path.join(dir, name);
  writeFileSync(file, source);
  return file;
}

function setAddr(w: number[], a: string): 4 | 6 {
  if (a.includes(':')) {
    w.splice(0, 4, ...parseIPv6(a)!);
    return 6;
  }
  w[0] = a.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) >>> 0;
  return 4;
}

let nextId = 1;
/** A flow between two addresses ("10.0.0.1", "2001:db8::1"), with a few packets both ways. */
export function makeFlow(cli: string, cliPort: number, srv: string, srvPort: number, proto = 6, fields: Partial<Flow> = {}): Flow {
  const f = new Flow(nextId++);
  f.ipVersion = setAddr(f.cli, cli);
  setAddr(f.srv, srv);
  f.cliPort = cliPort;
  f.srvPort = srvPort;
  f.proto = proto;
  f.cli2srvPackets = 3;
  f.srv2cliPackets = 2;
  f.cli2srvBytes = 300;
  f.srv2cliBytes = 200;
  Object.assign(f, fields);
  return f;
}

export interface Harness {
  runner: CheckRunner;
  lines: string[];
  run(flow: Flow, hook?: CheckHook): Flow;
}

/** A runner over the given check sources, capturing stderr lines. */
export async function harness(sources: string | string[], opts: CheckOptions = {}, hook: CheckHook = 'detected'): Promise<Harness> {
  const lines: string[] = [];
  const files = (Array.isArray(sources) ? sources : [sources]).map((s) => (s.endsWith('.lua') && !s.includes('\n') ? s : checkFile(s)));
  const runner = await CheckRunner.create(
    files.map((file) => ({ file, hook })),
    { stderr: (l) => lines.push(l), ...opts },
  );
  return {
    runner,
    lines,
    run(flow, h = hook) {
      runner.run(flow, h, flow.lastSec, flow.lastNsec);
      return flow;
    },
  };
}

/** print(<expr>) on a flow; returns what the script printed (without the check prefix). */
export async function evalOn(flow: Flow, expr: string, opts: CheckOptions = {}): Promise<string> {
  const h = await harness(`print(${expr})`, opts);
  try {
    h.run(flow);
    if (h.runner.errors.length) throw new Error(h.runner.errors[0].message);
    return h.lines.map((l) => l.replace(/^\[[^\]]+\] /, '')).join('\n');
  } finally {
    h.runner.close();
  }
}
