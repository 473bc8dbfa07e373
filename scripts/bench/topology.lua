-- wrk script for scripts/bench/topology: BENCH_LOAD picks the requests, signed in as a shop
-- (BENCH_TOKEN, BENCH_SHOP). search: varied two-word searches (catalogue); recommendations:
-- the shop's recommendations (matching); notifications: its notifications (messaging);
-- mixed: the three in turn. Reports like percentiles.lua.
local words = { "negozio", "pagamenti", "consegne", "vetrina", "prenotazioni", "clienti",
  "magazzino", "cassa", "social", "formazione", "sicurezza", "sito", "ordini", "bottega" }
local load = os.getenv("BENCH_LOAD")
local headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
local shop = os.getenv("BENCH_SHOP")
local turn = 0

local function search()
  local a, b = words[math.random(#words)], words[math.random(#words)]
  return string.format("/api/v1/offers/search?q=%s%%20%s&page=%d", a, b, math.random(3))
end

local paths = {
  search = search,
  recommendations = function() return "/api/v1/shops/" .. shop .. "/recommendations" end,
  notifications = function() return "/api/v1/notifications" end,
}

request = function()
  local pick = load
  if load == "mixed" then
    turn = turn % 3 + 1
    pick = ({ "search", "recommendations", "notifications" })[turn]
  end
  return wrk.format("GET", paths[pick](), headers)
end

done = function(summary, latency, requests)
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format("| %.0f | %.2f | %.2f | %.2f | %d |\n",
    rps, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
