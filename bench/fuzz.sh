#!/usr/bin/env bash
# Runs one Jazzer fuzz target for a given time with a corpus kept between runs, then prints inputs, inputs/s and
# coverage. The targets live in the test sources of the module whose internals they exercise and run in the test
# suite for a few seconds each (testkit's Fuzzing); this runs the same test with a longer time.
#
#   bench/fuzz.sh TARGET SECONDS [CORPUS_DIR]
#   bench/fuzz.sh list
#
# TARGET: frame, sensor-body, collector-body, frame-codec, occi-json, occi-text, occi-api, nagios.
# CORPUS_DIR defaults to bench/target/fuzz/TARGET/corpus. Knobs (environment): SEED (default 0 = random),
# COVERAGE (default 1: Jazzer's line coverage report of the org.rocmon classes), MVN_OPTS (extra Maven options,
# e.g. -o). The run's log, findings (crash-*, timeout-*), Java reproducers and coverage report are in the module's
# target/fuzz/<TargetClass>/; the summary line also goes to bench/target/fuzz/TARGET/summary.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

target_of() {
  case "$1" in
    frame)          echo "org.rocmon.sensor SensorFuzzTest#collectorFramesParseOrAreJunk FrameFuzzer" ;;
    sensor-body)    echo "org.rocmon.sensor SensorFuzzTest#sensorAndEdgeBodiesParseOrAreRefusedWith4xx SensorBodyFuzzer" ;;
    collector-body) echo "org.rocmon.collector CollectorFuzzTest#collectorBodiesParseOrAreRefusedWith4xx CollectorBodyFuzzer" ;;
    frame-codec)    echo "org.rocmon.collector CollectorFuzzTest#framesEncodeAndAcksDecodeWithoutThrowing FrameCodecFuzzer" ;;
    occi-json)      echo "org.rocmon.occi OcciFuzzTest#jsonRenderingParsesOrIsRefusedWith4xx OcciJsonFuzzer" ;;
    occi-text)      echo "org.rocmon.occi OcciFuzzTest#textRenderingsParseOrAreRefusedWith4xx OcciTextFuzzer" ;;
    occi-api)       echo "org.rocmon.occi OcciFuzzTest#apiAnswersBadRequestsWith4xx OcciApiFuzzer" ;;
    nagios)         echo "org.rocmon.mixins.metric/org.rocmon.mixins.metric.nagios NagiosFuzzTest#pluginOutputAndPerfDataNeverThrow PluginOutputFuzzer" ;;
    *) return 1 ;;
  esac
}

if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  [ "${1:-}" = list ] && exit 0 || exit 2
fi
TARGET="$1"
SECONDS_TO_RUN="$2"
spec="$(target_of "$TARGET")" || { echo "fuzz.sh: unknown target '$TARGET' (bench/fuzz.sh list)" >&2; exit 2; }
read -r MODULE TEST CLASS <<<"$spec"
WORK="$ROOT/bench/target/fuzz/$TARGET"
CORPUS="$(mkdir -p "${3:-$WORK/corpus}" && cd "${3:-$WORK/corpus}" && pwd)"
mkdir -p "$WORK"

cd "$ROOT"
echo "fuzz.sh: $TARGET ($CLASS in $MODULE) for ${SECONDS_TO_RUN} s, corpus $CORPUS ($(ls "$CORPUS" | wc -l) inputs)"
# The reactor builds what the module needs (-am); only the one fuzz test runs.
# shellcheck disable=SC2086
./mvnw -B -q ${MVN_OPTS:-} -pl "$MODULE" -am test -Dtest="$TEST" -Dsurefire.failIfNoSpecifiedTests=false \
  -Drocmon.fuzz.seconds="$SECONDS_TO_RUN" -Drocmon.fuzz.corpus="$CORPUS" -Drocmon.fuzz.seed="${SEED:-0}" \
  -Drocmon.fuzz.coverage="$([ "${COVERAGE:-1}" = 1 ] && echo true || echo false)" | tee "$WORK/maven.log" || status=$?
status="${status:-0}"

OUT="$ROOT/$MODULE/target/fuzz/$CLASS"
summary="$(grep -h "^fuzz $CLASS:" "$WORK/maven.log" | tail -n 1 || true)"
{
  echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $TARGET ${SECONDS_TO_RUN}s: ${summary#fuzz $CLASS: }"
  if [ -f "$OUT/coverage.txt" ]; then
    # Jazzer's report lists "File.java: covered/total (p%)" under "Branch coverage:" and "Line coverage:" for every
    # instrumented class; sum those of the module's own main sources (what the target is meant to reach is a part).
    find "$ROOT/$MODULE/src/main/java" -name '*.java' -printf '%f\n' | sort -u > "$WORK/own-files.txt"
    awk -v mod="$MODULE" '
      NR == FNR { own[$1] = 1; next }
      /^Branch coverage:/ { sec = "b"; next }
      /^Line coverage:/ { sec = "l"; next }
      /^$/ { sec = ""; next }
      sec != "" && ($1 in own) { split($2, a, "/"); c[sec] += a[1]; t[sec] += a[2] }
      END { if (t["l"]) printf "  coverage of %s main classes (all of them, reached or not): lines %d/%d (%.0f%%), branches %d/%d (%.0f%%)\n",
                          mod, c["l"], t["l"], 100*c["l"]/t["l"], c["b"], t["b"], t["b"] ? 100*c["b"]/t["b"] : 0 }
    ' "$WORK/own-files.txt" <(sed 's/^\([A-Za-z0-9_$]*\.java\):/\1/' "$OUT/coverage.txt")
    # The classes the target is about: lines of each file with any line covered.
    awk -v OFS=' ' 'NR == FNR { own[$1] = 1; next } /^Line coverage:/ { on = 1; next } /^$/ { on = 0 }
      on && ($1 in own) { split($2, a, "/"); if (a[1] > 0) printf "    %s %s\n", $1, $2 $3 }' \
      "$WORK/own-files.txt" <(sed 's/^\([A-Za-z0-9_$]*\.java\):/\1/' "$OUT/coverage.txt")
  fi
} | tee -a "$WORK/summary.txt"
echo "fuzz.sh: log, findings and coverage report in $OUT"
exit "$status"
