#!/usr/bin/env bash
# Throughput of the sensor's durable acks (issue 15.2) against acks from memory, in one run of one node: runs the
# SensorAckBenchIT integration test (Pax Exam, the real runtime) and prints its BENCH lines. See bench/README.md,
# section "Sensor durable acks". Extra Maven options in MVN_OPTS (e.g. -o for offline).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B ${MVN_OPTS:-} -pl run -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=SensorAckBenchIT >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (nproc $(nproc))"
grep -h "BENCH sensor-acks" run/target/failsafe-reports/*SensorAckBenchIT-output.txt
