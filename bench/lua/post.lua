-- POST write scenarios (the path is the scenario's, in BENCH_PATH: /api/v1/hukou-moves,
-- /api/v1/pension-transfers). Each input line: bearer token TAB JSON body, each used once
-- (BENCH_ONCE=1), so no request repeats another's work; every request carries a fresh
-- Idempotency-Key, as the mini-program sends one per new submission.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path = os.getenv("BENCH_PATH")
local sequence = 0

function request()
  local line = next_line()
  sequence = sequence + 1
  local headers = {
    ["Authorization"] = "Bearer " .. line[1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", id, sequence, os.time(), math.random(1, 1000000000)),
  }
  return wrk.format("POST", path, headers, line[2])
end
