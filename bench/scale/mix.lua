-- A realistic mix for wrk: 70 % page reads (home, practice, organisation, search), 20 % API reads,
-- 10 % writes by signed-in editors (a draft practice through the API with a bearer token).
-- Settings come from the environment: SLUG, ORG, TOKEN, RATE (requests per second per
-- connection, 0 = as fast as possible) and KIND: `all` (the whole mix, the default), `reads`
-- (only its reads, in the same 70:20 proportion) or `writes` (only its writes), so that the
-- latency of reads and of writes under the same load can be read apart. Each thread counts its acknowledged writes (201) and
-- the answers by status; done() prints them, one line per kind, for run.sh to read.

local slug = os.getenv("SLUG")
local org = os.getenv("ORG")
local token = os.getenv("TOKEN")
local rate = tonumber(os.getenv("RATE") or "0")
local kind = os.getenv("KIND") or "all"
local words = {"parkeren", "schuldhulp", "datakwaliteit", "afval", "woningen", "fraude", "energie", "jeugdzorg"}

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  acked = 0
  writes = 0
  statuses = {}
  n = 0
  math.randomseed(id * 7919 + os.time())
end

function delay()
  if rate > 0 then
    return math.floor(1000 / rate)
  end
  return 0
end

function request()
  n = n + 1
  local r = math.random(100)
  if kind == "reads" then
    r = math.random(90)
  elseif kind == "writes" then
    r = 100
  end
  if r <= 20 then
    return wrk.format("GET", "/")
  elseif r <= 45 then
    return wrk.format("GET", "/praktijken/" .. slug)
  elseif r <= 55 then
    return wrk.format("GET", "/organisaties/" .. org)
  elseif r <= 70 then
    return wrk.format("GET", "/zoeken?q=" .. words[math.random(#words)])
  elseif r <= 80 then
    return wrk.format("GET", "/api/v1/practices/" .. slug)
  elseif r <= 85 then
    return wrk.format("GET", "/api/v1/practices?per_page=20")
  elseif r <= 90 then
    return wrk.format("GET", "/api/v1/search?q=" .. words[math.random(#words)])
  else
    writes = writes + 1
    local body = '{"text": {"title": "Belasting ' .. id .. '-' .. n .. '", "summary": "Een schrijfactie onder belasting"}, "status": "idea", "owner": "' .. org .. '"}'
    return wrk.format("POST", "/api/v1/practices", {
      ["Authorization"] = "Bearer " .. token,
      ["Content-Type"] = "application/json",
    }, body)
  end
end

-- Only a created practice answers 201 (every read answers 200), so a 201 is an acknowledged
-- write, whichever of the thread's connections it came back on.
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status == 201 then
    acked = acked + 1
  end
end

function done(summary, latency, requests)
  local total_acked, total_writes = 0, 0
  local by_status = {}
  for _, t in ipairs(threads) do
    total_acked = total_acked + t:get("acked")
    total_writes = total_writes + t:get("writes")
    for k, v in pairs(t:get("statuses")) do
      by_status[k] = (by_status[k] or 0) + v
    end
  end
  io.write(string.format("MIX acked=%d writes=%d\n", total_acked, total_writes))
  for k, v in pairs(by_status) do
    io.write(string.format("MIX status %d %d\n", k, v))
  end
  io.write(string.format("MIX p50_ms=%.2f p99_ms=%.2f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
