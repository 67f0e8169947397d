-- wrk script for the write path: each request a new progress report with its own text.
-- env: TOKEN (a session), MEASURE (the measure's id)
local token, measure = os.getenv("TOKEN"), os.getenv("MEASURE")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  n = n + 1
  local body = '{"reported_on":"2026-01-15","status":"in_progress","percent":10,"text":"bench ' .. n .. '"}'
  return wrk.format(nil, "/api/v1/ledger/measures/" .. measure .. "/progress", nil, body)
end
