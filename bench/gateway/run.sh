#!/usr/bin/env bash
# Latency Vigil adds per request through nginx (docs/integration.md, issue 18): the same nginx recipe
# (examples/integration/nginx.conf) with and without auth_request, in one run, paced and saturated.
# Needs nginx and wrk. Usage: bench/gateway/run.sh [seconds per test, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[ -x "$NGINX" ] || { echo "nginx is not installed: apt-get install -y nginx" >&2; exit 1; }
dotnet build -c Release -v q -nologo src/Vigil.Cli >/dev/null

DATA="$(mktemp -d)"
cleanup() { kill "$VIGIL_PID" 2>/dev/null || true; for d in with without; do [ -f "$DATA/$d/nginx.pid" ] && kill "$(cat "$DATA/$d/nginx.pid")" 2>/dev/null || true; done; rm -rf "$DATA"; }
trap cleanup EXIT
dotnet exec src/Vigil.Cli/bin/Release/net10.0/vigil.dll serve --urls http://127.0.0.1:18180 --data-dir "$DATA/db" --mode enforce \
  --rate-limit 10000000 >"$DATA/server.log" 2>&1 &
VIGIL_PID=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:18180/readyz >/dev/null 2>&1 && break; sleep 0.2; done
ADMIN="$(grep -m1 '^vgk_' "$DATA/server.log")"
KEY=$(curl -sf -H "X-API-Key: $ADMIN" -H 'Content-Type: application/json' http://127.0.0.1:18180/v1/admin/api-keys \
  -d '{"name":"nginx","scopes":["evaluate"]}' | sed -E 's/.*"key":"([^"]+)".*/\1/')

start_nginx() { # name gateway_port app_port [drop auth_request]
  mkdir -p "$DATA/$1"
  sed -e "s#{{DIR}}#$DATA/$1#g" -e "s#{{GATEWAY_PORT}}#$2#g" -e "s#{{APP_PORT}}#$3#g" -e "s#{{VIGIL_ADDRESS}}#127.0.0.1:18180#g" \
      -e "s#{{VIGIL_KEY}}#$KEY#g" -e 's/^daemon off;//' examples/integration/nginx.conf > "$DATA/$1/nginx.conf"
  [ "${4:-}" = drop ] && sed -i -e '/auth_request/d' -e '/$vigil_/d' "$DATA/$1/nginx.conf"
  "$NGINX" -p "$DATA/$1" -c "$DATA/$1/nginx.conf" -e "$DATA/$1/error.log"
}
start_nginx with 18181 18182
start_nginx without 18183 18184 drop
sleep 0.5
cat > "$DATA/user.lua" <<'LUA'
local users = {}
for i = 1, 200 do users[i] = "user" .. i end
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", "/reports/" .. (n % 50), { ["X-Demo-User"] = users[(n % 200) + 1], ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0" })
end
LUA
cat > "$DATA/paced.lua" <<LUA
dofile("$DATA/user.lua")
local pace = tonumber(os.getenv("PACE_MS") or "20")
delay = function() return math.floor(-pace * math.log(1 - math.random())) end
LUA
curl -s -o /dev/null -H 'X-Demo-User: user1' http://127.0.0.1:18181/reports/1
for port in 18183 18181; do wrk -t1 -c32 -d3s -s "$DATA/user.lua" "http://127.0.0.1:$port" >/dev/null; done   # warm-up
for round in 1 2; do
  for pair in "18183 nginx without auth_request" "18181 nginx + Vigil (auth_request to /v1/forward-auth)"; do
    set -- $pair; port=$1; shift
    echo; echo "### $* - paced (32 connections x 1 request / exponential 20 ms), round $round"
    PACE_MS=20 wrk -t1 -c32 -d${DURATION}s --latency -s "$DATA/paced.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|  50%|  99%|Non-2xx"
    echo "### $* - saturated (32 connections), round $round"
    wrk -t1 -c32 -d${DURATION}s --latency -s "$DATA/user.lua" "http://127.0.0.1:$port" | grep -E "Requests/sec|  50%|  99%|Non-2xx"
  done
done
