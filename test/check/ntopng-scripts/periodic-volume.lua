--
-- Periodic sample (every 60 s of packet time for active flows): alerts once per flow when a
-- flow has sent more than a threshold so far; the flow key is remembered in a hash.
--
require "lua_utils"

local THRESHOLD = 10000

local fkey = flow.cli() .. ":" .. flow.cli_port() .. "-" .. flow.srv() .. ":" .. flow.srv_port()
if flow.bytes() > THRESHOLD and isEmptyString(ntop.getHashCache("flowcheck.volume_alerted", fkey)) then
  ntop.setHashCache("flowcheck.volume_alerted", fkey, "1")
  local t = os.date("!%H:%M:%S", ntop.getTime())
  flow.triggerAlert(40, string.format("%s sent %s (%s) by %s", fkey, bytesToSize(flow.bytes()),
    formatValue(flow.bytes()) .. " bytes", t))
end

return(0)
