-- wrk script for bench/run.py. Arguments after "--": METHOD PATH COOKIE BODY [SESSIONS]
--   COOKIE and BODY are "-" for none.
--   SESSIONS > 0: each request carries a random one of the ids bench/run.py stored (random-key read path).
-- When the run ends it prints one JSON line, the numbers bench/run.py keeps.
local counter = 1
local threads = {}

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local fixed, sessions, method, path

function init(args)
  method, path = args[1], args[2]
  local cookie = args[3] ~= "-" and args[3] or nil
  local body = args[4] ~= "-" and args[4] or nil
  sessions = tonumber(args[5] or "0")
  local headers = {}
  if cookie then headers["Cookie"] = cookie end
  if body then headers["Content-Type"] = "application/json" end
  fixed = wrk.format(method, path, headers, body)
  math.randomseed(tid * 7919 + os.time())
end

function request()
  if sessions == 0 then
    return fixed
  end
  -- Must match bench/run.py's SID_FORMAT.
  local sid = string.format("bench-%037d", math.random(0, sessions - 1))
  return wrk.format(method, path, {Cookie = "session=" .. sid}, nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"errors_connect":%d,"errors_read":%d,"errors_write":%d,' ..
    '"errors_status":%d,"errors_timeout":%d,"p50_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.mean, latency.max))
end
