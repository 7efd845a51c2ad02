-- One AuthZEN evaluation per request as a gateway sends it: the question plus the request's telemetry (client IP,
-- user agent, device), so it is observed: assessed, journaled, learned by the writer, and audited.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("VIGIL_KEY") or ""
local agents = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
}
local subjects = {}
for i = 1, 200 do
  subjects[i] = string.format('{"subject":{"type":"user","id":"user%d"},"action":{"name":"read"},"resource":{"type":"document","id":"doc%d","properties":{"sensitivity":"high"}},"context":{"ip":"81.2.69.%d","user_agent":"%s","device_id":"dev-%d"}}',
    i, i % 17, i % 50, agents[(i % 2) + 1], i)
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/access/v1/evaluation", nil, subjects[(n % 200) + 1])
end
