-- Port rules shared by checks (a module: required, not run as a check).
local rules = {}

rules.SCORE = 120

local blocked = {
  [17] = { [5300] = "DNS-like service on a non-standard port", [69] = "TFTP" },
  [6] = { [23] = "telnet" },
}

function rules.blocked(proto, port)
  local by_port = blocked[proto]
  return by_port and by_port[port] or nil
end

return rules
