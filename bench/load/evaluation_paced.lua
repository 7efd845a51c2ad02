-- The same requests, paced: each connection waits PACE_MS between requests, so
-- connections x 1000 / PACE_MS bounds the offered rate (wrk has no constant-rate mode).
dofile(os.getenv("LOAD_DIR") .. "/evaluation.lua")
local pace = tonumber(os.getenv("PACE_MS") or "2")
delay = function()
  return pace
end
