// build.log holds every invocation of invoker.properties, in order; each starts by scanning for projects
def runs = new File(basedir, "build.log").getText("UTF-8").split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1) as List
assert runs.size() == 1 : "expected 1 Maven runs in build.log, found " + runs.size()
def has = { String log, String what, String run -> assert log.contains(what) : run + ": build.log lacks: " + what + "\n" + log }

has(runs[0], "session-guard: no new violations in clean (2 classes)", "verify")
has(runs[0], "SG002: not frozen, 0 new", "verify")
has(runs[0], "BUILD SUCCESS", "verify")
def built = new groovy.xml.XmlSlurper().parse(new File(basedir, "../../../pom.xml")).version.text()
has(runs[0], "--- session-guard-maven-plugin:" + built + ":check (default) @ clean ---", "verify")
assert !new File(basedir, "session-guard-baseline").exists() : "a clean check created a baseline"
println("clean: the README's plugin block passes")
