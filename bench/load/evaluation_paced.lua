-- The same requests at a set rate: each connection waits a random time after every answer, exponentially
-- distributed with mean PACE_MS, so the connections' requests arrive independently of one another (close to a
-- Poisson stream, as requests from many independent clients do). The offered rate is about
-- connections x 1000 / (PACE_MS + latency); wrk prints the rate reached. PACE_DIST=fixed waits exactly PACE_MS
-- instead: connections that start together then stay in step and arrive in bursts of one request each, which
-- measures how long the server takes to clear a burst of that size (docs/benchmarks-server.md compares both).
dofile(os.getenv("LOAD_DIR") .. "/evaluation.lua")
local pace = tonumber(os.getenv("PACE_MS") or "6")
local fixed = os.getenv("PACE_DIST") == "fixed"
math.randomseed(tonumber(os.getenv("PACE_SEED") or "1"))
delay = function()
  if fixed then
    return pace
  end
  -- wrk's delay is in whole milliseconds; rounding keeps the mean.
  return math.floor(-math.log(1 - math.random()) * pace + 0.5)
end
