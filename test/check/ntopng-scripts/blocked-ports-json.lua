--
-- Rules kept in a module beside the check (lib/port_rules.lua); the alert message is JSON.
--
local json = require "dkjson"
local rules = require "lib.port_rules"

local why = rules.blocked(flow.protocol(), flow.srv_port())
if why then
  flow.triggerAlert(rules.SCORE, json.encode({ cli = flow.cli(), srv = flow.srv(), port = flow.srv_port(),
    proto = flow.l7_proto_name(), reason = why }))
end

return(0)
