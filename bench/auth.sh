#!/usr/bin/env bash
# The cost of the security guard per request: starts one node on loopback (known admin password and node token,
# no per-user rate limit so that the admin's requests are not refused) and runs bench/auth/AuthCost.java.
#   PORT [18095]  THREADS [4]  DURATION [10] (seconds per variant)  ROCMON_JAR [run/target/rocmon.jar]
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
PORT="${PORT:-18095}"
ROCMON_JAR="${ROCMON_JAR:-$ROOT/run/target/rocmon.jar}"
WORK="$BENCH/target/work/auth-$(date -u +%Y%m%d-%H%M%S)"
ADMIN="bench-admin-$(head -c 16 /dev/urandom | base64 | tr -d '/+=\n')"
TOKEN="rmn_bench-$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
mkdir -p "$WORK/data/deploy"
# rateLimit 0: no per-user limit, to measure authentication and not the 429s (FileInstall hands it to ConfigAdmin)
echo 'rateLimit=0' > "$WORK/data/deploy/org.rocmon.security.cfg"
(cd "$WORK" && exec java @"$ROOT/run/node.jvm.options" -Xmx512m -Dgosh.args=--nointeractive -Dorg.osgi.service.http.port="$PORT" \
    -Dorg.apache.felix.http.host=127.0.0.1 -Drocmon.data="$WORK/data" -Dfelix.fileinstall.dir="$WORK/data/deploy" \
    -Dorg.osgi.framework.storage="$WORK/felix-cache" -Drocmon.security.adminPassword="$ADMIN" \
    -Drocmon.security.nodeToken="$TOKEN" -jar "$ROCMON_JAR" > "$WORK/node.log" 2>&1) &
NODE=$!
trap 'kill "$NODE" 2>/dev/null || true' EXIT
for ((i = 0; i < 300; i++)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/sensor/")" == 200 ]] \
        && grep -q 'at most\|no per-user rate limit' "$WORK/node.log" && break
    sleep 0.2
done
sleep 2 # the rateLimit=0 configuration lands after the first activation
uptime
java "$BENCH/auth/AuthCost.java" "http://127.0.0.1:$PORT" "$ADMIN" "$TOKEN" "${THREADS:-4}" "${DURATION:-10}" \
    | tee "$WORK/auth-cost.txt"
