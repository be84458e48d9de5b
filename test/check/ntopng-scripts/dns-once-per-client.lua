--
-- De-duplication as ntopng scripts do it: one alert per client and 5 s (of packet time) for
-- DNS sent to a resolver outside the local networks.
--
require "lua_utils"

local DEDUP_SECONDS = 5

if flow.dns() ~= nil and isIPv4(flow.cli()) and ends(flow.direction(), "2remote") then
  local key = "flowcheck.dns_remote_resolver." .. flow.cli()
  if isEmptyString(ntop.getCache(key)) then
    ntop.setCache(key, flow.srv(), DEDUP_SECONDS)
    flow.triggerAlert(20, "DNS to remote resolver " .. flow.srv() .. " (" .. flow.dns()["protos.dns.last_query"] .. ")")
  end
end

return(0)
