#!/usr/bin/env bash
# Rocmon load harness: N collector edges -> one sensor -> EWMA -> Count publisher, against a bare Jetty+Jackson
# WebSocket sink measured in the same run. Everything on 127.0.0.1; every process started here is killed on exit.
# See bench/README.md. Environment knobs (defaults in brackets):
#   SCENARIOS [a,b,c]  TARGETS [bare,sensor,tls]  SENSOR_PORT [18080]  BARE_PORT [18081]  TLS_PORT [18082]
#   (sensor: a node with the development switch rocmon.tls=off, plain WS; tls: a node as shipped, WSS trusting
#   its CA; the same scenarios against both, in the same run)
#   WARMUP [3] DURATION [10] seconds per saturating scenario; WINDOW [64] unacked frames per connection
#   SMALL_N [64] connections (a); MANY_N [16] connections and CHANNELS [100] channels per frame (b)
#   IDLE_N [10000] connections (c), IDLE_INTERVAL_MS [5000] between frames of one connection
#   soak (not in the default set; run it with TARGETS=sensor): SOAK_N [10000] connections at one frame per second
#   each for SOAK_SECONDS [600], the node's heap after GC, threads and fds sampled every SOAK_SAMPLE_S [60]
#   dashboard (not in the default set; TARGETS=sensor): DASH_N [1000] collectors sending DASH_CHANNELS [100]
#   channels every DASH_INTERVAL_MS [10000] while headless Chromium shows the dashboard with 1 chart (baseline),
#   100 charts and the topology, DASH_WARMUP [10] + DASH_SECONDS [30] each
#   ROCMON_JAR [run/target/rocmon.jar]  SKIP_BUILD [0]  CLIENT_TIMEOUT [90] seconds per client run (connects included)
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
SCENARIOS="${SCENARIOS:-a,b,c}"
TARGETS="${TARGETS:-bare,sensor,tls}"
SENSOR_PORT="${SENSOR_PORT:-18080}"
BARE_PORT="${BARE_PORT:-18081}"
TLS_PORT="${TLS_PORT:-18082}"
WARMUP="${WARMUP:-3}"
DURATION="${DURATION:-10}"
WINDOW="${WINDOW:-64}"
SMALL_N="${SMALL_N:-64}"
MANY_N="${MANY_N:-16}"
CHANNELS="${CHANNELS:-100}"
IDLE_N="${IDLE_N:-10000}"
IDLE_INTERVAL_MS="${IDLE_INTERVAL_MS:-5000}"
SOAK_N="${SOAK_N:-10000}"
SOAK_SECONDS="${SOAK_SECONDS:-600}"
SOAK_SAMPLE_S="${SOAK_SAMPLE_S:-60}"
DASH_N="${DASH_N:-1000}"
DASH_CHANNELS="${DASH_CHANNELS:-100}"
DASH_INTERVAL_MS="${DASH_INTERVAL_MS:-10000}"
DASH_WARMUP="${DASH_WARMUP:-10}"
DASH_SECONDS="${DASH_SECONDS:-30}"
ROCMON_JAR="${ROCMON_JAR:-$ROOT/run/target/rocmon.jar}"
# The node APIs and the collector upgrade need the node token (docs/security.md): one for the nodes this script
# starts, passed with -D and sent by curl and the load client (which reads ROCMON_NODE_TOKEN).
export ROCMON_NODE_TOKEN="${ROCMON_NODE_TOKEN:-rmn_bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')}"
AUTH_HEADER="Authorization: Bearer $ROCMON_NODE_TOKEN"
SKIP_BUILD="${SKIP_BUILD:-0}"

STAMP="$(date +%Y%m%d-%H%M%S)"
WORK="$BENCH/target/work/$STAMP"
RESULTS="$BENCH/results"
mkdir -p "$WORK/scenarios" "$RESULTS"

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
has() { [[ ",$1," == *",$2,"* ]]; }

# 10k sockets per process: raise the soft limit as far as the hard limit allows.
HARD="$(ulimit -Hn)"
if [[ "$HARD" == unlimited || "$HARD" -ge 65536 ]]; then ulimit -n 65536; else ulimit -n "$HARD"; fi
log "open files limit $(ulimit -n); cores $(nproc)"
if (( $(ulimit -n) < IDLE_N + 1000 )); then log "WARNING: open files limit below IDLE_N + 1000"; fi

# shellcheck source=bench/build.sh
. "$BENCH/build.sh"
bench_build

CLIENT_CP="$BENCH/load-client/target/load-client.jar:$BENCH/load-client/target/lib/*"
BARE_CP="$BENCH/bare-server/target/bare-server.jar:$BENCH/bare-server/target/lib/*"
COUNT_JAR="$(ls "$BENCH"/counting-publisher/target/org.rocmon.bench.count-*.jar | head -1)"

