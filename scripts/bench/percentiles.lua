-- wrk reporter: requests/s, p50/p95/p99 latency and non-2xx/3xx count, one line of Markdown.
-- With VARY=1 in the environment every request asks for two random words and a random page,
-- so answers are computed rather than reused from the result cache.
local words = { "negozio", "pagamenti", "consegne", "vetrina", "prenotazioni", "clienti",
  "magazzino", "cassa", "social", "formazione", "sicurezza", "sito", "ordini", "bottega" }

if os.getenv("VARY") == "1" then
  request = function()
    local a, b = words[math.random(#words)], words[math.random(#words)]
    local path = string.format("/api/v1/offers/search?q=%s%%20%s&page=%d", a, b, math.random(5))
    return wrk.format("GET", path)
  end
end

done = function(summary, latency, requests)
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format("| %.0f | %.2f | %.2f | %.2f | %d |\n",
    rps, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.errors.status))
end
