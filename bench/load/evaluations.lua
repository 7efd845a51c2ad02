-- Batched AuthZEN evaluations: 100 items per request (defaults subject/action, one resource per item).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-API-Key"] = os.getenv("VIGIL_KEY") or ""
local bodies = {}
for s = 1, 50 do
  local items = {}
  for i = 1, 100 do
    items[i] = string.format('{"resource":{"type":"document","id":"doc%d"}}', i)
  end
  bodies[s] = string.format('{"subject":{"type":"user","id":"user%d"},"action":{"name":"read"},"evaluations":[%s]}', s, table.concat(items, ","))
end
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/access/v1/evaluations", nil, bodies[(n % 50) + 1])
end
