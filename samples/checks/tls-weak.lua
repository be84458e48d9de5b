-- TLS without SNI (hides the destination from inspection, typical of some malware) or a
-- negotiated version below TLS 1.2 (deprecated by RFC 8996). TLS over TCP only: QUIC always
-- carries TLS 1.3, and DTLS (WebRTC) never sends SNI.
local tls = flow.tls_quic()
if tls ~= nil and flow.protocol() == 6 then
  local version = tls["protos.tls_version"]
  if version ~= nil and version < 0x0303 then
    flow.triggerAlert(150, string.format("TLS version 0x%04x below TLS 1.2 to %s:%d", version, flow.srv(), flow.srv_port()))
  end
  local sni = tls["protos.tls.client_requested_server_name"]
  if sni == nil or sni == "" then
    flow.triggerAlert(60, "TLS client hello without SNI to " .. flow.srv() .. ":" .. flow.srv_port())
  end
end
return(0)
