-- wrk script for bench/serve.sh: POSTs one order event per request to /api/events/orders, each with an event_id of
-- its own ("bench-<thread>-<n>"), and counts the 201 answers, so the script can check bronze afterwards.
counter = 0
thread_id = 0
created = 0
local threads = {}

function setup(thread)
    thread:set("thread_id", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    created = 0
end

request = function()
    counter = counter + 1
    local id = "bench-" .. thread_id .. "-" .. counter
    local body = '{"event_id":"' .. id .. '","order_id":"o' .. (counter % 5000) .. '","customer_id":"' .. (12000 + counter % 900)
        .. '","country":"United Kingdom","status":"placed","occurred_at":"2026-12-05T10:00:00Z",'
        .. '"lines":[{"sku":"22423","name":"REGENCY CAKESTAND 3 TIER","quantity":2,"unit_price":12.75}]}'
    return wrk.format("POST", "/api/events/orders", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
    if status == 201 then created = created + 1 end
end

done = function(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do total = total + thread:get("created") end
    io.write(string.format("created %d\n", total))
end
