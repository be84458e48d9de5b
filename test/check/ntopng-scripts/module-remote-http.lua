--
-- A check written as a module, as ntopng's current documentation shows them: the chunk
-- returns a table whose check(flow_info) runs for every flow.
--
local dirs = ntop.getDirs()
package.path = dirs.installdir .. "/scripts/lua/modules/?.lua;" .. package.path

require "lua_utils"
local flow_consts = require("flow_consts")
local alert_consts = require("alert_consts")

local remote_http = {}

-- cleartext HTTP from a local client to a remote server
function remote_http.check(flow_info)
  if flow_info["srv.port"] ~= 80 or flow_info["proto.l4"] ~= 6 then return end
  if not starts(flow.direction(), "local2remote") then return end
  local sev = alert_consts.severityFromScore(60)
  flow.triggerAlert(60, string.format("cleartext HTTP to remote %s (%s, %s, severity %s, type %d)",
    flow_info["srv.ip"], bytesToSize(flow_info.bytes), formatPackets(flow_info["cli2srv.packets"] + flow_info["srv2cli.packets"]),
    sev.label, alert_consts.alert_types.alert_remote_to_local_insecure_proto.alert_key))
end

return remote_http
