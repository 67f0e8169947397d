-- wrk script for case submission: each request a new case of one item, acknowledged after
-- its group commit. env: TOKEN (an applicant's session), ITEM (the item's code)
local token, item = os.getenv("TOKEN"), os.getenv("ITEM")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  n = n + 1
  local body = '{"item":"' .. item .. '","answers":{},"form":{"entity.name":"基准测试 ' .. n .. '"}}'
  return wrk.format(nil, "/api/v1/cases", nil, body)
end
