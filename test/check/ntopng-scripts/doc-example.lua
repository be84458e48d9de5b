if(flow.srv_port() == 53) then
  local score = 100
  local message = "dummy alert message"
  flow.triggerAlert(score, message)
end
-- IMPORTANT: do not forget this return at the end of the script
return(0)
