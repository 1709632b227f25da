#!/usr/bin/env bash
# The 2015 slides' minimal monitoring deployment, on one machine, in one command:
#
#   run/deployment.sh [--base-port N] [--data DIR] [--no-build]
#
# Three Rocmon processes on 127.0.0.1 (the slides' four containers, with the dashboard served by the front end):
#   front end  port N    the OCCI entities' server (/occi/) and the dashboard (/dashboard/)
#   compute    port N+1  the monitored compute resource g01: runs the demo collector c01 (CPUPercent, IsReachable)
#   sensors    port N+2  the sensor s01 (EWMA, SendUDP, Log) that c01 feeds over WSS
# plus a UDP listener on port N+3 that prints what s01 sends (the slides' "dashboard receives UDP").
# They share one CA and one node token (TLS on, as in production); the two nodes join the front end by
# themselves, and the entities are created through the front end's OCCI API, which deploys them on the nodes. Default N is 8080; state lives in DIR (default
# run/data/deployment; remove it to start clean). Ctrl-C stops everything this script started.
# --no-build  use run/target/rocmon.jar as it is.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/run"
JAR="$RUN/target/rocmon.jar"
BASE_PORT=8080
DATA="$RUN/data/deployment"
BUILD=true

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --base-port) [ $# -ge 2 ] || { echo "deployment: --base-port needs a number" >&2; exit 2; }; BASE_PORT="$2"; shift ;;
    --data) [ $# -ge 2 ] || { echo "deployment: --data needs a folder" >&2; exit 2; }; DATA="$2"; shift ;;
    --no-build) BUILD=false ;;
    -h|--help) usage; exit 0 ;;
    *) echo "deployment: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
case "$BASE_PORT" in ''|*[!0-9]*) echo "deployment: port '$BASE_PORT' is not a number" >&2; exit 2 ;; esac
if [ "$BASE_PORT" -lt 1 ] || [ "$BASE_PORT" -gt 65532 ]; then echo "deployment: port $BASE_PORT is out of range" >&2; exit 2; fi
for tool in java curl; do
  command -v "$tool" >/dev/null || { echo "deployment: $tool is not on the PATH" >&2; exit 1; }
done
if [ "$BUILD" = true ]; then
  "$ROOT/rocmon" --build-only
fi
[ -f "$JAR" ] || { echo "deployment: $JAR does not exist (run without --no-build)" >&2; exit 1; }
mkdir -p "$DATA"
DATA="$(cd "$DATA" && pwd)"

FRONT_PORT=$BASE_PORT COMPUTE_PORT=$((BASE_PORT + 1)) SENSORS_PORT=$((BASE_PORT + 2)) UDP_PORT=$((BASE_PORT + 3))
CA="$DATA/ca/ca.crt"
TOKEN_FILE="$DATA/frontend/security/node.token"
PASSWORD_FILE="$DATA/frontend/security/admin.password"
FRONT="https://127.0.0.1:$FRONT_PORT"