wait_http() { # url seconds: until the port answers anything
    local i
    for ((i = 0; i < $2 * 5; i++)); do
        curl -s -o /dev/null --max-time 1 "$1" && return 0
        sleep 0.2
    done
    return 1
}

BARE_PID=""
if has "$TARGETS" bare; then
    log "starting the bare Jetty sink on 127.0.0.1:$BARE_PORT"
    java -Xmx1g -cp "$BARE_CP" org.rocmon.bench.bare.BareServer "$BARE_PORT" "$WORK/bare-stats.json" \
        > "$WORK/bare.log" 2>&1 &
    BARE_PID=$!
    PIDS+=("$BARE_PID")
    wait_http "http://127.0.0.1:$BARE_PORT/" 30 || { log "bare sink did not start"; cat "$WORK/bare.log"; exit 1; }
fi

start_node() { # name port java-options...: a fresh node (own data folder, Count in its hot folder)
    local name=$1 port=$2 dir="$WORK/$1" base curl
    shift 2
    mkdir -p "$dir/data/deploy"
    cp "$ROCMON_JAR" "$dir/rocmon.jar"
    cp "$COUNT_JAR" "$dir/data/deploy/"
    log "starting the Rocmon node '$name' (-Xmx1g $*) on 127.0.0.1:$port"
    (cd "$dir" && exec java @"$ROOT/run/node.jvm.options" -Xmx1g -Dgosh.args=--nointeractive -Dorg.osgi.service.http.port="$port" "$@" \
        -Drocmon.security.nodeToken="$ROCMON_NODE_TOKEN" \
        -jar rocmon.jar > runtime.log 2>&1) &
    NODE_PID=$!
    PIDS+=("$NODE_PID")
    for ((i = 0; i < 600; i++)); do
        if [[ -f "$dir/data/security/tls/ca.crt" ]]; then
            base="https://127.0.0.1:$port"; curl=(curl -s --cacert "$dir/data/security/tls/ca.crt")
        else
            base="http://127.0.0.1:$port"; curl=(curl -s)
        fi
        if [[ "$("${curl[@]}" -H "$AUTH_HEADER" -o /dev/null -w '%{http_code}' --max-time 1 "$base/sensor/")" == 200 ]] \
            && grep -q 'publisher#Count' "$dir/runtime.log"; then return 0; fi
        sleep 0.2
    done
    log "node '$name' did not serve /sensor/ with the Count mixin installed within 120 s; log tail:"
    tail -30 "$dir/runtime.log"
    exit 1
}

RT_PID=""
if has "$TARGETS" sensor; then
    start_node runtime "$SENSOR_PORT" -Drocmon.tls=off
    RT_PID=$NODE_PID
fi
TLS_PID=""
TLS_CA="$WORK/runtime-tls/data/security/tls/ca.crt"
if has "$TARGETS" tls; then
    start_node runtime-tls "$TLS_PORT"
    TLS_PID=$NODE_PID
fi

client() { # label url stats extra-args...
    local label=$1 url=$2 stats=$3
    shift 3
    log "scenario $label"
    timeout "${CLIENT_TIMEOUT:-90}" java -Xmx2g -cp "$CLIENT_CP" org.rocmon.bench.client.LoadClient --label "$label" --url "$url" \
        --stats "$stats" --out "$WORK/scenarios/$label.json" "$@" > "$WORK/$label.log" 2>&1 \
        || { log "scenario $label failed:"; tail -20 "$WORK/$label.log"; return 0; }
    tail -1 "$WORK/$label.log" | cut -c1-400
}

define_sensor() { # id collectors channels base [--cacert file]
    java -cp "$CLIENT_CP" org.rocmon.bench.client.SensorSetup define --base "$4" \
        --id "$1" --collectors "$2" --channels "$3" --stats "$WORK/$1-stats.json" --period 0.2 "${@:5}" | cut -c1-300
}

delete_sensor() { # id base [--cacert file]
    java -cp "$CLIENT_CP" org.rocmon.bench.client.SensorSetup delete --base "$2" \
        --id "$1" "${@:3}" | cut -c1-200 || true
}

