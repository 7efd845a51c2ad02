#!/usr/bin/env bash
# Load test of the decision service against a bare Kestrel endpoint, both on 127.0.0.1, in one run.
# Needs wrk (apt-get install -y wrk). Usage: bench/load/run.sh [seconds per test, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION="${1:-10}"
export LOAD_DIR="$PWD/bench/load"
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
for port in 18080 18081; do
  # Another server on these ports would answer the tests instead (and refuse the seeding with the wrong key).
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is in use: stop what listens there first" >&2; exit 1; fi
done

dotnet build -c Release -v q -nologo src/Vigil.Cli >/dev/null
dotnet build -c Release -v q -nologo bench/Vigil.BareKestrel >/dev/null

DATA="$(mktemp -d)"
SERVER_LOG="$DATA/server.log"
cleanup() { kill "$VIGIL_PID" "$BARE_PID" 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

# What users run (README): `vigil serve`, with its runtime settings (GC mode) from src/Vigil.Cli.
dotnet exec src/Vigil.Cli/bin/Release/net10.0/vigil.dll serve --urls http://127.0.0.1:18080 --data-dir "$DATA/db" \
  --rate-limit 10000000 >"$SERVER_LOG" 2>&1 &
VIGIL_PID=$!
dotnet bench/Vigil.BareKestrel/bin/Release/net10.0/Vigil.BareKestrel.dll --urls http://127.0.0.1:18081 >/dev/null 2>&1 &
BARE_PID=$!
for _ in $(seq 100); do
  curl -sf http://127.0.0.1:18080/readyz >/dev/null 2>&1 && curl -s -o /dev/null http://127.0.0.1:18081/ 2>/dev/null && break
  sleep 0.2
done
export VIGIL_KEY="$(grep -m1 '^vgk_' "$SERVER_LOG")"

# The evaluated users have a history (10 sign-ins each), as in production: a bare question about a subject the
# engine has never seen is judged against a fresh transient identity, which is not the common case.
# Their times end an hour before now: the service refuses events too far from its clock (docs/telemetry.md).
SEED_FROM=$(( ($(date +%s) - 12 * 3600) * 1000 ))
for u in $(seq 1 200); do for i in $(seq 0 9); do
  printf '{"@timestamp":%d,"event":{"id":"seed-%d-%d","action":"sign-in","outcome":"success"},"user":{"id":"user%d"},"source":{"ip":"81.2.69.%d"},"labels":{"session_id":"seed-%d"}}\n' \
    $((SEED_FROM + i * 3600000 + u * 1000)) "$u" "$i" "$u" $((u % 50)) "$u"
done; done > "$DATA/seed.ndjson"
curl -sf -H "X-API-Key: $VIGIL_KEY" -H 'Content-Type: application/x-ndjson' --data-binary @"$DATA/seed.ndjson" http://127.0.0.1:18080/v1/events >/dev/null

cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)
# run TITLE PID UNITS_PER_REQUEST cmd...: wrk output, then the server's CPU time per unit (robust to other load on the machine).
run() {
  local title="$1" pid="$2" per="$3"; shift 3
  echo; echo "### $title"; echo "\$ $*"
  local before; before=$(cpu "$pid")
  local out; out=$("$@"); echo "$out"
  local after; after=$(cpu "$pid")
  local requests; requests=$(echo "$out" | awk '/requests in/ {print $1}')
  [ -n "$requests" ] && [ "$requests" -gt 0 ] && \
    awk -v c=$((after - before)) -v t="$TICK" -v r="$requests" -v p="$per" 'BEGIN { printf "server CPU: %.1f us per unit (%d units)\n", c / t * 1e6 / (r * p), r * p }'
}
W="wrk -t1 -c64 -d${DURATION}s --latency"
$W -s bench/load/evaluation.lua http://127.0.0.1:18080 >/dev/null   # warm-up, not reported
$W -s bench/load/evaluation.lua http://127.0.0.1:18081 >/dev/null   # warm-up, not reported
run "bare Kestrel, fixed JSON body" $BARE_PID 1 $W -s bench/load/evaluation.lua http://127.0.0.1:18081
run "Vigil single evaluations (saturated)" $VIGIL_PID 1 $W -s bench/load/evaluation.lua http://127.0.0.1:18080
# About half the 30,000/s target: 96 connections, each waiting a random time (exponential, mean PACE_MS) after every
# answer, so requests arrive independently as from many clients; the rate reached (about 96 x 1000 / (6 + latency),
# 15,000/s) is printed with the percentiles. The bare endpoint is paced the same way, for reference.
PACED="wrk -t1 -c96 -d${DURATION}s --latency -s bench/load/evaluation_paced.lua"
run "bare Kestrel, paced (96 connections x 1 request / exponential ${PACE_MS:=6} ms)" $BARE_PID 1 env PACE_MS="$PACE_MS" $PACED http://127.0.0.1:18081
run "Vigil single evaluations, paced (96 connections x 1 request / exponential ${PACE_MS} ms)" $VIGIL_PID 1 env PACE_MS="$PACE_MS" $PACED http://127.0.0.1:18080
# Observed evaluations: what gateways send (the question with the request's IP, user agent and device).
run "bare Kestrel, observed-evaluation body" $BARE_PID 1 $W -s bench/load/evaluation_observed.lua http://127.0.0.1:18081
run "Vigil observed evaluations (saturated)" $VIGIL_PID 1 $W -s bench/load/evaluation_observed.lua http://127.0.0.1:18080
OBSERVED_PACED="wrk -t1 -c96 -d${DURATION}s --latency -s bench/load/evaluation_observed_paced.lua"
run "Vigil observed evaluations, paced (96 connections x 1 request / exponential ${PACE_MS} ms)" $VIGIL_PID 1 env PACE_MS="$PACE_MS" $OBSERVED_PACED http://127.0.0.1:18080
# The same paced observed evaluations while a shipper ingests at full speed (8 connections x 1,000 events): a
# decision must not wait for other events' learning. The ingestion run's own numbers follow.
INGEST_OUT="$DATA/ingest-during.txt"
wrk -t1 -c8 -d$((DURATION + 2))s --latency -s bench/load/ingest.lua http://127.0.0.1:18080 >"$INGEST_OUT" &
INGEST_PID=$!
sleep 1
run "Vigil observed evaluations, paced, while ingesting at full speed" $VIGIL_PID 1 env PACE_MS="$PACE_MS" $OBSERVED_PACED http://127.0.0.1:18080
wait "$INGEST_PID"
echo "ingestion during that run:"; grep -E 'events/s|Latency  |Non-2xx' "$INGEST_OUT" || true
run "Vigil batched evaluations (100 per request)" $VIGIL_PID 100 wrk -t1 -c16 -d${DURATION}s --latency -s bench/load/evaluations.lua http://127.0.0.1:18080
run "Vigil ingestion (1,000 events per request)" $VIGIL_PID 1000 wrk -t1 -c8 -d${DURATION}s --latency -s bench/load/ingest.lua http://127.0.0.1:18080
echo
echo "### server metrics after the run"
curl -s http://127.0.0.1:18080/metrics | grep -E '^(vigil_(decisions_total|events_ingested_total|events_rejected_total|ingest_queue_depth)|dotnet_gc_(collections_total|pause_time_seconds_total))' || true
