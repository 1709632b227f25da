#!/usr/bin/env bash
# Side by side: the same Monitoring Plugins checks on the same 1 s schedule under Debian's Nagios 4 and under
# Rocmon's NagiosPlugin mixin, one system at a time on this machine, in one run. For each plugin and service
# count it measures achieved checks/s, CPU seconds per check (the whole process tree, from /proc) and lateness
# against the schedule. Everything on 127.0.0.1; every process started here is killed on exit. See bench/README.md.
# Environment knobs (defaults in brackets):
#   PLUGINS [dummy load]  NS [100 400 1000] services  SYSTEMS [nagios rocmon]
#   WARMUP [120] seconds before the window (the JVM's JIT settles; Nagios needs none)  DURATION [40] seconds of the window
#   PORT [18090] Rocmon HTTP port  ROCMON_JAR [run/target/rocmon.jar]  ROCMON_JAVA_OPTS [-Xmx1g]
#   COLLECTOR_THREADS [] if set, maxMetricThreads of the node's collector runtime (its default is 64)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
BENCH="$(dirname "$HERE")"
ROOT="$(dirname "$BENCH")"
PLUGINS="${PLUGINS:-dummy load}"
NS="${NS:-100 400 1000}"
SYSTEMS="${SYSTEMS:-nagios rocmon}"
WARMUP="${WARMUP:-120}"
DURATION="${DURATION:-40}"
PORT="${PORT:-18090}"
ROCMON_JAR="${ROCMON_JAR:-$ROOT/run/target/rocmon.jar}"
ROCMON_JAVA_OPTS="${ROCMON_JAVA_OPTS:--Xmx1g}"
# The node APIs and the collector upgrade need the node token (docs/security.md): one for the nodes this script
# starts, passed with -D and sent by curl and the load client (which reads ROCMON_NODE_TOKEN).
export ROCMON_NODE_TOKEN="${ROCMON_NODE_TOKEN:-rmn_bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')}"
AUTH_HEADER="Authorization: Bearer $ROCMON_NODE_TOKEN"
COLLECTOR_THREADS="${COLLECTOR_THREADS:-}"

