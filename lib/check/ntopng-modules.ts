/**
 * Sandbox-safe stand-ins for the ntopng Lua modules flow scripts `require`: lua_utils,
 * format_utils, dkjson (also as `json`), flow_consts, alert_consts and flow_alert_keys.
 * Written for flowcheck from ntopng's documented behaviour (function names, results and
 * constants); nothing here reaches files, the network or the process.
 *
 * Each source is a Lua chunk compiled with the check's environment as _ENV on the first
 * `require` (sandbox.ts), so `function isEmptyString(...)` defines a global of the check, as
 * ntopng's lua_utils does. A chunk returns its module table.
 */

/** format_utils: byte/packet/number/duration formatting (ntopng's format_utils.lua names). */
const FORMAT_UTILS = String.raw`
local M = {}
local floor, abs, huge, fmt = math.floor, math.abs, math.huge, string.format

-- round(num, idp): idp decimals; integral values keep no decimals; non-numbers give 0
function M.round(num, idp)
  num = tonumber(num)
  if num == nil then return 0 end
  if abs(num) == huge then return num end
  if num == floor(num) then return tonumber(fmt("%d", floor(num))) or 0 end
  return tonumber(fmt("%." .. (idp or 0) .. "f", num)) or 0
end
local round = M.round

local function trunc2(n) return fmt("%02d", floor(n)) end

-- "< 1 sec", "MM:SS", "HH:MM:SS", "N days, HH:MM:SS", "N years, N days, ..."
function M.secondsToTime(seconds)
  seconds = tonumber(seconds)
  if seconds == nil then return "" end
  if seconds < 1 then return "< 1 sec" end
  local days = floor(seconds / 86400)
  local hours = floor(seconds / 3600 - days * 24)
  local minutes = floor(seconds / 60 - days * 1440 - hours * 60)
  local sec = seconds % 60
  local parts = {}
  if days > 0 then
    local years = floor(days / 365)
    if years > 0 then
      days = days % 365
      parts[#parts + 1] = years .. (years > 1 and " years" or " year")
    end
    if days > 0 then parts[#parts + 1] = days .. (days > 1 and " days" or " day") end
  end
  local clock = (hours > 0 and (trunc2(hours) .. ":") or "") .. trunc2(minutes) .. ":" .. trunc2(sec)
  parts[#parts + 1] = clock
  return table.concat(parts, ", ")
end

function M.msToTime(ms)
  ms = tonumber(ms) or 0
  if ms > 10000 then return M.secondsToTime(ms / 1000) end
  if ms < 1 then return "< 1 ms" end
  return round(ms, 2) .. " ms"
end

-- powers of 1024: "1 Byte", "512 Bytes", "1.5 KB", "2 MB", "3.25 GB", "1 TB"
function M.bytesToSize(bytes)
  bytes = tonumber(bytes)
  if bytes == nil then return "0" end
  if bytes == 1 then return "1 Byte" end
  local units = { { 1024 ^ 4, " TB" }, { 1024 ^ 3, " GB" }, { 1024 ^ 2, " MB" }, { 1024, " KB" } }
  for _, u in ipairs(units) do
    if bytes >= u[1] then return round(bytes / u[1], 2) .. u[2] end
  end
  return round(bytes, 2) .. " Bytes"
end

-- thousands separators: 1234567 -> "1,234,567"
function M.formatValue(amount)
  if amount == nil then return 0 end
  local s = tostring(amount)
  local k
  repeat
    s, k = s:gsub("^(-?%d+)(%d%d%d)", "%1,%2")
  until k == 0
  return s
end

function M.formatPackets(amount)
  amount = tonumber(amount)
  if amount == 1 then return "1 Pkt" end
  return M.formatValue(amount) .. " Pkts"
end

function M.formatFlows(amount)
  amount = tonumber(amount)
  if amount == 1 then return "1 Flow" end
  return M.formatValue(amount) .. " Flows"
end

function M.pktsToSize(pkts)
  pkts = tonumber(pkts) or 0
  if pkts >= 1000000 then return round(pkts / 1000000, 2) .. " Mpps" end
  if pkts >= 1000 then return round(pkts / 1000, 2) .. " Kpps" end
  return round(pkts, 2) .. " pps"
end

function M.bitsToSizeMultiplier(bits, multiplier)
  bits = tonumber(bits)
  if bits == nil then return 0 end
  multiplier = multiplier or 1000
  local k = 1000
  local m = k * multiplier
  local g = m * multiplier
  local t = g * multiplier
  if bits >= t then return round(bits / t, 2) .. " Tbit/s" end
  if bits >= g then return round(bits / g, 2) .. " Gbit/s" end
  if bits >= m then return round(bits / m, 2) .. " Mbit/s" end
  if bits >= k then return round(bits / k, 2) .. " kbit/s" end
  return round(bits, 2) .. " bit/s"
end

function M.bitsToSize(bits) return M.bitsToSizeMultiplier(bits, 1000) end

-- epochs are shown in UTC (an offline run has no user time zone)
function M.formatEpoch(epoch)
  epoch = epoch or os.time()
  if epoch == 0 then return "" end
  return os.date("!%d/%m/%Y %X", epoch)
end

function M.formatEpochISO8601(epoch)
  epoch = epoch or os.time()
  if epoch == 0 then return "" end
  return os.date("!%Y-%m-%dT%H:%M:%SZ", epoch)
end

function M.formatMillis(x)
  x = tonumber(x) or 0
  if x == 0 then return 0 end
  if x < 0.1 then return "< 0.1 ms" end
  return fmt("%.2f ms", x)
end

return M
`;

