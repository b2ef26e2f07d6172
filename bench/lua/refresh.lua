-- POST /api/v1/auth/refresh. Each input line: one pre-issued refresh token (its own login
-- family), used once (BENCH_ONCE=1): the normal rotation path, not the 30-second grace retry.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function request()
  local line = next_line()
  local body = '{"refresh_token":"' .. line[1] .. '"}'
  return wrk.format("POST", "/api/v1/auth/refresh", { ["Content-Type"] = "application/json" }, body)
end
