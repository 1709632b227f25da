# Sourced by bench/run.sh and bench/multinode.sh (needs ROOT, BENCH, ROCMON_JAR, SKIP_BUILD and a log function).
#
# bench/ is a standalone Maven project that depends on this clone's Rocmon artifacts through the local repository,
# so both builds run every time: the root install puts this clone's org.rocmon artifacts there (an earlier build's
# would otherwise be used), then the bench project builds against them. SKIP_BUILD=1 skips both and only checks
# that what the run needs is there.
bench_build() {
    local count_jar
    if [[ "$SKIP_BUILD" != 1 ]]; then
        log "building the runtime (root project: ./mvnw -B -q -DskipTests install)"
        (cd "$ROOT" && ./mvnw -B -q -DskipTests install)
        log "building the bench project (./mvnw -B -q -f bench/pom.xml install)"
        (cd "$ROOT" && ./mvnw -B -q -f bench/pom.xml install)
    fi
    count_jar="$(ls "$BENCH"/counting-publisher/target/org.rocmon.bench.count-*.jar 2>/dev/null | head -1 || true)"
    local missing=()
    [[ -f "$ROCMON_JAR" ]] || missing+=("$ROCMON_JAR")
    [[ -f "$BENCH/load-client/target/load-client.jar" ]] || missing+=("bench/load-client/target/load-client.jar")
    [[ -f "$BENCH/bare-server/target/bare-server.jar" ]] || missing+=("bench/bare-server/target/bare-server.jar")
    [[ -n "$count_jar" ]] || missing+=("bench/counting-publisher/target/org.rocmon.bench.count-*.jar")
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "missing: ${missing[*]}; run without SKIP_BUILD=1 once to build them"
        exit 1
    fi
}
