#!/usr/bin/env bash
# The judges' wrapper of the seventh holdout (holdout7-brief.md calls it /work/holdout7/sg/sg-run.sh): the jar it runs is
# session-guard/target/session-guard-0.1.0-SNAPSHOT-cli.jar built at 5011be4, copied aside so that later builds could not change it.
# sg-run.sh: run in a project folder (with session-guard.properties, cp.txt and the jar): session-guard 5011be4's
# SG002-SG004 reports, one per line: RULE class#member:line<TAB>message. Warnings go to stderr (sg-warnings.txt too).
set -uo pipefail
[ -f session-guard.properties ] || { echo "write session-guard.properties first" >&2; exit 2; }
jar=$(ls *.jar | grep -v -- '-sources' | head -1)
java -jar /work/holdout7/sg/session-guard-5011be4-cli.jar audit --config session-guard.properties \
  --classpath "$(cat cp.txt)" --format json "$jar" > sg.json 2> sg-warnings.txt
rc=$?; [ $rc -le 1 ] || { cat sg-warnings.txt >&2; echo "session-guard exit $rc" >&2; exit $rc; }
python3 - <<'P' > sg.txt
import json
d = json.load(open("sg.json"))
for v in d["violations"]:
    if v["rule"] in ("SG002", "SG003", "SG004"):
        print(f'{v["rule"]} {v["class"]}#{v["member"]}:{v["line"]}\t{v["message"]}')
for w in d.get("warnings", []):
    print("WARNING\t" + (w if isinstance(w, str) else json.dumps(w)))
P
cat sg.txt; cat sg-warnings.txt >&2
