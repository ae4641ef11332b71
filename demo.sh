#!/usr/bin/env bash
# The main job on the embedded default (no server needed).
# Until the core loader lands, this builds the project and lists what was built.
set -euo pipefail
cd "$(dirname "$0")"
mvn -B -q -DskipTests install
echo "Built artifacts:"
for jar in */target/*.jar; do
  case "$jar" in */original-*) continue ;; esac
  printf '  %-60s %10s bytes\n' "$jar" "$(stat -c %s "$jar")"
done
echo "Native test libraries (built with the system C compiler):"
find native-test-libs/target/classes -name '*.so*' -printf '  %p %s bytes\n' 2>/dev/null | sort
