-- A long-lived flow that never got an answer: scanning, beaconing to a dead host, or a
-- blocked exfiltration attempt. Multicast/broadcast are one-way by nature and skipped, and so
-- are recognised UDP protocols that never answer (syslog, NetFlow, SNMP traps …).
-- Uses flowcheck's flow.duration() and flow.packets() extensions; run with --check-end.
LONG_ONEWAY_SECONDS = LONG_ONEWAY_SECONDS or 60

local tcp = flow.protocol() == 6
local unknown = flow.l7_master_proto() == 0 and flow.l7_proto() == 0
if flow.is_oneway() and flow.is_unicast() and (tcp or unknown) and flow.packets() >= 5
    and flow.duration() >= LONG_ONEWAY_SECONDS then
  flow.triggerAlert(50, string.format("one-way flow for %.0f s (%d packets, no answer from %s)",
    flow.duration(), flow.packets(), flow.srv()))
end
return(0)
