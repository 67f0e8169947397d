-- wrk script for the scan beside the reads: an officer's match preview over the whole registry,
-- again and again (POST /api/v1/policies/preview reads every entity; it only reads).
-- env: TOKEN (a session of an officer who may preview)
local token = os.getenv("TOKEN")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.body = '{"eligibility":{"and":[{">=":[{"var":"employees"},20]},{"in":[{"var":"scale"},["small","micro"]]}]}}'
