#!/usr/bin/env bash
# Runs a benchmark program of it/tunnel against freshly built jars and prints its figures.
#   it/tunnel/src/bench/run.sh ThroughputBench [rounds]
#   it/tunnel/src/bench/run.sh MemoryBench
#   it/tunnel/src/bench/run.sh ReconnectBench [rounds]
#   it/tunnel/src/bench/run.sh StreamCostBench [streams] [rounds]   (live heap per open idle stream, both ends)
#   it/tunnel/src/bench/ssh-reverse.sh            (OpenSSH ssh -R baseline, needs openssh-server)
# Benchmarks print, they never assert: the machine may be busy, so repeat and quote medians.
# JAVA=/path/to/bin/java picks the JDK (25 or newer) for the benchmark, orchestrator and agents; by default the
# first one found in JAVA_HOME or /usr/lib/jvm.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl agent/runtime,orchestrator,it/tunnel -am package -DskipTests
fi
v="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
# In one reactor run with test-compile, so sibling modules resolve to their target directories.
./mvnw -B -q -o -pl agent/runtime,orchestrator,it/tunnel -am test-compile dependency:build-classpath -DskipTests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$root/it/tunnel/target/bench.cp" >/dev/null
# Our own modules from this build's target directories, never from ~/.m2.
deps="$(tr ':' '\n' < it/tunnel/target/bench.cp | grep -v '/io/agentkit/' | paste -sd: -)"
cp="it/tunnel/target/test-classes:agent/contract/target/classes:agent/contract/target/test-classes:agent/tunnel/target/classes:agent/runtime/target/classes:orchestrator/target/classes:$deps"
if [[ -z "${JAVA:-}" ]]; then
  for candidate in "${JAVA_HOME:-/nonexistent}/bin/java" /usr/lib/jvm/*/bin/java; do
    if [[ -x "$candidate" ]] && "$candidate" -XshowSettings:properties -version 2>&1 | grep -Eq 'java.specification.version = (2[5-9]|[3-9][0-9])$'; then
      JAVA="$candidate"
      break
    fi
  done
fi
[[ -n "${JAVA:-}" ]] || { echo "run.sh: no JDK 25 or newer found; set JAVA=/path/to/bin/java" >&2; exit 2; }
# AGENT_JVM_ARGS=/path/to/file tries another flag list for the agent (AGENT_JAVA_TOOL_OPTIONS only adds flags:
# the list given with @ overrides them); ORCHESTRATOR_JAVA_TOOL_OPTIONS adds flags to the orchestrator (a profiler,
# -Dagentkit.tunnel.threads=platform for the comparison in docs/agent-performance.md).
# The image runs the agent with MALLOC_ARENA_MAX=2 (image/pom.xml); so do the benchmarks, unless told otherwise.
export AGENT_MALLOC_ARENA_MAX="${AGENT_MALLOC_ARENA_MAX:-2}"
# 10,000 streams need 10,000 descriptors in the agent, the orchestrator and the echo target each.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec "$JAVA" -cp "$cp" \
  -Dagentkit.agent.jar="$root/agent/runtime/target/agent-kit-agent-$v-all.jar" \
  -Dagentkit.agent.jvmArgs="${AGENT_JVM_ARGS:-$root/agent/runtime/src/main/jvm/agent-jvm.args}" \
  -Dagentkit.orchestrator.jar="$root/orchestrator/target/agent-kit-orchestrator-$v-all.jar" \
  -Dagentkit.work="$root/it/tunnel/target/bench-work" \
  "io.agentkit.it.tunnel.bench.$1" "${@:2}"
