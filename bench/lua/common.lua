-- Shared by every scenario script (loaded with dofile): per-thread input, non-2xx counting
-- and one JSON summary line for bench/run.py.
--
-- Environment (set by bench/run.py):
--   BENCH_INPUT   file of tab-separated lines, one request's data per line; thread k of n
--                 takes lines k, k+n, k+2n ... so threads never share a line
--   BENCH_THREADS the -t given to wrk
--   BENCH_ONCE    "1" when every line may be used only once (fresh members, refresh tokens):
--                 running past the end is reported as `overrun`, never silently reused

threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  once = os.getenv("BENCH_ONCE") == "1"
  math.randomseed(os.time() * 100 + id)
  local all = {}
  for line in io.lines(os.getenv("BENCH_INPUT")) do
    local fields = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do
      fields[#fields + 1] = field
    end
    all[#all + 1] = fields
  end
  lines = {}
  for n = id, #all, nthreads do
    lines[#lines + 1] = all[n]
  end
  if #lines == 0 and not once then
    lines = all -- fewer lines than threads (L0's single path): share them
  end
  pool = #lines
  used = 0
  overrun = 0
  non2xx = 0
  sample = ""
end

-- The next line of this thread's share; wraps around (and counts it when lines are one-shot).
function next_line()
  used = used + 1
  if used > pool and once then
    overrun = overrun + 1
  end
  return lines[(used - 1) % pool + 1]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if sample == "" then
      sample = status .. " " .. string.sub(body or "", 1, 300)
    end
  end
end

local function json_string(s)
  s = s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("[%c]", " ")
  return '"' .. s .. '"'
end

function done(summary, latency, requests)
  local non2xx_total, used_total, pool_total, overrun_total, first_sample = 0, 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    non2xx_total = non2xx_total + thread:get("non2xx")
    used_total = used_total + thread:get("used")
    pool_total = pool_total + thread:get("pool")
    overrun_total = overrun_total + thread:get("overrun")
    local s = thread:get("sample")
    if first_sample == "" and s ~= nil then
      first_sample = s
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"status_errors":%d,"non2xx":%d,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"p999_us":%d,"mean_us":%.1f,"max_us":%d,"pool":%d,"used":%d,"overrun":%d,"sample":%s}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    non2xx_total, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.mean, latency.max, pool_total, used_total, overrun_total,
    json_string(first_sample)))
end
