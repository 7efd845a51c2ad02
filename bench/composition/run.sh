#!/usr/bin/env bash
# The cost of composition (docs/integration.md, issue 18): the same AuthZEN questions asked of the upstream PDP alone
# (tests/Vigil.Server.Tests/oidc/authzen-cedar-pdp.mjs, the Cedar engine behind an AuthZEN front) and of Vigil composed
# in front of it (examples/integration/composed-policy.yaml, segment `invoices`, deny-overrides), in one run, paced
# and saturated. Needs node (with `npm ci` done in tests/Vigil.Server.Tests/oidc) and wrk.
# Usage: bench/composition/run.sh [seconds per test, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[ -d tests/Vigil.Server.Tests/oidc/node_modules/@cedar-policy ] || { echo "run 'npm ci' in tests/Vigil.Server.Tests/oidc first" >&2; exit 1; }
dotnet build -c Release -v q -nologo src/Vigil.Cli >/dev/null

DATA="$(mktemp -d)"
cleanup() { kill "$VIGIL_PID" "$PDP_PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT
echo "bench-token" > "$DATA/token"
(cd tests/Vigil.Server.Tests/oidc && exec node authzen-cedar-pdp.mjs ../../../examples/integration/upstream.cedar bench-token) >"$DATA/pdp.log" 2>&1 &
PDP_PID=$!
for _ in $(seq 100); do grep -q port "$DATA/pdp.log" 2>/dev/null && break; sleep 0.1; done
PDP_PORT=$(sed -E 's/.*"port":([0-9]+).*/\1/' "$DATA/pdp.log" | head -1)
dotnet exec src/Vigil.Cli/bin/Release/net10.0/vigil.dll serve --urls http://127.0.0.1:18190 --data-dir "$DATA/db" \
  --policy examples/integration/composed-policy.yaml --upstream-pdp "http://127.0.0.1:$PDP_PORT" --upstream-pdp-token-file "$DATA/token" \
  --rate-limit 10000000 >"$DATA/server.log" 2>&1 &
VIGIL_PID=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18190/readyz >/dev/null 2>&1 && break; sleep 0.2; done
ADMIN="$(grep -m1 '^vgk_' "$DATA/server.log")"

cat > "$DATA/question.lua" <<LUA
local auth = os.getenv("AUTH_HEADER")
local value = os.getenv("AUTH_VALUE")
local n = 0
request = function()
  n = n + 1
  local body = '{"subject":{"type":"user","id":"alice"},"action":{"name":"read"},"resource":{"type":"invoice","id":"' .. (n % 100) .. '"},"context":{"risk":{"score":0,"level":"none","assurance":"permit"}}}'
  return wrk.format("POST", "/access/v1/evaluation", { ["Content-Type"] = "application/json", [auth] = value }, body)
end
local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then
  delay = function() return math.floor(-pace * math.log(1 - math.random())) end
end
LUA
run() { # label url header value
  local label=$1 url=$2; export AUTH_HEADER=$3 AUTH_VALUE=$4
  echo; echo "### $label - paced (16 connections x 1 request / exponential 20 ms)"
  PACE_MS=20 wrk -t1 -c16 -d${DURATION}s --latency -s "$DATA/question.lua" "$url" | grep -E "Requests/sec|  50%|  99%|Non-2xx"
  echo "### $label - saturated (16 connections)"
  PACE_MS=0 wrk -t1 -c16 -d${DURATION}s --latency -s "$DATA/question.lua" "$url" | grep -E "Requests/sec|  50%|  99%|Non-2xx"
}
# warm-up both
AUTH_HEADER=Authorization AUTH_VALUE="Bearer bench-token" PACE_MS=0 wrk -t1 -c16 -d3s -s "$DATA/question.lua" "http://127.0.0.1:$PDP_PORT" >/dev/null
AUTH_HEADER=X-API-Key AUTH_VALUE="$ADMIN" PACE_MS=0 wrk -t1 -c16 -d3s -s "$DATA/question.lua" http://127.0.0.1:18190 >/dev/null
for round in 1 2; do
  echo; echo "## round $round"
  run "upstream PDP alone (Cedar over AuthZEN, node)" "http://127.0.0.1:$PDP_PORT" Authorization "Bearer bench-token"
  run "Vigil composed in front of it (deny-overrides)" http://127.0.0.1:18190 X-API-Key "$ADMIN"
done
