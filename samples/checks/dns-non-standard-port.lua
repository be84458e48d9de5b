-- DNS spoken to a server port other than 53: DNS tunnelling, resolvers hidden from policy,
-- or malware bypassing the corporate resolver. mDNS (5353) and LLMNR (5355) are expected.
local expected = { [53] = true, [5353] = true, [5355] = true }

local dns = flow.dns()
if dns ~= nil and not expected[flow.srv_port()] then
  local query = dns["protos.dns.last_query"] or "?"
  flow.triggerAlert(120, "DNS to non-standard server port " .. flow.srv_port() .. " (query " .. query .. ")")
end
return(0)
