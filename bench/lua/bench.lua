-- wrk script for `make bench`: one script for every scenario and target,
-- configured by key=value arguments after `--` (bench/driver writes them).
--
--   method=GET|POST      request method (default GET)
--   path=/graphql        request path; may hold %ID%, %CLAIM%
--   body=...             request body template; may hold %ID%, %CLAIM%, %VALUE%
--   ctype=...            Content-Type of the body (default application/json)
--   mode=read            %ID% = base + step * random(1, n)   (read scenarios)
--   mode=hot             castVerdict on one claim (%CLAIM% = claim), each
--                        request by the next reader of this thread, always
--                        changing that reader's verdict: value = current + 1
--                        (current values come from state=FILE, "u v" lines)
--   mode=spread          castVerdict spread over many claims: reader u's c-th
--                        cast in this run goes to claim index
--                        ((u*7 + k*step) % regular) + 1 with k = kbase + c,
--                        a claim the reader never judged (a new verdict)
--   threads=N users=N    wrk threads and readers (thread t takes u % N == t)
--   cookie=NAME          session cookie name; the secret of reader u is
--                        "vrs_bench" .. 38-digit u (as bench/driver stores it)
--   xff=1                send X-Forwarded-For 10.a.b.c derived from u (one
--                        address per reader, as behind a trusted proxy)
--   rate=R conns=C       offered load of about R requests/s in all: each
--                        connection waits C/R s before its next request
--                        (latency is measured without that wait)
--
-- Every response is checked: a status outside 2xx, or a body containing
-- "errors", is counted. done() prints one line "BENCHJSON {...}" with the
-- totals, which the driver parses.

local opts = {}
local tmpl_path, tmpl_body, static_req
local headers = {}
local rng_n, rng_base, rng_step
local users = {}
local cur = {}
local counter = 0
local values = { [0] = "HOLDS", [1] = "PARTLY", [2] = "DOES_NOT_HOLD" }

-- Per-thread counters, read by done() through thread:get.
ok = 0
errors = 0
non2xx = 0
sent = 0
sample = ""

local threads = {}

function setup(thread)
   thread:set("tid", #threads)
   table.insert(threads, thread)
end

local function parse(args)
   local o = {}
   for _, a in ipairs(args) do
      local k, v = a:match("^([%w_]+)=(.*)$")
      if k then o[k] = v end
   end
   return o
end

function init(args)
   opts = parse(args)
   local method = opts.method or "GET"
   tmpl_path = opts.path or "/"
   tmpl_body = opts.body
   if tmpl_body and tmpl_body ~= "" then
      headers["Content-Type"] = opts.ctype or "application/json"
   else
      tmpl_body = nil
   end
   wrk.method = method
   local mode = opts.mode or "read"
   if opts.rate and tonumber(opts.rate) > 0 then
      local wait_ms = 1000 * tonumber(opts.conns) / tonumber(opts.rate)
      delay = function() return wait_ms end
   end
   math.randomseed(1000 + (tonumber(tid) or 0) * 7919)
   if mode == "read" then
      rng_n = tonumber(opts.n or "0")
      rng_base = tonumber(opts.base or "0")
      rng_step = tonumber(opts.step or "1")
      if rng_n == 0 then
         static_req = wrk.format(method, tmpl_path, headers, tmpl_body)
      end
   else
      local nthreads = tonumber(opts.threads)
      local nusers = tonumber(opts.users)
      local t = tonumber(tid)
      for u = t, nusers - 1, nthreads do
         users[#users + 1] = u
      end
      if opts.state and opts.state ~= "" then
         for line in io.lines(opts.state) do
            local u, v = line:match("^(%d+) (%d+)$")
            if u then cur[tonumber(u)] = tonumber(v) end
         end
      end
   end
end

local function secret(u)
   return string.format("vrs_bench%038d", u)
end

local function xff(u)
   return string.format("10.%d.%d.%d", math.floor(u / 65536) % 256, math.floor(u / 256) % 256, u % 256)
end

local function fill(s, vals)
   if not s then return nil end
   return (s:gsub("%%(%u+)%%", vals))
end

function request()
   if static_req then
      return static_req
   end
   local mode = opts.mode or "read"
   if mode == "read" then
      local id = string.format("%d", rng_base + rng_step * math.random(1, rng_n))
      local vals = { ID = id }
      return wrk.format(nil, fill(tmpl_path, vals), headers, fill(tmpl_body, vals))
   end
   sent = sent + 1
   local n = #users
   local u = users[(counter % n) + 1]
   local cycle = math.floor(counter / n)
   counter = counter + 1
   local claim, v
   if mode == "hot" then
      claim = opts.claim
      v = ((cur[u] or (u % 3)) + 1) % 3
      cur[u] = v
   else -- spread
      local k = tonumber(opts.kbase) + cycle
      local idx = ((u * 7 + k * tonumber(opts.step)) % tonumber(opts.regular)) + 1
      claim = string.format("%d", tonumber(opts.claimbase) + idx)
      v = (u + k) % 3
   end
   local h = {}
   for k2, v2 in pairs(headers) do h[k2] = v2 end
   h["Cookie"] = (opts.cookie or "veredicto_session") .. "=" .. secret(u)
   if opts.xff == "1" then
      h["X-Forwarded-For"] = xff(u)
   end
   local vals = { CLAIM = claim, VALUE = values[v] }
   return wrk.format(nil, fill(tmpl_path, vals), h, fill(tmpl_body, vals))
end

function response(status, hdrs, body)
   if status < 200 or status > 299 then
      non2xx = non2xx + 1
      if sample == "" then sample = string.format("HTTP %d: %s", status, (body or ""):sub(1, 300)) end
   elseif body and body:find('"errors"', 1, true) then
      errors = errors + 1
      if sample == "" then sample = body:sub(1, 300) end
   else
      ok = ok + 1
   end
end

local function jstr(s)
   s = s:gsub("\\", "\\\\"):gsub('"', '\\"'):gsub("\n", "\\n"):gsub("\r", "\\r"):gsub("\t", "\\t")
   return '"' .. s .. '"'
end

function done(summary, latency, requests)
   local tok, terr, tnon, tsent, smp = 0, 0, 0, 0, ""
   for _, t in ipairs(threads) do
      tok = tok + (t:get("ok") or 0)
      tsent = tsent + (t:get("sent") or 0)
      terr = terr + (t:get("errors") or 0)
      tnon = tnon + (t:get("non2xx") or 0)
      local s = t:get("sample") or ""
      if smp == "" and s ~= "" then smp = s end
   end
   local e = summary.errors
   io.write(string.format(
      'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"ok":%d,"sent":%d,"gql_errors":%d,"non2xx":%d,' ..
      '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"p999_us":%d,"mean_us":%.1f,"max_us":%d,"sample":%s}\n',
      summary.requests, summary.duration, summary.bytes, tok, tsent, terr, tnon,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.mean, latency.max, jstr(smp)))
end
