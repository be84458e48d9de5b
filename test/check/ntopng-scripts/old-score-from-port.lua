-- From a 2022 custom_flow_lua_script.lua sample: the client port passed as the score.
if flow.srv_port() == 22 then
  flow.triggerAlert(flow.cli_port(), "ssh from port " .. flow.cli_port())
end
return(0)
