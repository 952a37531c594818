#!/usr/bin/env bash
# Benchmarks of session-guard, each measured as a ratio against a baseline in the same run (the machine is noisy).
#   bench/run.sh rules [ROUNDS]   ArchUnit's bare import of hibernate-core 7.4.15.Final against import + all four rules
#   bench/run.sh audit [ROUNDS]   the same bare import against the CLI's audit of the jar (all rules, text report)
#   bench/run.sh precision        SG002-SG004 on released jars (tuning, retired and unread sets) against verdicts judged by
#                                 reading (bench/precision/truth.tsv, judged/), beside PMD's and SpotBugs' on the same code;
#                                 PRECISION_SET=tuning,retired,retired2,retired3,retired4,retired5,disclosed runs those sets or projects (tuning work never looks at the unread sets);
#                                 PRECISION_VERBOSE=1 also prints what each false or wrong-path report says;
#                                 PRECISION_CLOSER_FAILURES=true measures sessionguard.closerFailures=true on every project
#   bench/run.sh hook [ROUNDS] [N] the pre-commit hook against the stock Checkstyle command line on the 20 staged
#                                 files of a generated 2,000-file repository, N of which add violations (default 2);
#                                 N=0 is a clean commit, also timed against git diff --cached
#   bench/run.sh runtime [ROUNDS] [SUITE_ROUNDS]
#                                 10,000 open/close pairs in a JUnit test without and with @SessionLeakCheck, Hibernate
#                                 sessions and HikariCP connections, each a transaction with an insert and a select:
#                                 against H2 in server mode over TCP on 127.0.0.1 (the target), then in-memory and
#                                 bare (the cost of a stack capture, no target); then the test suites of both examples
#                                 with the check on every test class against off, wall time (SUITE_ROUNDS, default 3)
#   bench/run.sh rewrite [ROUNDS] FixSessions (OpenRewrite) on hibernate-core 7.4.15.Final's sources: parse and recipe
#                                 timed apart, the diffs and the sessions left alone of the last round printed
#   bench/run.sh rewrite-real     FixSessions on the sources of six released libraries that manage connections by hand
# Needs session-guard installed first: mvn -q install -DskipTests -Dinvoker.skip
set -euo pipefail
cd "$(dirname "$0")"
what=${1:-rules}
rounds=${2:-7}
violating=${3:-2}   # hook: how many of the 20 staged files add a violation

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
# SG_CLASSES: a session-guard classes folder measured instead of the installed artifact (a change not installed yet)
cp="${SG_CLASSES:+$SG_CLASSES:}target/classes:$(cat target/cp.txt)"

