-- Rotates over the requests listed in a file, one per line: "METHOD PATH [BODY]".
-- wrk ... -s bench/lua/requests.lua URL -- FILE CSRF_TOKEN
-- With BENCH_DELAY_MS set, each connection waits that long between requests.
-- POSTs carry the CSRF cookie and header and ask for JSON; no voter cookie is
-- sent, so every anonymous vote comes from a new voter. done() prints one
-- "BENCHJSON {...}" line that bench/common.py parses.
local threads = {}

function setup(thread)
  thread:set("thread_id", #threads)
  table.insert(threads, thread)
end

function init(args)
  lines = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      local method, path, body = line:match("^(%S+)%s+(%S+)%s*(.*)$")
      lines[#lines + 1] = { method, path, body }
    end
  end
  token = args[2] or ""
  delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0") or 0
  -- Threads start at different places in the list.
  index = (thread_id or 0) * 7919
  s2, s3, s4, s5, other = 0, 0, 0, 0, 0
  post_headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Cookie"] = "csrftoken=" .. token,
    ["X-CSRFToken"] = token,
  }
end

function request()
  index = index + 1
  local item = lines[(index % #lines) + 1]
  if item[1] == "POST" then
    return wrk.format("POST", item[2], post_headers, item[3])
  end
  return wrk.format(item[1], item[2])
end

function response(status, headers, body)
  if status < 300 then s2 = s2 + 1
  elseif status < 400 then s3 = s3 + 1
  elseif status < 500 then s4 = s4 + 1
  elseif status < 600 then s5 = s5 + 1
  else other = other + 1 end
end

if tonumber(os.getenv("BENCH_DELAY_MS") or "0") > 0 then
  function delay()
    return delay_ms
  end
end

function done(summary, latency, requests)
  local t = { s2 = 0, s3 = 0, s4 = 0, s5 = 0, other = 0 }
  for _, thread in ipairs(threads) do
    for key, _ in pairs(t) do
      t[key] = t[key] + (thread:get(key) or 0)
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d, "status_errors": %d, "s2": %d, "s3": %d, "s4": %d, "s5": %d, "other": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.timeout, e.status,
    t.s2, t.s3, t.s4, t.s5, t.other,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.mean, latency.max))
end
