-- Counts the flows each server receives and alerts once when a server passes a threshold
-- (a scan target, a busy internal service, a beaconing destination). The counters live in
-- ntopng's cache (ntop.incrCache); run with --check-end to count every flow once.
-- Tune MAX_FLOWS_PER_SERVER; local servers can be skipped with ntop.isLocalAddress().
require "lua_utils"

MAX_FLOWS_PER_SERVER = MAX_FLOWS_PER_SERVER or 100

local srv = flow.srv()
local n = ntop.incrCache("flowcheck.flows_per_server." .. srv)
if n == MAX_FLOWS_PER_SERVER + 1 then
  flow.triggerAlert(30, string.format("server %s%s: more than %s flows (this one: %s, %s)", srv,
    ternary(ntop.isLocalAddress(srv), " (local)", ""), formatValue(MAX_FLOWS_PER_SERVER),
    flow.l7_proto_name(), bytesToSize(flow.bytes())))
end

return(0)