/** lua_utils: the globals ntopng's lua_utils (and the files it is split into) define. */
const LUA_UTILS = String.raw`
local M = {}
local format_utils = require "format_utils"

-- ntopng's lua_utils re-exports the formatters as globals
for _, name in ipairs({ "secondsToTime", "msToTime", "bytesToSize", "formatPackets", "formatFlows",
    "formatValue", "pktsToSize", "bitsToSize", "bitsToSizeMultiplier", "round", "formatEpoch" }) do
  _ENV[name] = format_utils[name]
  M[name] = format_utils[name]
end

function isEmptyString(s) return s == nil or s == "" end

function ternary(cond, a, b) if cond then return a else return b end end

-- prefix / suffix tests; false for non-strings
function starts(s, prefix)
  if type(s) ~= "string" or type(prefix) ~= "string" then return false end
  return s:sub(1, #prefix) == prefix
end
function ends(s, suffix)
  if type(s) ~= "string" or type(suffix) ~= "string" then return false end
  return suffix == "" or s:sub(-#suffix) == suffix
end
string.starts = starts
string.ends = ends
startswith = starts
endswith = ends

-- split(s, delimiter): the delimiter is a Lua pattern; empty fields are kept; without one,
-- one entry per character; nil gives an empty table
function split(s, delimiter)
  local r = {}
  if s == nil then return r end
  if delimiter == nil then
    for c in s:gmatch(".") do r[#r + 1] = c end
    return r
  end
  for piece in (s .. delimiter):gmatch("(.-)" .. delimiter) do r[#r + 1] = piece end
  return r
end

-- string.split(s, pattern): like split, but nil when the pattern does not occur
function string.split(s, p)
  if s == nil or not s:find(p) then return nil end
  return split(s, p)
end

function trimString(s) return (s:gsub("^%s*(.-)%s*$", "%1")) end
function trimSpace(s) if s == nil then return "" end return (s:gsub("%s+", "")) end

function string.contains(s, sub, plain)
  if type(s) ~= "string" or type(sub) ~= "string" or s == "" or sub == "" then return false end
  return s:find(sub, 1, plain) ~= nil
end
function string.containsIgnoreCase(s, sub, plain)
  if type(s) ~= "string" or type(sub) ~= "string" then return false end
  return string.contains(s:lower(), sub:lower(), plain)
end

function firstToUpper(s) s = tostring(s) return (s:gsub("^%l", string.upper)) end

function shortenString(s, max_len)
  if s == nil then return "" end
  max_len = tonumber(max_len) or 24
  if #s <= max_len then return s end
  return s:sub(1, max_len) .. "\u{2026}"
end

-- tables
function table.len(t)
  if type(t) ~= "table" then return 0 end
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n
end

function table.empty(t) return t == nil or next(t) == nil end

function table.clone(t, seen)
  if type(t) ~= "table" then return t end
  seen = seen or {}
  if seen[t] then return seen[t] end
  local c = {}
  seen[t] = c
  for k, v in next, t do c[table.clone(k, seen)] = table.clone(v, seen) end
  return setmetatable(c, getmetatable(t))
end

function table.contains(t, needle, comp)
  if type(t) ~= "table" then return false end
  for _, v in ipairs(t) do
    if (comp and comp(v)) or (not comp and v == needle) then return true end
  end
  return false
end

function table.insertIfNotPresent(t, v, comp)
  if not table.contains(t, v, comp) then t[#t + 1] = v end
end

-- merge(a, b): a new table; arrays are appended (nodup: skip values already there), keyed
-- tables merged deeply with b's values winning
function table.merge(a, b, nodup)
  a, b = a or {}, b or {}
  local r = {}
  if a[1] ~= nil and b[1] ~= nil then
    for _, t in ipairs({ a, b }) do
      for _, v in ipairs(t) do
        if not nodup or not table.contains(r, v) then r[#r + 1] = v end
      end
    end
    return r
  end
  for _, t in ipairs({ a, b }) do
    for k, v in pairs(t) do
      if type(r[k]) == "table" and type(v) == "table" then r[k] = table.merge(r[k], v) else r[k] = v end
    end
  end
  return r
end

function table.compare(a, b)
  if type(a) ~= type(b) then return false end
  if type(a) ~= "table" then return a == b end
  for k, v in pairs(a) do if not table.compare(v, b[k]) then return false end end
  for k, v in pairs(b) do if a[k] == nil then return false end end
  return true
end
table.is_equal = table.compare

function table.has_key(t, k) return t[k] ~= nil end
function hasKey(k, t) return t ~= nil and t[k] ~= nil end

function table.tconcat(t, kv_sep, group_sep, last_sep, quote)
  local groups = {}
  kv_sep, group_sep, last_sep, quote = kv_sep or "", group_sep or "", last_sep or "", quote or ""
  for k, v in pairs(t) do groups[#groups + 1] = tostring(k) .. kv_sep .. quote .. tostring(v) .. quote end
  if #groups == 0 then return "" end
  return table.concat(groups, group_sep) .. last_sep
end

function table.slice(t, first, last)
  local r = {}
  if last > #t then last = #t end
  for i = first, last do r[#r + 1] = t[i] end
  return r
end

function isempty(t) return next(t) == nil end
function isin(s, t)
  if s == nil or s == "" or t == nil then return false end
  for _, v in pairs(t) do if v == s then return true end end
  return false
end

function toboolean(s) return s == true or s == "true" or s == "1" or s == 1 end

function swapKeysValues(t)
  local r = {}
  for k, v in pairs(t or {}) do r[v] = k end
  return r
end

-- iteration in key / value order
local function sorted_iter(t, keys)
  local i = 0
  return function()
    i = i + 1
    local k = keys[i]
    if k ~= nil then return k, t[k] end
  end
end
function pairsByKeys(t, f)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, f)
  return sorted_iter(t, keys)
end
function pairsByValues(t, f)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(x, y) return f(t[x], t[y]) end)
  return sorted_iter(t, keys)
end
function pairsByField(t, field, f)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(x, y) return f(t[x][field], t[y][field]) end)
  return sorted_iter(t, keys)
end
function asc(a, b) return a < b end
function rev(a, b) return a > b end
function asc_insensitive(a, b)
  if type(a) ~= "string" then return a < b end
  return a:lower() < b:lower()
end
function rev_insensitive(a, b)
  if type(a) ~= "string" then return a > b end
  return a:lower() > b:lower()
end

-- addresses
function isIPv4(s)
  if type(s) ~= "string" then return false end
  local a, b, c, d = s:match("^(%d+)%.(%d+)%.(%d+)%.(%d+)$")
  if not a then return false end
  for _, o in ipairs({ a, b, c, d }) do
    if #o > 3 or tonumber(o) > 255 then return false end
  end
  return true
end

function isIPv6(s)
  if type(s) ~= "string" or s == "" or not s:find(":", 1, true) then return false end
  if s:find("[^%x:%.]") then return false end
  local head, tail = s, nil
  local dbl = s:find("::", 1, true)
  if dbl and s:find("::", dbl + 1, true) then return false end
  local groups = 0
  local last
  for g in (s .. ":"):gmatch("([^:]*):") do
    if g ~= "" then
      if g:find(".", 1, true) then
        if not isIPv4(g) then return false end
        groups = groups + 2
        last = "v4"
      else
        if #g > 4 or last == "v4" then return false end
        groups = groups + 1
      end
    end
  end
  if dbl then return groups <= 7 end
  if s:sub(1, 1) == ":" or s:sub(-1) == ":" then return false end
  return groups == 8
end

function isIPv6Address(s) return isIPv6(s) end
function isMacAddress(s)
  return type(s) == "string" and (s:match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x$") ~= nil or s:match("^%x%x:%x%x:%x%x:%x%x:%x%x:%x%x@%d+$") ~= nil)
end

function isInteger(s) s = tostring(s) return s ~= "" and not s:find("%D") end

function getSystemInterfaceId() return "-1" end
function getSystemInterfaceName() return "__system__" end

-- tprint (ntopng's table dump) is a global of the sandbox already
M.tprint = tprint

-- ntopng's trace levels and traceError (to stderr, like print)
TRACE_ERROR, TRACE_WARNING, TRACE_NORMAL, TRACE_INFO, TRACE_DEBUG = 0, 1, 2, 3, 6
TRACE_CONSOLE, TRACE_FILE = 0, 1
local level_names = { [0] = "ERROR", [1] = "WARNING", [2] = "NORMAL", [3] = "INFO", [6] = "DEBUG" }
function traceError(level, _, msg)
  print("[" .. (level_names[level] or tostring(level)) .. "] " .. tostring(msg))
end

for _, name in ipairs({ "isEmptyString", "ternary", "starts", "ends", "split", "trimString", "trimSpace",
    "firstToUpper", "shortenString", "isIPv4", "isIPv6", "isIPv6Address", "isMacAddress", "isInteger",
    "pairsByKeys", "pairsByValues", "pairsByField", "asc", "rev", "asc_insensitive", "rev_insensitive",
    "isempty", "isin", "hasKey", "toboolean", "swapKeysValues", "traceError", "startswith", "endswith" }) do
  M[name] = _ENV[name]
end
return M
`;

