// build.log holds every invocation of invoker.properties, in order; each starts by scanning for projects
def runs = new File(basedir, "build.log").getText("UTF-8").split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1) as List
assert runs.size() == 2 : "expected 2 Maven runs in build.log, found " + runs.size()
def has = { String log, String what, String run -> assert log.contains(what) : run + ": build.log lacks: " + what + "\n" + log }

def sg001 = new File(basedir, "session-guard-baseline/SG001.txt")
has(runs[0], "session-guard: froze 1 SG001 violations in session-guard-baseline/SG001.txt", "freeze on CI")
has(runs[1], "session-guard: 1 entry fixed, can be removed from session-guard-baseline/SG001.txt", "CI")
has(runs[1], "SG001: 1 of 1 fixed, 0 left, 0 new, 1 can be removed from the baseline", "CI")
has(runs[1], "BUILD SUCCESS", "CI")
assert sg001.getText("UTF-8").contains("SG001 com.acme.routes.JarvisApi#whatsUp ") : "CI wrote the baseline: " + sg001.text
println("CI: fixed entries reported as removable, nothing written")
