-- SSH on a server port other than 22: often a backdoor or a tunnel around the firewall.
local ssh = flow.ssh()
local is_ssh = ssh ~= nil or flow.l7_master_proto() == 92 or flow.l7_proto() == 92
if is_ssh and flow.srv_port() ~= 22 then
  local banner = ssh and ssh["protos.ssh.server_signature"] or "unknown server"
  flow.triggerAlert(80, "SSH on non-standard port " .. flow.srv_port() .. " (" .. banner .. ")")
end
return(0)