/** dkjson: encode / decode (also served as `json` and `cjson`-style encode/decode). */
const DKJSON = String.raw`
local json = { version = "dkjson 2.5 (flowcheck)" }
local fmt, byte, char, concat = string.format, string.byte, string.char, table.concat
local mtype, floor, huge = math.type, math.floor, math.huge

json.null = setmetatable({}, { __tojson = function() return "null" end, __tostring = function() return "null" end })

local escapes = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b", ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
local function quote(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return escapes[c] or fmt("\\u%04x", byte(c)) end) .. '"'
end

local function isarray(t)
  local n = 0
  for k in pairs(t) do
    if mtype(k) ~= "integer" or k < 1 then return false end
    if k > n then n = k end
  end
  if n > 0 and n > 2 * #t + 10 then return false end
  return true, n
end

local function keyorder(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  return a < b
end

local encode_value
function encode_value(v, state, indent, level)
  local tv = type(v)
  if v == nil or v == json.null then return "null" end
  if tv == "boolean" then return tostring(v) end
  if tv == "number" then
    if v ~= v or v == huge or v == -huge then return "null" end
    if mtype(v) == "integer" then return tostring(v) end
    if v == floor(v) and v > -2^53 and v < 2^53 then return fmt("%d", v) end
    return fmt("%.17g", v)
  end
  if tv == "string" then return quote(v) end
  if tv == "table" then
    local mt = getmetatable(v)
    if mt and mt.__tojson then return mt.__tojson(v, state) end
    if state.seen[v] then error("reference cycle", 0) end
    state.seen[v] = true
    local nl, pad, padin = "", "", ""
    if indent then nl = "\n" pad = string.rep("  ", level) padin = string.rep("  ", level + 1) end
    local parts = {}
    local arr, n = isarray(v)
    local out
    if arr and (n > 0 or not (mt and mt.__jsontype == "object")) and not (n == 0 and next(v) ~= nil) then
      for i = 1, n do parts[i] = padin .. encode_value(v[i], state, indent, level + 1) end
      out = (#parts == 0) and "[]" or ("[" .. nl .. concat(parts, "," .. nl) .. nl .. pad .. "]")
    else
      local keys = {}
      for k in pairs(v) do
        local tk = type(k)
        if tk == "string" or tk == "number" then keys[#keys + 1] = k end
      end
      table.sort(keys, state.keyorder or keyorder)
      for _, k in ipairs(keys) do
        parts[#parts + 1] = padin .. quote(tostring(k)) .. ":" .. (indent and " " or "") .. encode_value(v[k], state, indent, level + 1)
      end
      out = (#parts == 0) and "{}" or ("{" .. nl .. concat(parts, "," .. nl) .. nl .. pad .. "}")
    end
    state.seen[v] = nil
    return out
  end
  error("type '" .. tv .. "' is not supported by JSON", 0)
end

-- encode(value [, state]): keys of objects are sorted, so the output is deterministic;
-- state.indent pretty-prints
function json.encode(v, state)
  state = state or {}
  local ok, r = pcall(encode_value, v, { seen = {}, keyorder = state.keyorder }, state.indent, 0)
  if not ok then
    if state.exception then return state.exception("unsupported type", v, state, r) end
    error(r, 2)
  end
  return r
end

-- decode(str [, pos [, nullval]]) -> value, next position | nil, position, message
local function decode_error(str, pos, msg) error({ pos = pos, msg = msg }, 0) end

local function skip(str, pos)
  local _, e = str:find("^[ \n\r\t]*", pos)
  return e + 1
end

local function utf8char(cp)
  if cp < 0x80 then return char(cp) end
  return utf8.char(cp)
end

local decode_value
local function decode_string(str, pos)
  local parts = {}
  local i = pos + 1
  while true do
    local c = str:sub(i, i)
    if c == "" then decode_error(str, pos, "unterminated string") end
    if c == '"' then return concat(parts), i + 1 end
    if c == "\\" then
      local e = str:sub(i + 1, i + 1)
      local simple = ({ b = "\b", f = "\f", n = "\n", r = "\r", t = "\t", ['"'] = '"', ["\\"] = "\\", ["/"] = "/" })[e]
      if simple then
        parts[#parts + 1] = simple
        i = i + 2
      elseif e == "u" then
        local hex = str:match("^%x%x%x%x", i + 2)
        if not hex then decode_error(str, i, "invalid unicode escape") end
        local cp = tonumber(hex, 16)
        i = i + 6
        if cp >= 0xD800 and cp <= 0xDBFF then
          local lo = str:match("^\\u(%x%x%x%x)", i)
          if lo then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (tonumber(lo, 16) - 0xDC00)
            i = i + 6
          end
        end
        parts[#parts + 1] = utf8char(cp)
      else
        decode_error(str, i, "invalid escape")
      end
    else
      local j = str:find('["\\]', i) or (#str + 1)
      parts[#parts + 1] = str:sub(i, j - 1)
      i = j
    end
  end
end

function decode_value(str, pos, nullval)
  pos = skip(str, pos)
  local c = str:sub(pos, pos)
  if c == "{" then
    local obj = {}
    pos = skip(str, pos + 1)
    if str:sub(pos, pos) == "}" then return obj, pos + 1 end
    while true do
      pos = skip(str, pos)
      if str:sub(pos, pos) ~= '"' then decode_error(str, pos, "string expected as object key") end
      local k
      k, pos = decode_string(str, pos)
      pos = skip(str, pos)
      if str:sub(pos, pos) ~= ":" then decode_error(str, pos, "':' expected") end
      obj[k], pos = decode_value(str, pos + 1, nullval)
      pos = skip(str, pos)
      local d = str:sub(pos, pos)
      if d == "}" then return obj, pos + 1 end
      if d ~= "," then decode_error(str, pos, "',' or '}' expected") end
      pos = pos + 1
    end
  elseif c == "[" then
    local arr, n = {}, 0
    pos = skip(str, pos + 1)
    if str:sub(pos, pos) == "]" then return arr, pos + 1 end
    while true do
      n = n + 1
      arr[n], pos = decode_value(str, pos, nullval)
      pos = skip(str, pos)
      local d = str:sub(pos, pos)
      if d == "]" then return arr, pos + 1 end
      if d ~= "," then decode_error(str, pos, "',' or ']' expected") end
      pos = pos + 1
    end
  elseif c == '"' then
    return decode_string(str, pos)
  end
  local num = str:match("^-?%d+%.?%d*[eE]?[-+]?%d*", pos)
  if num and num ~= "" and num ~= "-" then
    local v = tonumber(num)
    if not num:find("[.eE]") then v = math.tointeger(v) or v end
    if v == nil then decode_error(str, pos, "invalid number") end
    return v, pos + #num
  end
  if str:sub(pos, pos + 3) == "true" then return true, pos + 4 end
  if str:sub(pos, pos + 4) == "false" then return false, pos + 5 end
  if str:sub(pos, pos + 3) == "null" then return nullval, pos + 4 end
  decode_error(str, pos, c == "" and "unexpected end of input" or ("unexpected character '" .. c .. "'"))
end

function json.decode(str, pos, nullval)
  if type(str) ~= "string" then return nil, 1, "string expected" end
  local ok, v, nextpos = pcall(decode_value, str, pos or 1, nullval)
  if not ok then
    if type(v) == "table" then return nil, v.pos, v.msg .. " at position " .. v.pos end
    error(v, 2)
  end
  return v, nextpos
end

function json.quotestring(s) return quote(s) end
function json.use_lpeg() return json end

return json
`;

