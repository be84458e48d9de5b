-- The fuzzer's check: reads every value the flow API offers (so hostile metadata reaches
-- Lua), walks the protocol tables, and alerts on odd values. Used by scripts/fuzz.ts.
local function walk(t, depth)
  if type(t) ~= "table" or depth > 4 then return 0 end
  local n = 0
  for k, v in pairs(t) do
    n = n + #tostring(k)
    if type(v) == "table" then n = n + walk(v, depth + 1) else n = n + #tostring(v) end
  end
  return n
end

local size = #flow.cli() + #flow.srv() + flow.cli_port() + flow.srv_port() + flow.protocol()
  + flow.vlan_id() + flow.bytes() + flow.cli2srv_bytes() + flow.srv2cli_bytes()
  + flow.l7_master_proto() + flow.l7_proto() + #flow.l7_proto_name() + #flow.direction()
size = size + walk(flow.http(), 0) + walk(flow.dns(), 0) + walk(flow.ssh(), 0) + walk(flow.tls_quic(), 0)
if flow.is_oneway() and flow.is_unicast() and size % 7 == 0 then
  flow.triggerAlert(size % 300, "fuzz " .. flow.l7_proto_name() .. " " .. string.format("%q", flow.cli()))
end
return(0)
