-- Debugging aid in the style of ntopng's sample scripts: prints every value the `flow`
-- API offers (to stderr). Uses the ntop.getDirs()/package.path/require "lua_utils" preamble
-- that ntopng's scripts carry, which flowcheck provides as shims.
local dirs = ntop.getDirs()
package.path = dirs.installdir .. "/scripts/lua/modules/?.lua;" .. package.path
require "lua_utils"

local info = {
  cli = flow.cli(), cli_port = flow.cli_port(), srv = flow.srv(), srv_port = flow.srv_port(),
  protocol = flow.protocol(), vlan_id = flow.vlan_id(), is_oneway = flow.is_oneway(),
  is_unicast = flow.is_unicast(), cli2srv_bytes = flow.cli2srv_bytes(),
  srv2cli_bytes = flow.srv2cli_bytes(), bytes = flow.bytes(),
  l7_master_proto = flow.l7_master_proto(), l7_proto = flow.l7_proto(),
  l7_proto_name = flow.l7_proto_name(), direction = flow.direction(),
  http = flow.http(), dns = flow.dns(), ssh = flow.ssh(), tls = flow.tls_quic(),
}
io.write("== flow " .. flow.cli() .. " -> " .. flow.srv() .. "\n")
tprint(info)
return(0)