/** ntopng's flow alert type ids (alert_keys/flow_alert_keys.lua). */
const FLOW_ALERT_KEYS: [string, number][] = [
  ['normal', 0], ['blacklisted', 1], ['blacklisted_country', 2], ['flow_blocked', 3], ['data_exfiltration', 4],
  ['device_protocol_not_allowed', 5], ['dns_data_exfiltration', 6], ['dns_invalid_query', 7], ['elephant_flow', 8],
  ['elephant_remote_to_local', 9], ['external', 10], ['longlived', 11], ['low_goodput', 12], ['malicious_signature', 13],
  ['internals', 14], ['potentially_dangerous', 15], ['remote_to_remote', 16], ['suspicious_tcp_probing', 17],
  ['suspicious_tcp_syn_probing', 18], ['tcp_connection_issues', 19], ['tcp_connection_refused', 20],
  ['tcp_severe_connection_issues', 21], ['tls_certificate_expired', 22], ['tls_certificate_mismatch', 23],
  ['tls_old_protocol_version', 24], ['tls_unsafe_ciphers', 25], ['udp_unidirectional', 26], ['web_mining', 27],
  ['tls_certificate_selfsigned', 28], ['suspicious_file_transfer', 29], ['known_proto_on_non_std_port', 30],
  ['flow_risk', 31], ['unexpected_dhcp_server', 32], ['unexpected_dns_server', 33], ['unexpected_smtp_server', 34],
  ['unexpected_ntp_server', 35], ['zero_tcp_window', 36], ['iec_invalid_transition', 37],
  ['remote_to_local_insecure_proto', 38], ['ndpi_url_possible_xss', 39], ['ndpi_url_possible_sql_injection', 40],
  ['ndpi_url_possible_rce_injection', 41], ['ndpi_http_suspicious_user_agent', 42], ['ndpi_http_numeric_ip_host', 43],
  ['ndpi_http_suspicious_url', 44], ['ndpi_http_suspicious_header', 45], ['ndpi_tls_not_carrying_https', 46],
  ['ndpi_suspicious_dga_domain', 47], ['ndpi_malformed_packet', 48], ['ndpi_ssh_obsolete', 49],
  ['ndpi_smb_insecure_version', 50], ['ndpi_tls_suspicious_esni_usage', 51], ['ndpi_unsafe_protocol', 52],
  ['ndpi_dns_suspicious_traffic', 53], ['ndpi_tls_missing_sni', 54], ['iec_unexpected_type_id', 55],
  ['tcp_no_data_exchanged', 56],
];