case "$what" in
  precision)
    # one class path per project, its jar first: each is analysed with its own dependencies, as its build has them
    mkdir -p target/precision
    grep -v '^#' precision/projects.tsv | while IFS=$'\t' read -r project gav _; do
      [ -n "$project" ] || continue
      out=target/precision/$project.cp
      IFS=: read -r g a v <<< "$gav"
      alone="the class path of $gav does not resolve from Maven Central: $project is analysed with its jar alone, as its judges ran it (Maven's answer: $out.log; delete $out to try again)"
      [ -f "$out.alone" ] && echo "precision: $alone" >&2
      [ -s "$out" ] && continue
      pom=target/precision/$project.pom.xml
      printf '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>b</groupId>' > "$pom"
      printf '<artifactId>%s</artifactId><version>1</version><dependencies><dependency><groupId>%s</groupId>' "$project" "$g" >> "$pom"
      printf '<artifactId>%s</artifactId><version>%s</version></dependency></dependencies></project>\n' "$a" "$v" >> "$pom"
      if ! mvn -q -B -f "$pom" dependency:build-classpath -Dmdep.outputFile="$PWD/target/precision/$project.deps" < /dev/null > "$out.log" 2>&1; then
        mvn -q -B dependency:get -Dtransitive=false -Dartifact="$gav" < /dev/null >&2
        echo "precision: $alone" >&2; grep -m1 ERROR "$out.log" >&2 || true
        touch "$out.alone"; echo -n "$HOME/.m2/repository/${g//.//}/$a/$v/$a-$v.jar" > "$out"; continue
      fi
      jar=$(tr ':' '\n' < "target/precision/$project.deps" | grep "/$a-$v.jar$")
      { echo -n "$jar"; tr ':' '\n' < "target/precision/$project.deps" | { grep -v "/$a-$v.jar$" || true; } | sed 's/^/:/' | tr -d '\n'; } > "$out"
    done
    java -Xmx8g -cp "$cp" dev.sessionguard.bench.Precision precision target/precision ${PRECISION_SET:-}
    ;;
  rewrite)
    mvn -q -B -Prewrite compile dependency:build-classpath -Dmdep.outputFile=target/rewrite-cp.txt
    sources=target/hibernate-core-sources
    [ -d "$sources" ] || mvn -q -B dependency:unpack -Dartifact=org.hibernate.orm:hibernate-core:7.4.15.Final:jar:sources \
      -DoutputDirectory="$sources"
    java -Xmx12g -cp "target/classes:$(cat target/rewrite-cp.txt)" dev.sessionguard.bench.rewrite.RecipeOnSources \
      "$sources" "$(cat target/rewrite-cp.txt)" "$rounds" > target/rewrite-run.txt
    grep '^round' target/rewrite-run.txt
    p=$(grep '^round' target/rewrite-run.txt | sed 's/.* parse \([0-9]*\) ms.*/\1/' | median)
    r=$(grep '^round' target/rewrite-run.txt | sed 's/.* recipe \([0-9]*\) ms.*/\1/' | median)
    awk -v p="$p" -v r="$r" 'BEGIN {printf "hibernate-core sources: parse %.0f ms, FixSessions %.0f ms (median); diffs and sessions left alone in bench/target/rewrite-run.txt\n", p, r}'
    ;;
  rewrite-real)
    # released code that manages connections by hand (the precision set), its sources, the presets' defaults
    mvn -q -B -Prewrite,precision compile dependency:build-classpath -Dmdep.outputFile=target/rewrite-real-cp.txt
    for gav in org.quartz-scheduler:quartz:2.3.2 commons-dbutils:commons-dbutils:1.8.1 com.zaxxer:HikariCP:4.0.3 \
               org.apache.commons:commons-dbcp2:2.12.0 org.mybatis:mybatis:3.5.19 org.jdbi:jdbi3-core:3.49.6; do
      dir=target/real-sources/${gav//:/-}
      [ -d "$dir" ] || mvn -q -B dependency:unpack -Dartifact="$gav:jar:sources" -DoutputDirectory="$dir"
    done
    java -Xmx12g -cp "target/classes:$(cat target/rewrite-real-cp.txt)" dev.sessionguard.bench.rewrite.RecipeOnSources \
      target/real-sources "$(cat target/rewrite-real-cp.txt)" 1 > target/rewrite-real-run.txt
    grep '^round' target/rewrite-real-run.txt
    echo "diffs and sessions left alone: bench/target/rewrite-real-run.txt"
    ;;
  runtime)
    mvn -q -B -Pruntime compile dependency:build-classpath -Dmdep.outputFile=target/runtime-cp.txt
    for kind in ${RUNTIME_KINDS:-hibernate-tcp jdbc-tcp hibernate jdbc hibernate-bare jdbc-bare}; do
      # bounded: a -tcp run's H2 server (127.0.0.1 only) stops with its JVM whatever happens
      timeout 1200 java -cp "${SG_CLASSES:+$SG_CLASSES:}target/classes:$(cat target/runtime-cp.txt)" \
        dev.sessionguard.bench.runtime.RuntimeOverhead "$kind" "$rounds" 2>/dev/null | grep ' without ' > "target/runtime-$kind.txt"
      sed 's/^/  /' "target/runtime-$kind.txt"
      w=$(awk '{print $3}' "target/runtime-$kind.txt" | median)
      c=$(awk '{print $5}' "target/runtime-$kind.txt" | median)
      awk -v k="$kind" -v w="$w" -v c="$c" 'BEGIN {printf "%-15s without %.1f ms  with @SessionLeakCheck %.1f ms  ratio %.3f%s\n", k, w, c, c/w, (k ~ /tcp/ ? " (target <= 1.10)" : " (in memory: the cost of a stack capture, no target)")}'
    done
    # the examples' whole test suites (mvn test, compiled once first), off and with the check on every test class
    # through JUnit's extension auto-detection, rounds alternating which goes first; failures do not stop a round
    [ "${RUNTIME_SUITES:-1}" = 1 ] || exit 0
    for example in notifications-service spring-shop; do
      pom=../examples/$example/pom.xml
      mvn -q -B -f "$pom" test-compile > /dev/null
      out=target/runtime-suite-$example.txt
      : > "$out"
      for r in $(seq 1 "${3:-3}"); do
        for mode in $( [ $((r % 2)) = 1 ] && echo "off on" || echo "on off"); do
          flag=$([ "$mode" = on ] && echo "-Djunit.jupiter.extensions.autodetection.enabled=true" || echo "-Dbench.check=off")
          start=$(date +%s%N)
          timeout 1800 mvn -q -B -f "$pom" test -Dmaven.test.failure.ignore=true "$flag" > "target/runtime-suite-$example-$mode.log" 2>&1 || true
          ms=$(( ($(date +%s%N) - start) / 1000000 ))
          failed=$(cat ../examples/$example/target/surefire-reports/*.txt 2>/dev/null | grep -v '^Tests run' | grep -c '<<< FAILURE\|<<< ERROR' || true)
          rm -rf "target/runtime-suite-$example-$mode-$r"
          cp -r "../examples/$example/target/surefire-reports" "target/runtime-suite-$example-$mode-$r"
          echo "round $r: $example check $mode ${ms} ms (${failed} failing tests)"
          echo "$mode $ms" >> "$out"
        done
      done
      f=$(awk '$1=="off"{print $2}' "$out" | median)
      n=$(awk '$1=="on"{print $2}' "$out" | median)
      awk -v e="$example" -v f="$f" -v n="$n" 'BEGIN {printf "%-22s suite off %.0f ms  check on every class %.0f ms  ratio %.3f (target <= 1.05)\n", e, f, n, n/f}'
    done
    ;;
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
    cli=$(ls ../session-guard/target/session-guard-*-cli.jar | head -1)
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
  hook)
    repo=target/hook-repo
    export SESSION_GUARD_CACHE=$PWD/target/hook-cache SESSION_GUARD_CONFIG=$PWD/../config/checkstyle/session-guard.xml
    rm -rf "$repo" && mkdir -p "$repo" && git -C "$repo" init -q
    for i in $(seq 1 2000); do
      pkg=$((i % 40))
      mkdir -p "$repo/src/com/acme/p$pkg"
      {
        printf 'package com.acme.p%d;\n\nimport com.acme.db.Db;\nimport org.hibernate.Session;\n\n' "$pkg"
        printf '/** Generated class %d. */\npublic class C%d {\n' "$i" "$i"
        for m in $(seq 1 12); do
          printf '    public long m%d(String user) {\n        try (Session s = Db.getSession()) {\n' "$m"
          printf '            return s.createSelectionQuery("select count(n) from N n where n.u = :u", Long.class)\n'
          printf '                    .setParameter("u", user).getSingleResult() + %d;\n        }\n    }\n\n' "$m"
        done
        printf '}\n'
      } > "$repo/src/com/acme/p$pkg/C$i.java"
    done
    git -C "$repo" add -A && git -C "$repo" -c user.name=b -c user.email=b@b commit -q -m generated
    # the staged commit: 20 files edited, the first $violating of them adding a violation of both rules
    : > target/staged.txt
    k=0
    for i in $(seq 1 100 2000); do
      f="src/com/acme/p$((i % 40))/C$i.java"
      sed -i 's|^}$|    public int added() { return 42; }\n}|' "$repo/$f"
      if [ "$k" -lt "$violating" ]; then
        sed -i 's|^}$|    public void raw(org.hibernate.SessionFactory f) { f.openSession().clear(); }\n}|' "$repo/$f"
      fi
      k=$((k + 1))
      echo "$f" >> target/staged.txt
    done
    git -C "$repo" add -A
    # the Checkstyle version the hook pins (one source: pom.xml's checkstyle.version, BuildTest checks the hook's)
    checkstyle_version=$(sed -n 's/^CHECKSTYLE_VERSION=//p' ../hooks/pre-commit)
    classpath=$(cat "$SESSION_GUARD_CACHE/checkstyle-$checkstyle_version.classpath" 2>/dev/null || true)
    # warm-up: a scratch commit with a violation makes the hook fetch Checkstyle and write its CDS archive
    scratch=target/hook-scratch
    rm -rf "$scratch" && mkdir -p "$scratch/src" && git -C "$scratch" init -q
    printf 'class W { Object w(javax.sql.DataSource d) throws Exception { return d.getConnection(); } }\n' > "$scratch/src/W.java"
    git -C "$scratch" add -A
    (cd "$scratch" && bash ../../../hooks/pre-commit > /dev/null) || true
    (cd "$repo" && bash ../../../hooks/pre-commit > /dev/null) || true
    classpath=$(cat "$SESSION_GUARD_CACHE/checkstyle-$checkstyle_version.classpath")
    mapfile -t files < target/staged.txt
    out=target/hook-overhead.txt
    : > "$out"
    for r in $(seq 1 "$rounds"); do
      start=$(date +%s%N)
      (cd "$repo" && java -cp "$classpath" com.puppycrawl.tools.checkstyle.Main -c "$SESSION_GUARD_CONFIG" "${files[@]}" > /dev/null) || true
      s=$(( ($(date +%s%N) - start) / 1000000 ))
      start=$(date +%s%N)
      (cd "$repo" && bash ../../../hooks/pre-commit > /dev/null) || true
      h=$(( ($(date +%s%N) - start) / 1000000 ))
      start=$(date +%s%N)
      (cd "$repo" && git diff --cached > /dev/null)
      g=$(( ($(date +%s%N) - start) / 1000000 ))
      echo "round $r: stock checkstyle ${s} ms, hook ${h} ms, git diff --cached ${g} ms"
      echo "$s $h $g" >> "$out"
    done
    s=$(awk '{print $1}' "$out" | median)
    h=$(awk '{print $2}' "$out" | median)
    g=$(awk '{print $3}' "$out" | median)
    awk -v s="$s" -v h="$h" -v n="$violating" 'BEGIN {printf "wall time (%d of 20 files violating)  stock checkstyle %.0f ms  hook %.0f ms  ratio %.3f (target <= 0.5)\n", n, s, h, h/s}'
    # with no violating file no staged line can match: the hook must stay within 0.1 s of git's own diff
    [ "$violating" != 0 ] || awk -v h="$h" -v g="$g" 'BEGIN {printf "clean commit  git diff --cached %.0f ms  hook %.0f ms  difference %.0f ms (target <= 100)\n", g, h, h - g}'
    ;;
  *)
    echo "usage: bench/run.sh rules|audit|hook [ROUNDS]" >&2
    exit 2
    ;;
esac
