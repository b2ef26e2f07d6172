-- POST /api/v1/hukou-moves, the write path. Each input line: bearer token TAB JSON body, for a
-- household member with no open move, each used once (BENCH_ONCE=1); every request carries a
-- fresh Idempotency-Key, as the mini-program sends one per new submission.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local sequence = 0

function request()
  local line = next_line()
  sequence = sequence + 1
  local headers = {
    ["Authorization"] = "Bearer " .. line[1],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", id, sequence, os.time(), math.random(1, 1000000000)),
  }
  return wrk.format("POST", "/api/v1/hukou-moves", headers, line[2])
end
