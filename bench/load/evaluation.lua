-- One AuthZEN access evaluation per request (a bare policy question: assessed, audited).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("VIGIL_KEY") or ""
local subjects = {}
for i = 1, 200 do
  subjects[i] = string.format('{"subject":{"type":"user","id":"user%d"},"action":{"name":"read"},"resource":{"type":"document","id":"doc%d","properties":{"sensitivity":"high"}}}', i, i % 17)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/access/v1/evaluation", nil, subjects[(n % 200) + 1])
end
