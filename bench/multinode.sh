#!/usr/bin/env bash
# Multi-process topology on this machine: 1,000 collectors (three load-client processes) -> 3 leaf sensors on 3
# node processes (Statistics per leaf) -> sensor-to-sensor collectors -> 1 root sensor on a 4th node (Statistics
# over the forwarded values, Count publisher). Measures the leaves' ingest, the root's intake and output, and the
# end-to-end latency from a leaf measurement's timestamp to the root's statistic. All on 127.0.0.1; every process
# started here is killed on exit. See bench/README.md, section "Multi-process topology". Knobs (defaults):
#   COLLECTORS [1000]  INTERVAL_MS [250] between two frames of one collector  FWD_PERIOD [0.05] s
#   ROOT_COUNT [3] values per root Statistics window  WARMUP [120] DURATION [30] s  BASE_PORT [18200]
#   NODE_HEAP [384m]  ROCMON_JAR [run/target/rocmon.jar]  SKIP_BUILD [0]
#   JFR_LEAF1 [0]: 1 records a Java Flight Recording (profile settings) of leaf1 over the client's window, kept as
#   bench/target/work/multinode-<date>/leaf1/leaf1.jfr (read it with `jfr print --events jdk.ExecutionSample`)
#   ACK_DURABILITY [the node's default, disk]: memory runs every node with in-memory acks (PID org.rocmon.sensor)
#   NODE_JAVA_OPTS, CLIENT_JAVA_OPTS: more JVM options for the nodes and the load clients, after run/node.jvm.options
#   (the clients take it too: they are Jetty WebSocket endpoints, one session per collector, like the nodes)
# The warm-up is long because seven JVMs share the machine: under this load their JIT compilers are still busy a
# minute after the load begins, and a window taken then measures the compilers (bench/README.md). Every node writes
# its GC pauses to <node>/gc.log.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
COLLECTORS="${COLLECTORS:-1000}"
INTERVAL_MS="${INTERVAL_MS:-250}"
FWD_PERIOD="${FWD_PERIOD:-0.05}"
ROOT_COUNT="${ROOT_COUNT:-3}"
WARMUP="${WARMUP:-120}"
DURATION="${DURATION:-30}"
BASE_PORT="${BASE_PORT:-18200}"
NODE_HEAP="${NODE_HEAP:-384m}"
ROCMON_JAR="${ROCMON_JAR:-$ROOT/run/target/rocmon.jar}"
# The node APIs and the collector upgrade need the node token (docs/security.md): one for the nodes this script
# starts, passed with -D and sent by curl and the load client (which reads ROCMON_NODE_TOKEN).
export ROCMON_NODE_TOKEN="${ROCMON_NODE_TOKEN:-rmn_bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')}"
AUTH_HEADER="Authorization: Bearer $ROCMON_NODE_TOKEN"
SKIP_BUILD="${SKIP_BUILD:-0}"
JFR_LEAF1="${JFR_LEAF1:-0}"
ACK_DURABILITY="${ACK_DURABILITY:-}"
NODE_JAVA_OPTS="${NODE_JAVA_OPTS:-}"
CLIENT_JAVA_OPTS="${CLIENT_JAVA_OPTS:-}"
LEAVES=3

STAMP="$(date +%Y%m%d-%H%M%S)"
WORK="$BENCH/target/work/multinode-$STAMP"
RESULTS="$BENCH/results"
mkdir -p "$WORK" "$RESULTS"

PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    # Framework caches and jar copies are ~20 MB per node; logs, data and results stay.
    rm -rf "$WORK"/*/felix-cache "$WORK"/*/rocmon.jar
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { printf '[multinode %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

HARD="$(ulimit -Hn)"
if [[ "$HARD" == unlimited || "$HARD" -ge 65536 ]]; then ulimit -n 65536; else ulimit -n "$HARD"; fi

# shellcheck source=bench/build.sh
. "$BENCH/build.sh"
bench_build
CLIENT_CP="$BENCH/load-client/target/load-client.jar:$BENCH/load-client/target/lib/*"
COUNT_JAR="$(ls "$BENCH"/counting-publisher/target/org.rocmon.bench.count-*.jar | head -1)"

# ---- four node processes: root on BASE_PORT, leaf i on BASE_PORT + i
port() { echo $((BASE_PORT + $1)); }
start_node() { # name port
    local dir="$WORK/$1"
    mkdir -p "$dir/data/deploy"
    cp "$ROCMON_JAR" "$dir/rocmon.jar"
    [[ "$1" == root ]] && cp "$COUNT_JAR" "$dir/data/deploy/"
    [[ -n "$ACK_DURABILITY" ]] && echo "ackDurability=$ACK_DURABILITY" > "$dir/data/deploy/org.rocmon.sensor.cfg"
    # Plain WS (development switch rocmon.tls=off): this scenario measures the hierarchy's throughput, comparable
    # with the earlier figures; what TLS costs is measured by run.sh (target tls, WSS vs WS in the same run).
    local jfr=()
    # The delay skips the boot and the warm-up; the duration is about the client's window (defaults).
    [[ "$1" == leaf1 && "$JFR_LEAF1" == 1 ]] && jfr=("-XX:StartFlightRecording=filename=$dir/leaf1.jfr,settings=profile,delay=$((WARMUP + 23))s,duration=${DURATION}s")
    (cd "$dir" && exec java @"$ROOT/run/node.jvm.options" "${jfr[@]}" $NODE_JAVA_OPTS -Xlog:gc:file=gc.log:time,uptime -Xmx"$NODE_HEAP" -XX:+UseSerialGC -Dgosh.args=--nointeractive -Drocmon.tls=off \
        -Dorg.osgi.service.http.port="$2" -Dorg.apache.felix.http.host=127.0.0.1 -Drocmon.data="$dir/data" \
        -Drocmon.security.nodeToken="$ROCMON_NODE_TOKEN" -Dfelix.fileinstall.dir="$dir/data/deploy" -Dorg.osgi.framework.storage="$dir/felix-cache" \
        -jar rocmon.jar > node.log 2>&1) &
    PIDS+=("$!")
}
ready() { # port [grep-in-log-of-node]
    local i
    for ((i = 0; i < 300; i++)); do
        if [[ "$(curl -s -H "$AUTH_HEADER" -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$1/sensor/")" == 200 ]] \
            && { [[ -z "${2:-}" ]] || grep -q "$2" "$WORK/root/node.log"; }; then return 0; fi
        sleep 0.2
    done
    return 1
}
post() { # url json-file
    local code
    code="$(curl -s -H "$AUTH_HEADER" -o "$WORK/last-answer.json" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        --data @"$2" "$1")"
    if [[ "$code" != 200 && "$code" != 201 ]]; then
        log "POST $1 -> $code: $(head -c 400 "$WORK/last-answer.json")"
        exit 1
    fi
}

log "starting root + $LEAVES leaf nodes (-Xmx$NODE_HEAP each) on ports $(port 0)..$(port $LEAVES)"
start_node root "$(port 0)"
for ((i = 1; i <= LEAVES; i++)); do start_node "leaf$i" "$(port "$i")"; done
ready "$(port 0)" 'publisher#Count' || { log "root did not start"; tail -20 "$WORK/root/node.log"; exit 1; }
for ((i = 1; i <= LEAVES; i++)); do
    ready "$(port "$i")" || { log "leaf$i did not start"; tail -20 "$WORK/leaf$i/node.log"; exit 1; }
done

# ---- level 3: the root. Statistics over the forwarded leaf values (a window closes every ROOT_COUNT values, and
# its outputs carry the timestamp of the measurement that closed it, i.e. the load client's send time), Count on
# the window maximum: Count's latency histogram is leaf measurement -> root statistic.
ROOT_LINKS="$(for ((i = 1; i <= LEAVES; i++)); do printf '"leaf%d-up",' "$i"; done | sed 's/,$//')"
cat > "$WORK/root.json" <<EOF
{"kind":"http://schemas.ogf.org/occi/monitoring#sensor",
 "mixins":["http://example.com/occi/monitoring/aggregator#Statistics","http://example.com/occi/monitoring/publisher#Count"],
 "attributes":{"occi.sensor.period":0.2,
   "com.example.occi.monitoring.Statistics.input":"a","com.example.occi.monitoring.Statistics.outprefix":"a",
   "com.example.occi.monitoring.Statistics.statistics":"mean,max,count",
   "com.example.occi.monitoring.Statistics.scheduler":"threshold","com.example.occi.monitoring.Statistics.count":$ROOT_COUNT,
   "com.example.occi.monitoring.Count.input":"a.max","com.example.occi.monitoring.Count.statsfile":"$WORK/root-stats.json"},
 "links":[$ROOT_LINKS]}
EOF
post "http://127.0.0.1:$(port 0)/sensor/root/" "$WORK/root.json"

# ---- level 2: leaves. Each admits its share of the collectors (b0..), keeps its own statistics every 0.2 s and
# forwards the raw channel and its statistics to the root every FWD_PERIOD.
SHARE=$(( (COLLECTORS + LEAVES - 1) / LEAVES ))
declare -a CONNS
for ((i = 1; i <= LEAVES; i++)); do
    n=$(( i < LEAVES ? SHARE : COLLECTORS - SHARE * (LEAVES - 1) ))
    CONNS[$i]=$n
    links="$(seq -f '"b%g"' 0 $((n - 1)) | paste -sd, -)"
    cat > "$WORK/leaf$i.json" <<EOF
{"kind":"http://schemas.ogf.org/occi/monitoring#sensor",
 "mixins":["http://example.com/occi/monitoring/aggregator#Statistics"],
 "attributes":{"occi.sensor.period":0.2,
   "com.example.occi.monitoring.Statistics.input":"a","com.example.occi.monitoring.Statistics.outprefix":"a",
   "com.example.occi.monitoring.Statistics.statistics":"mean,max,count"},
 "links":[$links]}
EOF
    post "http://127.0.0.1:$(port "$i")/sensor/leaf$i/" "$WORK/leaf$i.json"
    cat > "$WORK/leaf$i-up.json" <<EOF
{"kind":"http://schemas.ogf.org/occi/monitoring#collector",
 "attributes":{"occi.collector.period":$FWD_PERIOD,"rocmon.collector.channels":"a,a.mean,a.max,a.count"},
 "target":"http://127.0.0.1:$(port 0)/sensor/root/"}
EOF
    post "http://127.0.0.1:$(port "$i")/sensor/leaf$i/collector/leaf$i-up" "$WORK/leaf$i-up.json"
done

# ---- level 1: the collectors, one load-client process per leaf, paced (one frame per collector every
# INTERVAL_MS, one channel "a" whose ts is the send time). Every client reads the root's Count stats over its own
# window (leaf measurement -> root statistic); leaf1's client samples the root's counters, the others their leaf's.
cat > "$WORK/settings.properties" <<EOF
warmupSeconds=$WARMUP
durationSeconds=$DURATION
nodeHeap=$NODE_HEAP
nodeJvmOptions=$(grep -v '^#' "$ROOT/run/node.jvm.options" | paste -sd' ')
nodeJavaOpts=$NODE_JAVA_OPTS
clientJavaOpts=$CLIENT_JAVA_OPTS
ackDurability=${ACK_DURABILITY:-default}
jfrLeaf1=$JFR_LEAF1
rocmonJar=$ROCMON_JAR
EOF
log "load: $COLLECTORS collectors (${CONNS[*]}), one frame each every $INTERVAL_MS ms; warm-up $WARMUP s, window $DURATION s"
uptime > "$WORK/uptime-before.txt"
CLIENTS=()
for ((i = 1; i <= LEAVES; i++)); do
    status="http://127.0.0.1:$(port "$i")/sensor/leaf$i/"
    [[ $i == 1 ]] && status="http://127.0.0.1:$(port 0)/sensor/root/"
    timeout $((WARMUP + DURATION + 120)) java @"$ROOT/run/node.jvm.options" $CLIENT_JAVA_OPTS -Xmx512m -cp "$CLIENT_CP" org.rocmon.bench.client.LoadClient \
        --label "leaf$i" --url "ws://127.0.0.1:$(port "$i")/sensor/leaf$i/" --connections "${CONNS[$i]}" \
        --channels 1 --mode paced --interval-ms "$INTERVAL_MS" --warmup "$WARMUP" --duration "$DURATION" \
        --stats "$WORK/root-stats.json" --sensor-status "$status" \
        --out "$WORK/leaf$i-client.json" > "$WORK/leaf$i-client.log" 2>&1 &
    CLIENTS+=("$!")
    PIDS+=("$!")
done
for pid in "${CLIENTS[@]}"; do wait "$pid" || true; done
uptime > "$WORK/uptime-after.txt"
for ((i = 1; i <= LEAVES; i++)); do
    curl -s -H "$AUTH_HEADER" "http://127.0.0.1:$(port "$i")/sensor/leaf$i/" > "$WORK/leaf$i-after.json"
done

java -cp "$CLIENT_CP" "$BENCH/multinode/MultiNodeReport.java" "$WORK" "$LEAVES" "$COLLECTORS" "$INTERVAL_MS" \
    "$FWD_PERIOD" "$ROOT_COUNT" "$RESULTS/multinode-$STAMP.json"
log "raw results and node logs: $WORK"