STAMP="$(date +%Y%m%d-%H%M%S)"
WORK="$BENCH/target/work/nagios-$STAMP"
RESULTS="$BENCH/results"
mkdir -p "$WORK" "$RESULTS"
PY="python3"

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[nagbench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

[[ $(id -u) == 0 ]] || { log "run as root: nagios4 starts as root and drops to the nagios user"; exit 1; }
command -v nagios4 > /dev/null || { log "nagios4 missing: apt-get install -y nagios4-core"; exit 1; }
[[ -x /usr/lib/nagios/plugins/check_dummy ]] || { log "monitoring-plugins-basic missing"; exit 1; }
# One copy of the runtime for the whole run: other builds may replace run/target/rocmon.jar meanwhile.
if [[ " $SYSTEMS " == *" rocmon "* ]]; then
    [[ -f "$ROCMON_JAR" ]] || { log "no $ROCMON_JAR: build the runtime first"; exit 1; }
    cp "$ROCMON_JAR" "$WORK/rocmon.jar"
fi
log "cores $(nproc); $(java -version 2>&1 | head -1); $(nagios4 --version | sed -n 2p); load $(cut -d' ' -f1-3 /proc/loadavg)"

# Samples time, CPU of the tree under $1 and the load average, sleeps DURATION, samples again; writes JSON to $2.
measure() {
    local pid=$1 out=$2 t0 c0 l0 t1 c1 l1
    t0=$(date +%s.%N); c0=$($PY "$HERE/cputree.py" "$pid"); l0=$(cut -d' ' -f1-3 /proc/loadavg)
    sleep "$DURATION"
    t1=$(date +%s.%N); c1=$($PY "$HERE/cputree.py" "$pid"); l1=$(cut -d' ' -f1-3 /proc/loadavg)
    printf '{"t0":%s,"t1":%s,"cpu0":%s,"cpu1":%s,"load0":"%s","load1":"%s"}\n' "$t0" "$t1" "$c0" "$c1" "$l0" "$l1" \
        > "$out"
}

stop() { # pid
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

OUTS=()

run_nagios() { # plugin n
    local plugin=$1 n=$2 d="$WORK/nagios-$1-$2" pid
    mkdir -p "$d"
    "$HERE/nagios-config.sh" "$d" "$plugin" "$n"
    nagios4 -v "$d/nagios.cfg" > "$d/verify.log" 2>&1 || { log "config refused:"; tail "$d/verify.log"; return 1; }
    log "nagios4 $plugin N=$n: warm-up ${WARMUP}s, window ${DURATION}s"
    nagios4 "$d/nagios.cfg" > "$d/stdout.log" 2>&1 &
    pid=$!
    PIDS+=("$pid")
    sleep "$WARMUP"
    measure "$pid" "$d/window.json"
    stop "$pid"
    $PY "$HERE/bench.py" analyze-nagios --plugin "$plugin" --n "$n" --perf "$d/perf.log" --window "$d/window.json" \
        --out "$d/result.json"
    OUTS+=("$d/result.json")
}

wait_node() { # dir port: until the node serves /resource/ and has the NagiosPlugin and Log mixins
    local i
    for ((i = 0; i < 300; i++)); do
        if [[ "$(curl -s -H "$AUTH_HEADER" -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$2/resource/")" == 200 ]] \
            && grep -q 'metric#NagiosPlugin' "$1/runtime.log" && grep -q 'publisher#Log' "$1/runtime.log"; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

run_rocmon() { # plugin n
    local plugin=$1 n=$2 d="$WORK/rocmon-$1-$2" pid
    mkdir -p "$d/data/deploy"
    cp "$WORK/rocmon.jar" "$d/rocmon.jar"
    if [[ -n "$COLLECTOR_THREADS" ]]; then
        # FileInstall hands *.cfg in the hot folder to ConfigAdmin.
        echo "maxMetricThreads=I\"$COLLECTOR_THREADS\"" \
            > "$d/data/deploy/org.rocmon.collector.internal.resource.ResourceServlet.config"
    fi
    # A fresh node: its own folder, so nothing persisted by an earlier run comes back.
    # shellcheck disable=SC2086
    (cd "$d" && exec java @"$ROOT/run/node.jvm.options" $ROCMON_JAVA_OPTS -Dgosh.args=--nointeractive -Dorg.osgi.service.http.port="$PORT" \
        -Drocmon.security.nodeToken="$ROCMON_NODE_TOKEN" \
        -jar rocmon.jar > runtime.log 2>&1) &
    pid=$!
    PIDS+=("$pid")
    if ! wait_node "$d" "$PORT"; then
        log "the node did not start with NagiosPlugin and Log within 60 s; log tail:"
        tail -20 "$d/runtime.log"
        stop "$pid"
        return 1
    fi
    log "rocmon $plugin N=$n: defining the sensor and $n collectors"
    $PY "$HERE/bench.py" rocmon-setup --base "http://127.0.0.1:$PORT" --plugin "$plugin" --n "$n" \
        --log "$d/measures.log" --out "$d/created.json"
    log "rocmon $plugin N=$n: warm-up ${WARMUP}s, window ${DURATION}s"
    sleep "$WARMUP"
    $PY "$HERE/bench.py" rocmon-scheduler --base "http://127.0.0.1:$PORT" --out "$d/scheduler-before.json" || true
    measure "$pid" "$d/window.json"
    $PY "$HERE/bench.py" rocmon-scheduler --base "http://127.0.0.1:$PORT" --out "$d/scheduler-after.json" || true
    $PY "$HERE/bench.py" rocmon-status --base "http://127.0.0.1:$PORT" --created "$d/created.json" \
        --out "$d/status.json" || log "status not read"
    stop "$pid"
    $PY "$HERE/bench.py" analyze-rocmon --plugin "$plugin" --n "$n" --log "$d/measures.log" \
        --created "$d/created.json" --status "$d/status.json" --window "$d/window.json" --out "$d/result.json" \
        --sched-before "$d/scheduler-before.json" --sched-after "$d/scheduler-after.json"
    OUTS+=("$d/result.json")
}

for plugin in $PLUGINS; do
    for n in $NS; do
        for system in $SYSTEMS; do
            "run_$system" "$plugin" "$n" || log "$system $plugin N=$n failed"
        done
    done
done

OUT="$RESULTS/nagios-$STAMP.json"
NOTE="nproc=$(nproc); $(java -version 2>&1 | head -1); $(nagios4 --version | sed -n 2p); warmup ${WARMUP}s window ${DURATION}s; one system at a time; ROCMON_JAVA_OPTS=$ROCMON_JAVA_OPTS COLLECTOR_THREADS=${COLLECTOR_THREADS:-default}"
$PY "$HERE/bench.py" combine --out "$OUT" --note "$NOTE" "${OUTS[@]}"
log "results: $OUT (logs and raw data under $WORK)"
