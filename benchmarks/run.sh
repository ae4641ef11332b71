#!/usr/bin/env bash
# The benchmarks of issue 7, in one command, from the project folder:
#
#   benchmarks/run.sh               the recorded run: writes benchmarks/results/{RESULTS.md,
#                                   chart.png,samples.csv}; about 7 minutes on 2 cores
#   benchmarks/run.sh --quick       small fixtures, few rounds, no JMH, results in
#                                   benchmarks/target/quick-results: tries the harness in ~1.5 min
#   benchmarks/run.sh --skip-jmh    the whole-process benchmarks only
#   benchmarks/run.sh --no-build    do not rebuild the benchmarks module first
#   benchmarks/run.sh --only 1c,2p  only these sections (1, 1b, 1c, 1i, 2, 2l, 2p, 3, 4, 5, 6); results in
#                                   benchmarks/target/only-results unless --results is given
#   benchmarks/run.sh --rounds 2    multiply every benchmark's rounds
#   benchmarks/run.sh --results DIR write the results there
#   benchmarks/run.sh --compare-loaders before=JAR,...
#                                   sections 1, 1c and 2p also pull / load with these loader jars,
#                                   in the same rounds
#   benchmarks/run.sh --compare-agents before=JAR,...
#                                   section 3 also starts these agent jars, in the same rounds (with
#                                   the loader jar of the same name, if --compare-loaders has one)
#
# MAVEN_REPO_LOCAL, when set, is the local Maven repository the build uses (-Dmaven.repo.local).
#
# What it needs: JDK 25 (from Maven's toolchains, or a /usr/lib/jvm/*25* folder, or JAVA25_HOME),
# Maven with the loader, native-test-libs and test-support installed in the local repository
# (see benchmarks/README.md), and docker-registry, skopeo, curl, sha256sum and tar on PATH
# (apt-get install -y docker-registry skopeo curl). Nothing is downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"

command_line="benchmarks/run.sh${*:+ $*}"
quick=false
build=true
only=""
rounds=""
results=""
harness_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=true ;;
    --no-build) build=false ;;
    --skip-jmh) harness_args+=(--skip-jmh) ;;
    --only) only="${2:?--only needs a list of sections}"; shift ;;
    --rounds) rounds="${2:?--rounds needs a factor}"; shift ;;
    --results) results="${2:?--results needs a folder}"; shift ;;
    --compare-loaders|--compare-agents)
      harness_args+=("$1" "${2:?$1 needs NAME=JAR,...}")
      # the results name the loaders, never the paths of this machine's jars
      command_line="${command_line/"$2"/$(printf '%s' "$2" | sed -E 's/=[^,]*/=…/g')}"
      shift ;;
    *) echo "unknown option: $1 (see the top of $0)" >&2; exit 2 ;;
  esac
  shift
done
maven_repo=()
[ -n "${MAVEN_REPO_LOCAL:-}" ] && maven_repo=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")

# A JDK whose java reports feature version 25 or later.
is_jdk25() {
  local home="$1" version
  [ -x "$home/bin/java" ] || return 1
  version="$("$home/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = //p')"
  [ -n "$version" ] && [ "${version%%.*}" -ge 25 ]
}

find_jdk25() {
  local candidate file
  if [ -n "${JAVA25_HOME:-}" ] && is_jdk25 "$JAVA25_HOME"; then echo "$JAVA25_HOME"; return; fi
  # Maven's toolchains: the user's file, then what select-jdk-toolchain discovered.
  for file in "$HOME/.m2/toolchains.xml" "$HOME/.m2/discovered-jdk-toolchains-cache.xml"; do
    [ -f "$file" ] || continue
    for candidate in $(sed -n 's:.*<jdkHome>\(.*\)</jdkHome>.*:\1:p' "$file"); do
      if is_jdk25 "$candidate"; then echo "$candidate"; return; fi
    done
  done
  for candidate in /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if is_jdk25 "$candidate"; then echo "$candidate"; return; fi
  done
  if command -v java >/dev/null; then
    candidate="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    if is_jdk25 "$candidate"; then echo "$candidate"; return; fi
  fi
  return 1
}

jdk="$(find_jdk25)" || {
  echo "no JDK 25 found: set JAVA25_HOME, or install one under /usr/lib/jvm" >&2
  exit 1
}

for tool in docker-registry skopeo curl sha256sum tar; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: apt-get update && apt-get install -y docker-registry skopeo curl" >&2
    exit 1
  }
done

if $build; then
  echo "[run.sh] building the benchmarks module (mvn -o -pl benchmarks package)"
  mvn -B -o -q "${maven_repo[@]}" -pl benchmarks package -DskipTests || {
    echo "build failed; install the modules it needs first:" >&2
    echo "  mvn -B -o -q install -DskipTests -pl native-test-libs,test-support,loader" >&2
    exit 1
  }
fi
[ -f benchmarks/target/benchmarks.jar ] && [ -f benchmarks/target/probe-classpath.txt ] \
  && [ -f benchmarks/target/peer-classpath.txt ] || {
  echo "benchmarks/target is not built: run without --no-build" >&2
  exit 1
}

if $quick; then
  [ -n "$results" ] || results=benchmarks/target/quick-results
  harness_args+=(--skip-jmh --rounds "${rounds:-0.3}" --fixture-scale 0.125)
else
  [ -n "$rounds" ] && harness_args+=(--rounds "$rounds")
  if [ -z "$results" ]; then
    if [ -n "$only" ]; then results=benchmarks/target/only-results; else results=benchmarks/results; fi
  fi
fi
[ -n "$only" ] && harness_args+=(--only "$only")
exec "$jdk/bin/java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED \
  -cp benchmarks/target/benchmarks.jar dev.ocipkg.benchmarks.harness.BenchmarkRun \
  --repository-root "$root" \
  --results "$results" \
  --work benchmarks/target/bench-work \
  --probe-classpath "benchmarks/target/classes:$(cat benchmarks/target/probe-classpath.txt)" \
  --peer-classpath "$(cat benchmarks/target/peer-classpath.txt)" \
  --command "$command_line" \
  "${harness_args[@]}"
