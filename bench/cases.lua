-- wrk script for case submission: each request a new case of one item, acknowledged after
-- its group commit, its whole form filled in (QD-SCJG-XK-0001's fields, checked on submission).
-- Its materials: the three upload-only ones as the file UPLOAD (a SHA-256 the applicant uploaded),
-- the fourth pledged. env: TOKEN (an applicant's session), ITEM (the item's code), UPLOAD
local token, item, upload = os.getenv("TOKEN"), os.getenv("ITEM"), os.getenv("UPLOAD")
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
request = function()
  n = n + 1
  local body = '{"item":"' .. item .. '","answers":{},"form":{"entity.name":"基准测试 ' .. n .. '",' ..
    '"entity.kind":"有限责任公司","entity.capital":100,"legal_rep.name":"张三",' ..
    '"legal_rep.id_number":"370202199003071233","contact.phone":"13900000005",' ..
    '"address.region":"370202","address.detail":"市南区香港中路1号"},"materials":[' ..
    '{"name":"公司登记（备案）申请书","provided_as":"upload","upload":"' .. upload .. '"},' ..
    '{"name":"公司章程","provided_as":"upload","upload":"' .. upload .. '"},' ..
    '{"name":"申请人居民身份证","provided_as":"upload","upload":"' .. upload .. '"},' ..
    '{"name":"住所（经营场所）使用证明","provided_as":"pledge"}]}'
  return wrk.format(nil, "/api/v1/cases", nil, body)
end
