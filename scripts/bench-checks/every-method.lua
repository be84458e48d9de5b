-- Benchmark check: calls every method of the `flow` API once per flow, reads a key of each
-- protocol table, and raises an alert on a small share of flows (SSH to port 22),
-- so that the cost per flow of the whole API shows up in docs/PERFORMANCE.md.
local cli, srv = flow.cli(), flow.srv()
local cport, sport = flow.cli_port(), flow.srv_port()
local proto, vlan = flow.protocol(), flow.vlan_id()
local oneway, unicast = flow.is_oneway(), flow.is_unicast()
local up, down, total = flow.cli2srv_bytes(), flow.srv2cli_bytes(), flow.bytes()
local master, app, name = flow.l7_master_proto(), flow.l7_proto(), flow.l7_proto_name()
local dir = flow.direction()
local keys = 0
local h = flow.http()
if h and h["protos.http.last_method"] then keys = keys + 1 end
local d = flow.dns()
if d and d["protos.dns.last_query"] then keys = keys + 1 end
local s = flow.ssh()
if s and s["protos.ssh.client_signature"] then keys = keys + 1 end
local t = flow.tls_quic()
if t and t["protos.tls.client_requested_server_name"] then keys = keys + 1 end
if sport == 22 and s then
  flow.triggerAlert(10, string.format("%s:%d -> %s:%d %s %s vlan %d %s %s %d/%d/%d %d",
    cli, cport, srv, sport, name, dir, vlan, tostring(oneway), tostring(unicast),
    master, app, down, keys))
end
return(0)
