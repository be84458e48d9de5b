/**
 * The Lua side of a check's environment. BOOTSTRAP runs once per Lua state, with every
 * standard library open, and receives (flow table, output function, unsafe flag). It builds
 * the environment table a check's chunk gets as _ENV, strips the dangerous functions from the
 * real globals (defence in depth), and returns `compile(source, chunkname)`.
 *
 * Default environment (safe): base functions without dofile/loadfile/require of files;
 * `load` text-only with the sandbox as default env; string (no dump), table, math, utf8,
 * coroutine; os.time/os.clock/os.date; print/io.write → stderr; tprint; ntop.getDirs(),
 * ntop.isPro(); package.path/loaded; require "lua_utils". No io.open, os.execute, os.exit,
 * debug (a script could remove the instruction-budget hook with it — even with --unsafe-lua).
 *
 * --unsafe-lua: the real io, os, require, package, dofile, loadfile (io/os talk to the host).
 */
/** Name, in a state's real globals, of BOOTSTRAP's compiler of protocol-table constructors. */
export const CTORS_GLOBAL = '__flowcheck_table_ctors';

export const BOOTSTRAP = String.raw`
local flowtbl, out, unsafe = ...
local G = _G
local load, pairs, ipairs, type, tostring, select, error = load, pairs, ipairs, type, tostring, select, error
local sort, concat, srep = table.sort, table.concat, string.rep

local env = {}
for _, k in ipairs({ "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal", "rawget",
    "rawlen", "rawset", "select", "setmetatable", "getmetatable", "tonumber", "tostring", "type",
    "xpcall", "_VERSION", "collectgarbage", "warn" }) do
  env[k] = G[k]
end
local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end
env.string = copy(string)
env.string.dump = nil
-- Lua runs __gc finalizers with hooks off: a loop in one would escape the instruction
-- budget. A metatable with __gc (any value marks the object for finalization) is refused.
local rawget, setmt = rawget, setmetatable
env.setmetatable = function(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: __gc metamethods are not allowed in checks", 2)
  end
  return setmt(t, mt)
end
env.table = copy(table)
env.math = copy(math)
env.utf8 = copy(utf8)
env.coroutine = copy(coroutine)
-- Method calls on strings ("x"):rep() go through the sandbox's copy of string.
getmetatable("").__index = env.string

env.flow = flowtbl
env._G = env

env.print = function(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  out(0, concat(parts, "\t"))
end

-- tprint(t): ntopng's table dump helper (keys sorted so the output is deterministic).
local function keystr(k) return type(k) == "string" and k or "[" .. tostring(k) .. "]" end
local function dump(v, indent, seen)
  if type(v) ~= "table" then
    out(0, srep(" ", indent) .. tostring(v))
    return
  end
  if seen[v] then out(0, srep(" ", indent) .. "<cycle>") return end
  seen[v] = true
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  sort(keys, function(a, b)
    local ta, tb = type(a), type(b)
    if ta ~= tb then return ta < tb end
    if ta == "number" or ta == "string" then return a < b end
    return tostring(a) < tostring(b)
  end)
  for _, k in ipairs(keys) do
    local val = v[k]
    if type(val) == "table" then
      out(0, srep(" ", indent) .. keystr(k) .. ":")
      dump(val, indent + 2, seen)
    else
      out(0, srep(" ", indent) .. keystr(k) .. ": " .. tostring(val))
    end
  end
  seen[v] = nil
end
env.tprint = function(v, indent) dump(v, tonumber(indent) or 0, {}) end

-- load: text chunks only; without an explicit env the chunk sees the sandbox, not _G.
env.load = function(chunk, name, mode, ...)
  local e = env
  if select("#", ...) > 0 then e = ... end
  return load(chunk, name, "t", e)
end

local lua_utils = {}
function lua_utils.isEmptyString(s) return s == nil or s == "" end
function lua_utils.starts(s, p) return type(s) == "string" and s:sub(1, #p) == p end
function lua_utils.ends(s, p) return type(s) == "string" and (p == "" or s:sub(-#p) == p) end
function lua_utils.split(s, sep)
  local r = {}
  for piece in string.gmatch(s, "([^" .. (sep or ",") .. "]+)") do r[#r + 1] = piece end
  return r
end
env.ntop = {
  getDirs = function()
    return { installdir = "/usr/share/ntopng", workingdir = "/var/lib/ntopng",
      scriptdir = "/usr/share/ntopng/scripts", httpdocsdir = "/usr/share/ntopng/httpdocs",
      callbacksdir = "/usr/share/ntopng/scripts/callbacks" }
  end,
  isPro = function() return false end,
  isEnterprise = function() return false end,
}

if unsafe then
  env.io = io
  env.os = os
  env.require = require
  env.package = package
  env.dofile = dofile
  env.loadfile = loadfile
  package.loaded.lua_utils = package.loaded.lua_utils or lua_utils
else
  env.os = { time = os.time, clock = os.clock, date = os.date }
  local shim = {}
  shim.write = function(...)
    for i = 1, select("#", ...) do
      local v = select(i, ...)
      local tv = type(v)
      if tv ~= "string" and tv ~= "number" then
        error("bad argument #" .. i .. " to 'write' (string expected, got " .. tv .. ")", 2)
      end
      out(1, tostring(v))
    end
    return shim
  end
  env.io = shim
  local loaded = { lua_utils = lua_utils, string = env.string, table = env.table,
    math = env.math, utf8 = env.utf8, coroutine = env.coroutine }
  env.package = { path = "", cpath = "", loaded = loaded }
  env.require = function(name)
    local m = loaded[name]
    if m ~= nil then return m end
    error("module '" .. tostring(name) .. "' not available: flowcheck's sandbox serves only \"lua_utils\" (--unsafe-lua loads modules from files)", 2)
  end
  -- Defence in depth: nothing dangerous stays reachable from the real globals either.
  G.io, G.os, G.debug, G.package, G.require, G.dofile, G.loadfile, G.load = nil, nil, nil, nil, nil, nil, nil, nil
  string.dump = nil
end

-- Constructors of the protocol tables: flow-api.ts generates one per set of known values
-- ("return function(a1, a2) return { ['key'] = a1, alias = a1, ... } end"), sized for
-- exactly those keys, and compiles it here once per Lua state (an empty environment: the
-- constructor only builds a table). The host then pushes the values and calls it.
local function make(src)
  return load(src, "=flowcheck-table", "t", {})()
end

-- Kept in the real globals, which no sandboxed chunk can reach; the host fetches it once.
G[CTORS_GLOBAL] = make

-- Generational collection: a check's garbage is per flow (protocol tables, strings) while the
-- sandbox itself is long-lived; minor collections skip it. In the pipeline, where each check
-- runs between packets on cold CPU caches, this saves ~2 µs per flow for a script that
-- builds tables. A script may still switch modes with collectgarbage().
collectgarbage("generational")

return function(source, chunkname)
  return load(source, chunkname, "t", env)
end, env
`.replace('CTORS_GLOBAL', JSON.stringify(CTORS_GLOBAL));
