#!/usr/bin/env bash
# What the plugin's goals cost a build: the example module's `mvn -o package` with its goals (keys already present)
# against the same build with -Dhumanitec-agent.skip, in interleaved pairs (the order alternates), medians.
#   it/plugin/src/bench/plugin-cost.sh [pairs]        (default 7; ALLOC=1 adds where the heap allocation goes)
# Prints wall, CPU (user+sys) and peak RSS of the whole Maven process for both, and the classes each loaded per
# source. Benchmarks print, they never assert: the machine may be busy, so quote medians with `cat /proc/loadavg`;
# CPU time and class counts are the figures to compare while other work runs.
# The plugin and its modules are installed into a private repository under it/plugin/target (never ~/.m2), which
# falls back read-only on ~/.m2 for third-party artifacts; SKIP_BUILD=1 reuses the previous install.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
cd "$root"
pairs="${1:-7}"
work="$root/it/plugin/target/bench"
repo="$work/repo"
mkdir -p "$work"
repo_opts=(-Dmaven.repo.local="$repo" -Dmaven.repo.local.tail="$HOME/.m2/repository")
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -B -q -o install -DskipTests -Dinvoker.skip -pl maven-plugin -am "${repo_opts[@]}"
fi
# The example project in place (its parent is the root POM); its keys live in example/.humanitec-agent (git-ignored).
# One run with the goals first, so the keys exist and every measured run finds them present.
build() { ./mvnw -B -q -o -f example/pom.xml package "${repo_opts[@]}" "$@"; }
build >/dev/null

# run LABEL ARGS...: one timed build; appends "wall cpu rss_kib" to $work/LABEL.txt
run() {
  local label="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.out" ./mvnw -B -q -o -f example/pom.xml package "${repo_opts[@]}" "$@" >/dev/null
  awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$work/time.out" >> "$work/$label.txt"
}
rm -f "$work/goals.txt" "$work/skip.txt"
for ((i = 1; i <= pairs; i++)); do
  if ((i % 2)); then run goals; run skip -Dhumanitec-agent.skip
  else run skip -Dhumanitec-agent.skip; run goals; fi
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$2" '{ print $c }' "$work/$1.txt" | median; }
# Paired differences: goals minus skip within each pair, then the median of those.
pairdiff() { paste "$work/goals.txt" "$work/skip.txt" | awk -v c="$1" '{ print $c - $(c + 3) }' | median; }
echo "load before/after: see /proc/loadavg; now $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %10s %10s %14s\n' "example, mvn -o package" "wall s" "cpu s" "peak RSS MiB"
printf '%-28s %10s %10s %14.1f\n' "-Dhumanitec-agent.skip" "$(col skip 1)" "$(col skip 2)" "$(echo "$(col skip 3)/1024" | bc -l)"
printf '%-28s %10s %10s %14.1f\n' "goals (keys present)" "$(col goals 1)" "$(col goals 2)" "$(echo "$(col goals 3)/1024" | bc -l)"
printf '%-28s %10s %10s %14.1f\n' "added (median of pairs)" "$(pairdiff 1)" "$(pairdiff 2)" "$(echo "$(pairdiff 3)/1024" | bc -l)"
echo "target: added wall <= 0.6 s, added peak RSS <= 16 MiB; $pairs pairs"

# Classes loaded per source, and what the collector did (one run each, not timed). Peak RSS follows the heap
# pages the build touched: a build that outgrows the young generation the bare build used, or passes the
# metaspace size that triggers a collection (21 MB by default), costs a collection whose survivors land in
# fresh pages.
classes() {
  local label="$1"; shift
  MAVEN_OPTS="${MAVEN_OPTS:-} -Xlog:class+load=info:file=$work/classes-$label.log -Xlog:gc*=info:file=$work/gc-$label.log" build "$@" >/dev/null
  echo "classes loaded, $label: $(grep -c 'source:' "$work/classes-$label.log");" \
    "young collections: $(grep -c '\[gc *\] GC([0-9]*) Pause Young' "$work/gc-$label.log")" \
    "($(grep -c '\[gc *\] GC([0-9]*) Pause Young.*Metadata GC Threshold' "$work/gc-$label.log") for metaspace);" \
    "metaspace used at exit: $(sed -n 's/.*heap,exit.*Metaspace *used \([0-9]*\)K.*/\1/p' "$work/gc-$label.log" | head -1 | awk '{ printf "%.1f MB", $1 / 1024 }')"
}
classes skip -Dhumanitec-agent.skip
classes goals
echo "added classes by source (top 15):"
src() { sed -n 's/.*source: \(.*\)$/\1/p' "$1" | sed -E 's#^(jar:)?file:##; s#!.*##; s#.*/##' | sort | uniq -c; }
join -1 2 -2 2 -a 1 -e 0 -o 0,1.1,2.1 <(src "$work/classes-goals.log" | sort -k2) <(src "$work/classes-skip.log" | sort -k2) \
  | awk '{ d = $2 - $3; if (d) print d, $1 }' | sort -rn | head -15

# ALLOC=1: where the heap allocation goes, from a JFR recording of allocation events per build (small fixed
# TLABs so every sample stands for a few KiB; not timed, JFR itself adds classes). See AllocationBySource.java.
if [[ "${ALLOC:-}" == "1" ]]; then
  for label in skip goals; do
    args=(); [[ "$label" == skip ]] && args=(-Dhumanitec-agent.skip)
    MAVEN_OPTS="${MAVEN_OPTS:-} -XX:TLABSize=32k -XX:-ResizeTLAB -XX:FlightRecorderOptions=stackdepth=128 \
-XX:StartFlightRecording=settings=$root/it/plugin/src/bench/allocation.jfc,filename=$work/alloc-$label.jfr" \
      build "${args[@]}" >/dev/null 2>&1
    echo "heap allocation, $label:"
    java "$root/it/plugin/src/bench/AllocationBySource.java" "$work/alloc-$label.jfr" "$([[ $label == goals ]] && echo 12 || echo 0)"
  done
fi
