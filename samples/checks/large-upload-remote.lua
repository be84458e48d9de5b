-- A large upload from a local host to a remote address: possible data exfiltration.
-- Best run with --check-end so the byte counters are final.
LARGE_UPLOAD_BYTES = LARGE_UPLOAD_BYTES or 10 * 1024 * 1024

if flow.direction() == "local2remote" then
  local up, down = flow.cli2srv_bytes(), flow.srv2cli_bytes()
  if up >= LARGE_UPLOAD_BYTES and up > 4 * down then
    flow.triggerAlert(110, string.format("large upload to remote %s: %d bytes sent, %d received",
      flow.srv(), up, down))
  end
end
return(0)
