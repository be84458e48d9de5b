-- Cleartext protocols (HTTP, telnet, FTP, POP3, IMAP …) used by a local client towards a
-- remote server: one alert per client and protocol for an hour of packet time, not one per
-- flow. The de-duplication is ntopng's usual one: ntop.getCache / ntop.setCache with an
-- expiry (here counted in packet time; the cache is shared by all checks of the run).
require "lua_utils"

local DEDUP_SECONDS = 3600
local CLEARTEXT = { [7] = "HTTP", [77] = "Telnet", [1] = "FTP_CONTROL", [2] = "POP3", [4] = "IMAP", [3] = "SMTP" }

local name = CLEARTEXT[flow.l7_proto()] or CLEARTEXT[flow.l7_master_proto()]
if name ~= nil and flow.direction() == "local2remote" then
  local key = "flowcheck.cleartext." .. name .. "." .. flow.cli()
  if isEmptyString(ntop.getCache(key)) then
    ntop.setCache(key, "1", DEDUP_SECONDS)
    flow.triggerAlert(40, string.format("%s uses cleartext %s (first flow: to %s, %s)", flow.cli(), name,
      flow.srv(), bytesToSize(flow.bytes())))
  end
end

return(0)