PIDS=()
cleanup() {
  trap - EXIT INT TERM
  local pid
  for pid in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

say() { echo "[deployment] $*"; }

# start NAME PORT [more -D options]: one node process, its log in its data folder
start() {
  local name="$1" port="$2"
  shift 2
  mkdir -p "$DATA/$name/deploy"
  java @"$RUN/node.jvm.options" -Dorg.osgi.service.http.port="$port" -Dorg.apache.felix.http.host=127.0.0.1 \
    -Drocmon.data="$DATA/$name" -Drocmon.tls.ca="$DATA/ca" \
    -Dfelix.fileinstall.dir="$DATA/$name/deploy" -Dorg.osgi.framework.storage="$DATA/$name/felix-cache" \
    -Dgosh.args=--nointeractive -Dorg.slf4j.simpleLogger.logFile="$DATA/$name/rocmon.log" \
    -Djava.util.logging.config.file="$RUN/logging.properties" "$@" ${ROCMON_JAVA_OPTS:-} -jar "$JAR" \
    </dev/null >"$DATA/$name/stdout.log" 2>&1 &
  PIDS+=($!)
  say "$name: pid $! on https://127.0.0.1:$port (log $DATA/$name/rocmon.log)"
}

node_curl() { curl -s --cacert "$CA" -H "Authorization: Bearer $(cat "$TOKEN_FILE")" "$@"; }
admin_curl() { curl -s --cacert "$CA" -u "admin:$(cat "$PASSWORD_FILE")" "$@"; }

# wait_for NAME PORT: until the node serves its sensor API with the deployment's CA and token (120 s)
wait_for() {
  local i
  for i in $(seq 1 240); do
    if [ -f "$CA" ] && [ -f "$TOKEN_FILE" ] \
        && [ "$(node_curl -o /dev/null -w '%{http_code}' "https://127.0.0.1:$2/sensor/" || true)" = 200 ]; then
      return 0
    fi
    sleep 0.5
  done
  echo "deployment: $1 did not answer on https://127.0.0.1:$2/sensor/ within 120 s; see $DATA/$1/rocmon.log" >&2
  return 1
}

# occi METHOD PATH BODY: a front-end call that must succeed
occi() {
  local out code
  out="$(admin_curl -w '\n%{http_code}' -X "$1" -H 'Content-Type: application/json' --data-binary "$3" "$FRONT$2" || true)"
  code="${out##*$'\n'}"
  say "$1 $2 -> $code"
  case "$code" in 200|201) return 0 ;; *) echo "deployment: ${out%$'\n'*}" >&2; return 1 ;; esac
}

# The front end first: it makes the deployment's CA (in $DATA/ca) and the node token the other nodes share.
start frontend "$FRONT_PORT"
wait_for frontend "$FRONT_PORT"
# The two nodes join the front end by themselves (rocmon.frontend.url, docs/scaling.md) with the shared token.
JOIN=(-Drocmon.security.nodeTokenFile="$TOKEN_FILE" -Drocmon.frontend.url="$FRONT" -Drocmon.join.heartbeatMillis=2000)
start compute "$COMPUTE_PORT" "${JOIN[@]}" -Drocmon.node.id=compute
start sensors "$SENSORS_PORT" "${JOIN[@]}" -Drocmon.node.id=sensors
java "$RUN/demo/UdpListen.java" "$UDP_PORT" 2>&1 | sed -u 's/^/[udp] /' &
PIDS+=($!)
wait_for compute "$COMPUTE_PORT"
wait_for sensors "$SENSORS_PORT"

for i in $(seq 1 120); do
  nodes="$(admin_curl "$FRONT/occi/node/" || true)"
  case "$nodes" in *'"compute"'*'"sensors"'*|*'"sensors"'*'"compute"'*) break ;; esac
  [ "$i" = 120 ] && { echo "deployment: the nodes did not join the front end within 60 s: $nodes" >&2; exit 1; }
  sleep 0.5
done
say "nodes compute and sensors joined the front end"
occi PUT /occi/compute/g01 '{"kind":"http://schemas.ogf.org/occi/infrastructure#compute",
  "attributes":{"occi.compute.hostname":"127.0.0.1","rocmon.node":"compute"}}'
# the paper's listings 1 and 2 (run/demo), s01 placed on the sensors node and sending UDP to the listener above
occi PUT /occi/sensor/s01 "$(sed -e "s#\"port\": \"8888\"#\"port\": \"$UDP_PORT\"#" \
  -e 's#"attributes": {#"attributes": { "rocmon": { "node": "sensors" },#' "$RUN/demo/s01.json")"
occi PUT /occi/collector/c01 "$(cat "$RUN/demo/c01.json")"

cat <<MSG
[deployment] ready: resource g01 (node compute) --c01--> sensor s01 (node sensors), entities on the front end
[deployment]   dashboard:  $FRONT/dashboard/   user admin, password in $PASSWORD_FILE
[deployment]               (the browser must trust the deployment's CA $CA)
[deployment]   entities:   curl --cacert $CA -u "admin:\$(cat $PASSWORD_FILE)" $FRONT/occi/collector/c01
[deployment]   s01's data: curl --cacert $CA -u "admin:\$(cat $PASSWORD_FILE)" "$FRONT/occi/sensor/s01?data"
[deployment]   Ctrl-C stops the three nodes and the UDP listener.
MSG
wait
