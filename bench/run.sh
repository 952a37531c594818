#!/usr/bin/env bash
# Benchmarks of session-guard, each measured as a ratio against a baseline in the same run (the machine is noisy).
#   bench/run.sh rules [ROUNDS]   ArchUnit's bare import of hibernate-core 7.4.15.Final against import + all four rules
#   bench/run.sh audit [ROUNDS]   the same bare import against the CLI's audit of the jar (all rules, text report)
# Needs session-guard installed first: mvn -q install -DskipTests -Dinvoker.skip
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-rules}
rounds=${2:-7}

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="target/classes:$(cat target/cp.txt)"

case "$what" in
  rules)
    jar=$(tr ':' '\n' < target/cp.txt | grep '/hibernate-core-7.4.15.Final.jar$')
    out=target/rules-overhead.txt
    : > "$out"
    for r in $(seq 1 "$rounds"); do
      for mode in import rules; do
        line=$(java -cp "$cp" dev.sessionguard.bench.RulesOverhead "$mode" "$jar" 2>/dev/null | tail -1)
        echo "round $r: $line"
        echo "$line" >> "$out"
      done
    done
    for col in 2 3 4; do
      i=$(awk -v c=$col '$1=="import"{print $c}' "$out" | median)
      w=$(awk -v c=$col '$1=="rules"{print $c}' "$out" | median)
      name=$([ $col = 2 ] && echo "wall time (ms)" || ([ $col = 3 ] && echo "peak heap (bytes)" || echo "peak RSS (bytes)"))
      awk -v n="$name" -v i="$i" -v w="$w" 'BEGIN {printf "%-18s import %.0f  import+rules %.0f  ratio %.3f (target <= 1.15)\n", n, i, w, w/i}'
    done
    ;;
  audit)
    jar=$(tr ':' '\n' < target/cp.txt | grep '/hibernate-core-7.4.15.Final.jar$')
    deps=$(tr ':' '\n' < target/cp.txt | grep -v '/hibernate-core-7.4.15.Final.jar$' | grep -v '/session-guard-' | paste -sd: -)
    cli=$(ls ../target/session-guard-*-cli.jar | head -1)
    out=target/audit-overhead.txt
    : > "$out"
    for r in $(seq 1 "$rounds"); do
      start=$(date +%s%N)
      java -cp "$cp" dev.sessionguard.bench.RulesOverhead import "$jar" > /dev/null 2>&1
      i=$(( ($(date +%s%N) - start) / 1000000 ))
      start=$(date +%s%N)
      set +e
      java -jar "$cli" audit --classpath "$deps" --format text --output target/audit-report.txt "$jar" 2> target/audit-stderr.txt
      rc=$?
      set -e
      a=$(( ($(date +%s%N) - start) / 1000000 ))
      [ "$rc" -le 1 ] || { cat target/audit-stderr.txt >&2; exit 1; }
      echo "round $r: import ${i} ms, audit ${a} ms (exit $rc)"
      echo "$i $a" >> "$out"
    done
    i=$(awk '{print $1}' "$out" | median)
    a=$(awk '{print $2}' "$out" | median)
    awk -v i="$i" -v a="$a" 'BEGIN {printf "process wall time  import %.0f ms  audit %.0f ms  ratio %.3f (target <= 1.25)\n", i, a, a/i}'
    ;;
  *)
    echo "usage: bench/run.sh rules|audit [ROUNDS]" >&2
    exit 2
    ;;
esac
