-- wrk script for bench_load.py: checkin.lua's requests (a file of badge tokens walked in order, so
-- with one wrk thread each request is a different badge until the file runs out), and a count of
-- the answers by their JSON `status` (ok, already_checked_in, anything else) and of requests sent.
-- Usage (one thread): wrk -t 1 -s load_checkin.lua URL -- TOKENS_FILE AUTHORIZATION_VALUE
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "checkin.lua")

local load_threads = {}
local base_setup = setup
local base_request = request

-- Globals (not locals): the done hook reads them from each thread with thread:get.
issued = 0
answered = 0
ok = 0
already = 0
other = 0
not_2xx = 0
other_status = ""

function setup(thread)
  base_setup(thread)
  table.insert(load_threads, thread)
end

function request()
  issued = issued + 1
  return base_request()
end

function response(status, headers, body)
  answered = answered + 1
  if status < 200 or status > 299 then
    not_2xx = not_2xx + 1
    other_status = tostring(status)
    return
  end
  local outcome = body and body:match('"status":%s*"([%w_]+)"') or "?"
  if outcome == "ok" then
    ok = ok + 1
  elseif outcome == "already_checked_in" then
    already = already + 1
  else
    other = other + 1
    other_status = outcome
  end
end

function done(summary, latency, requests)
  local totals = {issued = 0, answered = 0, ok = 0, already = 0, other = 0, not_2xx = 0}
  local last_other = ""
  for _, thread in ipairs(load_threads) do
    for name, _value in pairs(totals) do
      totals[name] = totals[name] + (thread:get(name) or 0)
    end
    if (thread:get("other_status") or "") ~= "" then
      last_other = thread:get("other_status")
    end
  end
  local errors = summary.errors
  io.write(string.format(
    "BENCH {\"requests\": %d, \"duration_us\": %d, \"p50_us\": %d, \"p99_us\": %d, \"connect_errors\": %d, " ..
    "\"read_errors\": %d, \"write_errors\": %d, \"timeouts\": %d, \"issued\": %d, \"answered\": %d, \"ok\": %d, " ..
    "\"already\": %d, \"other\": %d, \"not_2xx\": %d, \"other_status\": \"%s\"}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors.connect,
    errors.read, errors.write, errors.timeout, totals.issued, totals.answered, totals.ok, totals.already,
    totals.other, totals.not_2xx, last_other))
end
