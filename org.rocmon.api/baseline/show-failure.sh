#!/bin/sh
# Shows the API baseline failing: an exported package changed (SPI 1.3 additions) without its version bump.
set -u
cd "$(dirname "$0")/../.." || exit 2
INFO=org.rocmon.api/src/main/java/org/rocmon/api/mixin/package-info.java
cp "$INFO" "$INFO.orig"
# touch: the restored file must look newer than the class compiled from the edited one.
trap 'mv "$INFO.orig" "$INFO" && touch "$INFO"' EXIT
sed -i 's/@Version("1.3.0")/@Version("1.2.0")/' "$INFO"
if ./mvnw -B -o -q -pl org.rocmon.api verify -Dtest=ApiBaselineTest > /tmp/rocmon-baseline.log 2>&1; then
    echo "UNEXPECTED: the build passed with org.rocmon.api.mixin left at 1.2.0"; exit 1
fi
grep -m1 "org.rocmon.api.mixin: 1.2.0 -> 1.3.0" /tmp/rocmon-baseline.log \
    && echo "OK: the build failed, the baseline names the package and the version it needs" && exit 0
echo "UNEXPECTED: the build failed for another reason (see /tmp/rocmon-baseline.log)"; exit 1
