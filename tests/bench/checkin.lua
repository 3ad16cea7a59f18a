-- wrk script for bench_checkin.py: POSTs {"token": ..., "gate": ...} with a bearer token,
-- walking a file of badge tokens (one per line) so each request is a different badge.
-- Usage: wrk -s checkin.lua URL -- TOKENS_FILE AUTHORIZATION_VALUE
local threads = {}
local counter = 0
local tokens = {}
local auth = ""
-- A global, not a local: done() reads each thread's count with thread:get, which sees globals only.
non_200 = 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  auth = args[2] or ""
  counter = id * 100003
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local headers = {["Content-Type"] = "application/json"}
  if auth ~= "" then
    headers["Authorization"] = auth
  end
  return wrk.format("POST", nil, headers, '{"token":"' .. token .. '","gate":"bench"}')
end

function response(status, headers, body)
  if status ~= 200 then
    non_200 = non_200 + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + (thread:get("non_200") or 0)
  end
  io.write(string.format(
    "BENCH {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, \"socket_errors\": %d, \"non_200\": %d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, bad))
end
