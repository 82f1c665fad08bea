-- wrk script for bench/soak.py: a steady mix on one session per connection, 3 reads to 1 write, all on the same
-- few sessions so that concurrent saves meet (SESSION_SAVE_STRATEGY=merge). Arguments after "--": COOKIE...
local cookies, n = {}, 0

function init(args)
  for i = 1, #args do cookies[i] = args[i] end
  math.randomseed(os.time() + #args)
end

function request()
  n = n + 1
  local cookie = cookies[(n % #cookies) + 1]
  if n % 4 == 0 then
    return wrk.format("PUT", "/api/session/k" .. (n % 50), {Cookie = cookie, ["Content-Type"] = "application/json"},
      tostring(n))
  end
  return wrk.format("GET", "/api/session", {Cookie = cookie}, nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests":%d,"non2xx":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"p99_us":%d}\n',
    summary.requests, e.status, e.connect, e.read, e.write, e.timeout, latency:percentile(99)))
end