run_scenario() { # letter connections channels extra-args...
    local s=$1 n=$2 ch=$3
    shift 3
    if has "$TARGETS" bare; then
        client "bare-$s" "ws://127.0.0.1:$BARE_PORT/sensor/bare-$s/" "$WORK/bare-stats.json" \
            --connections "$n" --channels "$ch" "$@" ${BARE_HEAP:+--heap-pid "$BARE_PID"}
    fi
    if has "$TARGETS" sensor; then
        if define_sensor "sensor-$s" "$n" "$ch" "http://127.0.0.1:$SENSOR_PORT"; then
            client "sensor-$s" "ws://127.0.0.1:$SENSOR_PORT/sensor/sensor-$s/" "$WORK/sensor-$s-stats.json" \
                --connections "$n" --channels "$ch" --sensor-status "http://127.0.0.1:$SENSOR_PORT/sensor/sensor-$s/" \
                "$@" ${SENSOR_HEAP:+--heap-pid "$RT_PID"}
            delete_sensor "sensor-$s" "http://127.0.0.1:$SENSOR_PORT"
        else
            log "sensor-$s could not be defined"
        fi
    fi
    if has "$TARGETS" tls; then
        if define_sensor "tls-$s" "$n" "$ch" "https://127.0.0.1:$TLS_PORT" --cacert "$TLS_CA"; then
            client "tls-$s" "wss://127.0.0.1:$TLS_PORT/sensor/tls-$s/" "$WORK/tls-$s-stats.json" \
                --connections "$n" --channels "$ch" --sensor-status "https://127.0.0.1:$TLS_PORT/sensor/tls-$s/" \
                --cacert "$TLS_CA" "$@" ${SENSOR_HEAP:+--heap-pid "$TLS_PID"}
            delete_sensor "tls-$s" "https://127.0.0.1:$TLS_PORT" --cacert "$TLS_CA"
        else
            log "tls-$s could not be defined"
        fi
    fi
}

SAT=(--mode saturate --window "$WINDOW" --warmup "$WARMUP" --duration "$DURATION")
if has "$SCENARIOS" a; then run_scenario a "$SMALL_N" 1 "${SAT[@]}"; fi
if has "$SCENARIOS" b; then run_scenario b "$MANY_N" "$CHANNELS" "${SAT[@]}"; fi
if has "$SCENARIOS" c; then
    BARE_HEAP=1 SENSOR_HEAP=1 run_scenario c "$IDLE_N" 1 --mode paced --interval-ms "$IDLE_INTERVAL_MS" \
        --window 4 --warmup 5 --duration 5 --connect-timeout 40 --connect-concurrency 256
fi

if has "$SCENARIOS" soak; then
    SENSOR_HEAP=1 CLIENT_TIMEOUT=$((SOAK_SECONDS + 900)) run_scenario soak "$SOAK_N" 1 --mode paced --interval-ms 1000 \
        --window 4 --warmup 30 --duration "$SOAK_SECONDS" --sample-seconds "$SOAK_SAMPLE_S" --connect-timeout 120 \
        --connect-concurrency 256
    for side in sensor tls; do
        if [[ -f "$WORK/scenarios/$side-soak.json" ]]; then
            cp "$WORK/scenarios/$side-soak.json" "$RESULTS/soak-$side-$STAMP.json"
            log "soak ($side): $RESULTS/soak-$side-$STAMP.json"
        fi
    done
fi

if has "$SCENARIOS" dashboard && has "$TARGETS" sensor; then
    if define_sensor dash "$DASH_N" "$DASH_CHANNELS" "http://127.0.0.1:$SENSOR_PORT"; then
        DASH_TOTAL=$((3 * (DASH_WARMUP + DASH_SECONDS) + 60))
        CLIENT_TIMEOUT=$((DASH_TOTAL + 300)) client sensor-dash-load "ws://127.0.0.1:$SENSOR_PORT/sensor/dash/" \
            "$WORK/dash-stats.json" --connections "$DASH_N" --channels "$DASH_CHANNELS" --mode paced \
            --interval-ms "$DASH_INTERVAL_MS" --window 4 --warmup 5 --duration "$DASH_TOTAL" --connect-timeout 120 &
        DASH_LOAD=$!
        PIDS+=("$DASH_LOAD")
        for ((i = 0; i < 600; i++)); do grep -q connected "$WORK/sensor-dash-load.log" 2>/dev/null && break; sleep 0.5; done
        sleep 5
        DASH_KEYS="a,c"
        for ((i = 1; i < DASH_CHANNELS - 1; i++)); do DASH_KEYS="$DASH_KEYS,m$i"; done
        log "dashboard: headless Chromium on 1 chart, 100 charts, the topology"
        java -cp "$CLIENT_CP" org.rocmon.bench.client.DashboardLoad --port "$SENSOR_PORT" \
            --password "$(cat "$WORK/runtime/data/security/admin.password")" --sensor dash --channels "$DASH_KEYS" \
            --charts 1,100 --topology yes --warmup "$DASH_WARMUP" --duration "$DASH_SECONDS" \
            --out "$RESULTS/dashboard-$STAMP.json" | tail -1 | cut -c1-600
        kill "$DASH_LOAD" 2>/dev/null || true
        delete_sensor dash "http://127.0.0.1:$SENSOR_PORT"
    fi
fi

OUT="$RESULTS/$STAMP.json"
NOTE="nproc=$(nproc); $(java -version 2>&1 | head -1); client and servers share the machine"
java -cp "$CLIENT_CP" org.rocmon.bench.client.Report "$WORK/scenarios" "$OUT" "$NOTE"
log "results: $OUT (logs and raw results under $WORK)"
