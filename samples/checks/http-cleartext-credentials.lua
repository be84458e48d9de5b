-- Credentials sent over cleartext HTTP: a Basic Authorization header (when the HTTP
-- dissector reports it) or a password-like parameter in the URL.
local http = flow.http()
if http ~= nil then
  local auth = http.authorization
  if auth ~= nil and string.lower(string.sub(auth, 1, 6)) == "basic " then
    flow.triggerAlert(180, "HTTP Basic credentials in cleartext to " .. (http.host or flow.srv()))
  end
  local url = string.lower(http["protos.http.last_url"] or "")
  for _, key in ipairs({ "password=", "passwd=", "pwd=", "pass=" }) do
    local at = string.find(url, key, 1, true)
    if at ~= nil then
      local before = string.sub(url, at - 1, at - 1)
      if before == "?" or before == "&" then
        flow.triggerAlert(150, "password in cleartext HTTP URL to " .. (http.host or flow.srv()))
        break
      end
    end
  end
end
return(0)
