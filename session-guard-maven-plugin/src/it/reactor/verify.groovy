// build.log holds every invocation of invoker.properties, in order; each starts by scanning for projects
def runs = new File(basedir, "build.log").getText("UTF-8").split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1) as List
assert runs.size() == 2 : "expected 2 Maven runs in build.log, found " + runs.size()
def has = { String log, String what, String run -> assert log.contains(what) : run + ": build.log lacks: " + what + "\n" + log }

def failed = runs[0]
has(failed, "Using the MultiThreadedBuilder implementation with a thread count of 2", "-T 2")
assert !failed.contains("not marked as thread-safe") : "-T 2: Maven warns of goals not marked thread-safe:\n" + failed
def line = failed.readLines().find { it.startsWith("[ERROR] Failed to execute goal ") }
assert line != null && line.contains(" on project app: session-guard: 2 new violations in app") : "-T 2: the failure does not name app:\n" + failed
has(failed, "SG001 com.acme.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages (JarvisApi.java:9); fix: use Db.getSession() in try-with-resources", "-T 2")
has(failed, "session-guard: no new violations in db", "-T 2")

def report = runs[1]
has(report, "BUILD SUCCESS", "report-only")
has(report, "session-guard: skipped util (uses no session API)", "report-only")
has(report, "session-guard: skipped docs (no target/classes)", "report-only")
has(report, "[WARNING] session-guard: 2 new violations in app", "report-only")
has(report, "session-guard: reactor reports of ", "report-only")
// each module judged on its own, with its own configuration; one SARIF and one HTML for the reactor
has(report, "session-guard: configuration from " + new File(basedir, "app/src/test/resources/session-guard.properties"), "report-only")
has(report, "session-guard: configuration from " + new File(basedir, "db/src/test/resources/session-guard.properties"), "report-only")
def reports = new File(basedir, "target/session-guard")
def sarif = new groovy.json.JsonSlurper().parse(new File(reports, "reactor.sarif"))
def uris = sarif.runs[0].results.collect { it.locations[0].physicalLocation.artifactLocation.uri } as Set
assert uris == ["app/src/main/java/com/acme/routes/JarvisApi.java"] as Set : "reactor SARIF URIs: " + uris
def html = new File(reports, "reactor.html").getText("UTF-8")
["app", "db", "util (uses no session API)", "docs (no target/classes)"].each { assert html.contains(it) : "reactor.html lacks " + it }
["app", "db"].each { assert new File(basedir, it + "/target/session-guard/session-guard.sarif").isFile() : it + ": no module report" }
println("reactor: -T 2 fails on app and names it; report-only writes each module's reports and the reactor's")