const FLOW_ALERT_KEYS_LUA =
  'return {\n' + FLOW_ALERT_KEYS.map(([n, id]) => `  flow_alert_${n} = ${id},`).join('\n') + '\n}\n';

/**
 * alert_consts: severities (ntopng's ids) with the score range flowcheck maps to each, the
 * flow alert types by key, and lookups.
 */
const ALERT_CONSTS = String.raw`
local M = {}
local flow_alert_keys = require "flow_alert_keys"

-- ntopng's severity ids; score_min/score_max: the scores flowcheck (and ntopng's score
-- table) map to the severity
M.alert_severities = {
  debug     = { severity_id = 1, label = "debug",     score_min = nil, score_max = nil },
  info      = { severity_id = 2, label = "info",      score_min = 1,   score_max = 9 },
  notice    = { severity_id = 3, label = "notice",    score_min = 10,  score_max = 49 },
  warning   = { severity_id = 4, label = "warning",   score_min = 50,  score_max = 99 },
  error     = { severity_id = 5, label = "error",     score_min = 100, score_max = 199 },
  critical  = { severity_id = 6, label = "critical",  score_min = 200, score_max = 249 },
  alert     = { severity_id = 7, label = "alert",     score_min = nil, score_max = nil },
  emergency = { severity_id = 8, label = "emergency", score_min = 250, score_max = 255 },
}
for key, s in pairs(M.alert_severities) do s.key = key end

function M.alertSeverityById(id)
  id = tonumber(id)
  for _, s in pairs(M.alert_severities) do if s.severity_id == id then return s end end
  return nil
end
function M.alertSeverityRaw(key)
  local s = M.alert_severities[key]
  return s and s.severity_id or nil
end
function M.alertSeverityLabel(id)
  local s = M.alertSeverityById(id)
  return s and s.label or ""
end
function M.alertSeverity(key) return M.alertSeverityRaw(key) end

-- flowcheck: the severity (a member of alert_severities) of a score, as flow.triggerAlert maps it
function M.severityFromScore(score)
  score = tonumber(score) or 0
  if score <= 0 then return nil end
  if score < 10 then return M.alert_severities.info end
  if score < 50 then return M.alert_severities.notice end
  if score < 100 then return M.alert_severities.warning end
  if score < 200 then return M.alert_severities.error end
  if score < 250 then return M.alert_severities.critical end
  return M.alert_severities.emergency
end

-- flow alert types: alert_types.alert_<name> = { alert_key = id, meta = { alert_key = id } }
M.alert_types = {}
local by_id = {}
for k, id in pairs(flow_alert_keys) do
  local name = "alert_" .. k:gsub("^flow_alert_", "")
  local t = { alert_key = id, key = name, meta = { alert_key = id, entity_id = 4 } }
  M.alert_types[name] = t
  by_id[id] = t
end
function M.getAlertType(alert_key) return by_id[tonumber(alert_key)] end
function M.alertTypeRaw(name) local t = M.alert_types[name] return t and t.alert_key or nil end

M.alert_entities = { flow = { entity_id = 4, label = "Flow" } }
M.MAX_NUM_QUEUED_ALERTS_PER_MODULE = 1024

return M
`;

