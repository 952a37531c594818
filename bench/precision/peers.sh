#!/usr/bin/env bash
# peers.sh GAV [DIR]: what the judges of bench/precision read, for one project: a folder DIR/<artifactId> with the jar,
# its unpacked -sources jar, its transitive class path (cp.txt), and the reports of the peers on the same code,
# filtered to connections and sessions: PMD 7.19 CloseResource (pmd.txt) and SpotBugs 4.9.8 with all detectors at
# -effort:max -low, OBL/ODR kept (spotbugs.txt). PMD and SpotBugs come from Maven Central into DIR/tools.
set -uo pipefail
gav=$1; out=$(cd "${2:-.}" && pwd); IFS=: read -r g a v <<< "$gav"
tools=$out/tools
if [ ! -d "$tools/spotbugs-lib" ]; then
  mkdir -p "$tools"
  cat > "$tools/pom.xml" <<'P'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>b</groupId><artifactId>peers</artifactId><version>1</version>
<profiles>
<profile><id>pmd</id><dependencies>
<dependency><groupId>net.sourceforge.pmd</groupId><artifactId>pmd-java</artifactId><version>7.19.0</version></dependency>
<dependency><groupId>net.sourceforge.pmd</groupId><artifactId>pmd-cli</artifactId><version>7.19.0</version></dependency>
</dependencies></profile>
<profile><id>spotbugs</id><dependencies>
<dependency><groupId>com.github.spotbugs</groupId><artifactId>spotbugs</artifactId><version>4.9.8</version></dependency>
</dependencies></profile>
</profiles></project>
P
  mvn -q -B -f "$tools/pom.xml" -Ppmd dependency:copy-dependencies -DoutputDirectory="$tools/pmd-lib"
  mvn -q -B -f "$tools/pom.xml" -Pspotbugs dependency:copy-dependencies -DoutputDirectory="$tools/spotbugs-lib"
fi
d=$out/$a; mkdir -p "$d"; cd "$d"
cat > pom.xml <<P
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>b</groupId><artifactId>v-$a</artifactId><version>1</version>
<dependencies><dependency><groupId>$g</groupId><artifactId>$a</artifactId><version>$v</version></dependency></dependencies></project>
P
mvn -q -B dependency:build-classpath -Dmdep.outputFile=cp-all.txt > mvn.log 2>&1 || echo "classpath failed for $gav" >&2
mvn -q -B dependency:get -Dtransitive=false -Dartifact="$gav:jar:sources" >> mvn.log 2>&1
jar=$(ls ~/.m2/repository/${g//.//}/$a/$v/$a-$v.jar); cp "$jar" .
tr ':' '\n' < cp-all.txt | grep -v "/$a-$v.jar$" | paste -sd: > cp.txt
mkdir -p src && (cd src && unzip -qo ~/.m2/repository/${g//.//}/$a/$v/$a-$v-sources.jar)
java -cp "$tools/pmd-lib/*" net.sourceforge.pmd.cli.PmdCli check -d src -R category/java/errorprone.xml/CloseResource \
  -f text --no-cache --no-progress 2>/dev/null > pmd-all.txt
grep -E 'like this (Connection|[A-Za-z]*Session|EntityManager|Handle) object' pmd-all.txt > pmd.txt
java -Xmx4g -cp "$tools/spotbugs-lib/*" edu.umd.cs.findbugs.FindBugs2 -effort:max -low -auxclasspath "$(cat cp.txt)" \
  "$a-$v.jar" 2>/dev/null > spotbugs-all.txt
grep -E '^[A-Z] [A-Z] (OBL|ODR)' spotbugs-all.txt > spotbugs-obl-odr.txt
grep -E 'Connection|Session|EntityManager|Handle' spotbugs-obl-odr.txt > spotbugs.txt
echo "$gav: pmd $(wc -l < pmd.txt)/$(wc -l < pmd-all.txt), spotbugs $(wc -l < spotbugs.txt)/$(wc -l < spotbugs-obl-odr.txt)/$(wc -l < spotbugs-all.txt)"
