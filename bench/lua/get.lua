-- GET scenarios. Each input line: path [TAB bearer token]. Lines are rotated, so many residents
-- (or staff, or cursors deep into a queue) are read, not one hot row.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function request()
  local line = next_line()
  local headers = {}
  if line[2] ~= nil and line[2] ~= "" then
    headers["Authorization"] = "Bearer " .. line[2]
  end
  return wrk.format("GET", line[1], headers)
end
