/**
 * The fuzz's resource family (issue 18): Lua checks made of costly library loops (which the
 * instruction budget does not bound: only the time limit does) and huge alert messages, run
 * with a small --lua-time. The oracle (oracle.ts) runs them through the pipeline (no crash, no
 * hang: the watchdog) and times each check run alone: every run ends within twice the limit.
 */
import type { Rng } from './rng.js';

/** --lua-time of the resource cases, ms. */
export const RESOURCE_TIME_LIMIT = 50;
/** A run may take this many times the limit (CPU time, the state's reset included). */
export const RESOURCE_TIME_FACTOR = 2;
/** Flows of a capture that get the costly part (the run cache counts them): the fuzz stays fast. */
export const ATTACKED_FLOWS = 3;

type Part = (r: Rng) => string;

/**
 * Costly loops: each runs until the time limit stops it (or a memory error ends it). Patterns
 * stay linear: one call of a backtracking pattern over megabytes (`s:find("a+b")` over 2.8 MB
 * of "a": quadratic) is not interrupted — a known limit (docs/LUA-API.md), found by this
 * family's first runs.
 */
const LOOPS: Part[] = [
  (r) => `while true do local s = string.rep("x", ${r.int(50_000) * 160}) end`,
  (r) => `while true do pcall(string.rep, ${r.pick(['"x"', '"ab"', '"%c"'])}, ${r.int(8_000_000) + 70_000}, ${r.pick(['nil', '","', '""'])}) end`,
  (r) => `local s = string.rep("a", ${r.int(4 << 20) + 65_537}) while true do local p = s:find(${r.pick(['"b"', '"b", 1, true', '"%a%a%d"', '"[^a]"'])}) end`,
  (r) => `local s = ("ab"):rep(${r.int(1 << 20) + 40_000}) while true do local m = s:match(${r.pick(['"(b+)c"', '"^(a)"', '"%d"'])}) end`,
  (r) => `local s = ("ab"):rep(${r.int(1 << 19) + 40_000}) while true do local g = s:gsub(${r.pick(['"ab", "x"', '"b", "%0%0"', '"z", ""'])}) end`,
  (r) => `local s = ("é"):rep(${r.int(1 << 19) + 40_000}) while true do local n = utf8.len(s) end`,
  (r) => `while true do local co = coroutine.wrap(function() while true do coroutine.yield(${r.int(9)}) end end) for i = 1, ${r.int(200) + 1} do co() end end`,
  (r) => `local f = string.rep("%c", ${r.int(128) + 1}) while true do local d = os.date(f) end`,
  (r) => `local ok = pcall(os.date, string.rep("%c", ${r.int(3_000_000) + 200}))`,
  (r) => `local t = {} for i = 1, ${r.int(300_000) + 1} do t[i] = "x" end while true do local s = table.concat(t, ${r.pick(['""', '","'])}) end`,
  (r) => `local t = {} for i = 1, ${r.int(100_000) + 20_000} do t[i] = (i * 7919) % 100003 end while true do table.sort(t) t[1], t[#t] = t[#t], t[1] end`,
  (r) => `local s = string.rep("y", ${r.int(1 << 20) + 1}) while true do local f = string.format("%s%s", s, s) end`,
  (r) => `local t = {} while true do t[#t + 1] = string.rep("z", ${r.int(1 << 16) + 1}) end`,
];

/** Huge alert messages (the message cap, if any, is the report's business). */
const ALERTS: Part[] = [
  (r) => `flow.triggerAlert(${r.int(256)}, string.rep("m", ${r.int(1 << 20) + 1}))`,
  (r) => `for i = 1, ${r.int(150) + 1} do flow.triggerAlert(${r.int(256)}, string.rep("\\27[31m", ${r.int(20_000) + 1})) end`,
  (r) => `flow.triggerAlert(${r.int(256)}, string.rep("é\\0\\n", ${r.int(300_000) + 1}))`,
];

/** A check of the family: the costly part on the first ATTACKED_FLOWS flows, then a cheap alert. */
export function resourceCheck(r: Rng): string {
  const costly = r.chance(0.7) ? r.pick(LOOPS)(r) : r.pick(ALERTS)(r);
  return [
    '-- fuzz resource case (scripts/fuzz-lib/resource.ts)',
    'local n = tonumber(ntop.getCache("fuzz-attacked")) or 0',
    `if n < ${ATTACKED_FLOWS} then`,
    '  ntop.setCache("fuzz-attacked", tostring(n + 1))',
    `  ${costly}`,
    'end',
    'flow.triggerAlert(1, "after")',
    '',
  ].join('\n');
}