/** flow_consts: the parts flow scripts read (scores, status lookups that find nothing offline). */
const FLOW_CONSTS = String.raw`
local M = {}
local alert_consts = require "alert_consts"

-- flowcheck scores are 0-255 (a flow's score is the highest of its alerts)
M.max_score = 255
M.status_types = {}
M.flow_alert_keys = require "flow_alert_keys"

-- ntopng resolves status ids from its definition files; an offline run has none
function M.getStatusInfo(_) return nil end
function M.getStatusType(_) return nil end
function M.getStatusTitle(key) return tostring(key) end
function M.getStatusDescription(key) return tostring(key) end

M.alert_severities = alert_consts.alert_severities
return M
`;

/** Module name → Lua source. */
export const NTOPNG_MODULES: Readonly<Record<string, string>> = {
  format_utils: FORMAT_UTILS,
  lua_utils: LUA_UTILS,
  dkjson: DKJSON,
  flow_alert_keys: FLOW_ALERT_KEYS_LUA,
  alert_consts: ALERT_CONSTS,
  flow_consts: FLOW_CONSTS,
};

/** Other names ntopng scripts use for the same modules. */
export const NTOPNG_MODULE_ALIASES: Readonly<Record<string, string>> = {
  json: 'dkjson',
  ntop_utils: 'lua_utils',
  string_utils: 'lua_utils',
  lua_utils_generic: 'lua_utils',
};
