#!/usr/bin/env bash
# Runs a benchmark program of it/tunnel against freshly built jars and prints its figures.
#   it/tunnel/src/bench/run.sh ThroughputBench [rounds]
#   it/tunnel/src/bench/run.sh MemoryBench
#   it/tunnel/src/bench/run.sh ReconnectBench [rounds]
#   it/tunnel/src/bench/ssh-reverse.sh            (OpenSSH ssh -R baseline, needs openssh-server)
# Benchmarks print, they never assert: the machine may be busy, so repeat and quote medians.
# JAVA=/path/to/bin/java runs the benchmark, orchestrator and agents on another JDK.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -pl agent,orchestrator,it/tunnel -am package -DskipTests
fi
v="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)"
./mvnw -B -q -pl agent,orchestrator,it/tunnel -am dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$root/it/tunnel/target/bench.cp" >/dev/null
# Our own modules from this build's target directories, never from ~/.m2.
deps="$(tr ':' '\n' < it/tunnel/target/bench.cp | grep -v '/io/agentkit/' | paste -sd: -)"
cp="it/tunnel/target/test-classes:agent/target/classes:agent/target/test-classes:orchestrator/target/classes:$deps"
exec "${JAVA:-java}" -cp "$cp" \
  -Dagentkit.agent.jar="$root/agent/target/agent-kit-agent-$v.jar" \
  -Dagentkit.agent.jvmArgs="$root/agent/src/main/jvm/agent-jvm.args" \
  -Dagentkit.orchestrator.jar="$root/orchestrator/target/agent-kit-orchestrator-$v-all.jar" \
  -Dagentkit.work="$root/it/tunnel/target/bench-work" \
  "io.agentkit.it.tunnel.bench.$1" "${@:2}"
