-- Observed evaluations (evaluation_observed.lua) at a set rate, paced as in evaluation_paced.lua.
dofile(os.getenv("LOAD_DIR") .. "/evaluation_observed.lua")
local pace = tonumber(os.getenv("PACE_MS") or "6")
math.randomseed(tonumber(os.getenv("PACE_SEED") or "1"))
delay = function()
  return math.floor(-math.log(1 - math.random()) * pace + 0.5)
end
