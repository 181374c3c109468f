-- POST /connect/token, client_credentials, client_secret_basic (RFC 6749 2.3.1).
-- BENCH_BASIC holds base64("client_id:client_secret"); BENCH_SCOPE the scope asked for.
-- Every response other than 200 counts as an error, as do socket errors and timeouts.
wrk.method = "POST"
wrk.path = "/connect/token"
wrk.body = "grant_type=client_credentials&scope=" .. (os.getenv("BENCH_SCOPE") or "api1")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. assert(os.getenv("BENCH_BASIC"), "BENCH_BASIC is not set")

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non200 = 0
  ok = 0
end

function response(status, headers, body)
  if status == 200 then ok = ok + 1 else non200 = non200 + 1 end
end

function done(summary, latency, requests)
  local non200_total, ok_total = 0, 0
  for _, thread in ipairs(threads) do
    non200_total = non200_total + thread:get("non200")
    ok_total = ok_total + thread:get("ok")
  end
  local e = summary.errors
  local socket = e.connect + e.read + e.write + e.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT requests=%d ok=%d seconds=%.2f rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non200=%d socket_errors=%d\n",
    summary.requests, ok_total, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    non200_total + socket, non200_total, socket))
end
