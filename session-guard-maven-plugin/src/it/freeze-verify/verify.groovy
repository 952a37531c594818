// build.log holds every invocation of invoker.properties, in order; each starts by scanning for projects
def runs = new File(basedir, "build.log").getText("UTF-8").split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1) as List
assert runs.size() == 4 : "expected 4 Maven runs in build.log, found " + runs.size()
def has = { String log, String what, String run -> assert log.contains(what) : run + ": build.log lacks: " + what + "\n" + log }

def baseline = new File(basedir, "session-guard-baseline")
has(runs[0], "BUILD SUCCESS", "freeze")
has(runs[0], "session-guard: froze 1 SG001 violations in session-guard-baseline/SG001.txt", "freeze")
has(runs[0], "SG001: 0 of 1 fixed, 1 left, 0 new", "freeze")
has(runs[1], "session-guard: no new violations in freeze-verify", "verify")
has(runs[1], "SG002: 0 of 1 fixed, 1 left, 0 new", "verify")
has(runs[1], "BUILD SUCCESS", "verify")
has(runs[2], "session-guard: 1 entry fixed, can be removed from session-guard-baseline/SG001.txt", "CI")
has(runs[2], "SG001: 1 of 1 fixed, 0 left, 0 new, 1 can be removed from the baseline", "CI")
has(runs[2], "BUILD SUCCESS", "CI")
assert !runs[2].contains("session-guard: removed ") : "CI: the baseline was written"
has(runs[3], "session-guard: removed 1 entry fixed from session-guard-baseline/SG001.txt; SG001: 1 of 1 fixed, 0 left", "fixed")
has(runs[3], "BUILD SUCCESS", "fixed")
def sg001 = new File(baseline, "SG001.txt").getText("UTF-8")
assert sg001.startsWith("# session-guard baseline SG001; frozen 1; ") && sg001.readLines().size() == 1 : "SG001.txt: " + sg001
println("freeze, verify; the fix on CI: removable, nothing written; locally: the baseline shrank to its header")
