-- SPDX-License-Identifier: MIT
-- wrk's script for benchmarks/load/run.py: POSTs the patient-view body of $LOAD_BODY to
-- $LOAD_PATH. With $LOAD_TOKENS (a folder), wrk thread i reads its own tokens from
-- $LOAD_TOKENS/<i>.txt (one signed JWT a line) and sends each once; a thread that runs out counts
-- a shortage (the run then fails: a token is never sent twice). done() writes the figures as JSON
-- to $LOAD_OUT.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function read_all(path)
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  return text
end

function init(args)
  body = read_all(os.getenv("LOAD_BODY"))
  path = os.getenv("LOAD_PATH")
  tokens = nil
  used = 0
  shortage = 0
  local folder = os.getenv("LOAD_TOKENS")
  if folder ~= nil and folder ~= "" then
    tokens = {}
    for line in io.lines(folder .. "/" .. id .. ".txt") do
      tokens[#tokens + 1] = line
    end
  end
  local headers = {["Content-Type"] = "application/json"}
  plain = wrk.format("POST", path, headers, body)
  -- A signed request is the same text with an Authorization header: formatted once around a
  -- marker and cut there, so that each request is three strings joined (wrk.format for each
  -- one cost wrk about 50 us a request, on the cores the server shares).
  local marker = "\0token\0"
  headers["Authorization"] = "Bearer " .. marker
  local signed = wrk.format("POST", path, headers, body)
  local at = assert(string.find(signed, marker, 1, true))
  signed_head = string.sub(signed, 1, at - 1)
  signed_tail = string.sub(signed, at + #marker)
end

function request()
  if tokens == nil then
    return plain
  end
  used = used + 1
  local token = tokens[used]
  if token == nil then
    -- Out of tokens: sent without one (401, counted as an error) and counted as a shortage.
    shortage = shortage + 1
    return plain
  end
  return signed_head .. token .. signed_tail
end

function done(summary, latency, requests)
  local shortages, sent = 0, 0
  for _, thread in ipairs(threads) do
    shortages = shortages + (thread:get("shortage") or 0)
    sent = sent + (thread:get("used") or 0)
  end
  local e = summary.errors
  local out = assert(io.open(os.getenv("LOAD_OUT"), "w"))
  out:write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "token_shortage": %d, "tokens_taken": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "p999_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    shortages, sent, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean))
  out:close()
end
