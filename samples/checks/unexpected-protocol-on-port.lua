-- A well-known server port carrying an unknown or unexpected protocol (nDPI ids):
-- tunnels over 53/443, or services hiding behind ports that firewalls leave open.
local TCP, UDP = 6, 17
local expected = {
  [TCP] = { [21] = { 1 }, [22] = { 92 }, [25] = { 3 }, [53] = { 5 }, [80] = { 7, 131 },
            [110] = { 2 }, [143] = { 4 }, [443] = { 91, 7 }, [465] = { 29, 91 },
            [587] = { 3 }, [993] = { 51, 91 }, [995] = { 23, 91 } },
  [UDP] = { [53] = { 5 }, [123] = { 9 }, [443] = { 188 } },
}

local ports = expected[flow.protocol()]
local want = ports and ports[flow.srv_port()]
-- only flows that carried data both ways: a lone SYN or a failed connection proves nothing
if want ~= nil and not flow.is_oneway() then
  local master, app = flow.l7_master_proto(), flow.l7_proto()
  if master == 0 and app == 0 then
    flow.triggerAlert(70, "unknown protocol on well-known port " .. flow.srv_port())
  else
    local ok = false
    for _, id in ipairs(want) do
      if master == id or app == id then ok = true end
    end
    if not ok then
      flow.triggerAlert(100, flow.l7_proto_name() .. " on well-known port " .. flow.srv_port())
    end
  end
end
return(0)
