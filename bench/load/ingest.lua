-- Ingestion: 1,000 ECS events per request as NDJSON, each with a unique event.id (so none is deduplicated away).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-ndjson"
wrk.headers["X-API-Key"] = os.getenv("VIGIL_KEY") or ""
local thread_id = 0
setup = function(thread)
  thread_id = thread_id + 1
  thread:set("tid", thread_id)
end
local n = 0
-- Times just behind the service's clock (it refuses events more than an hour ahead of it), 1 ms apart; ids carry the
-- run's start so a second run in the same service is not deduplicated away.
local started = os.time()
local base = started * 1000 - 1800000
local ips = { "81.2.69.10", "81.2.69.11", "203.0.113.7", "198.51.100.23" }
request = function()
  n = n + 1
  local lines = {}
  for i = 1, 1000 do
    local k = n * 1000 + i
    lines[i] = string.format('{"@timestamp":%d,"event":{"id":"w%d-%s-%d","action":"sign-in","outcome":"success"},"user":{"id":"user%d"},"source":{"ip":"%s"},"labels":{"session_id":"s%d"}}',
      base + k, started, tid or 0, k, k % 500, ips[(k % 4) + 1], k % 900)
  end
  return wrk.format(nil, "/v1/events", nil, table.concat(lines, "\n"))
end
done = function(summary, latency, requests)
  io.write(string.format("events/s (2xx requests x 1000): %.0f\n", (summary.requests - (summary.errors.status or 0)) * 1000 / (summary.duration / 1e6)))
end
