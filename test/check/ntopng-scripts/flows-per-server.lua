--
-- End-of-flow sample: counts flows per server in the cache and alerts once a server has seen
-- more than MAX_FLOWS of them.
--
require "lua_utils"

local MAX_FLOWS = 1

local key = "flowcheck.flows_per_server." .. flow.srv()
local n = ntop.incrCache(key)
if n > MAX_FLOWS then
  flow.triggerAlert(30, string.format("%s: flow %d to this server (%s, %s)", flow.srv(), n,
    ternary(flow.protocol() == 17, "UDP", flow.l7_proto_name()), bytesToSize(flow.bytes())))
end

return(0)
