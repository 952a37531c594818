// build.log holds every invocation of invoker.properties, in order; each starts by scanning for projects
def runs = new File(basedir, "build.log").getText("UTF-8").split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1) as List
assert runs.size() == 3 : "expected 3 Maven runs in build.log, found " + runs.size()
def has = { String log, String what, String run -> assert log.contains(what) : run + ": build.log lacks: " + what + "\n" + log }

def failed = runs[0]
has(failed, "session-guard: 2 new violations in violation", "verify")
has(failed, "SG001 com.acme.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages (JarvisApi.java:9); fix: use Db.getSession() in try-with-resources", "verify")
has(failed, "SG002 com.acme.routes.JarvisApi#whatsUp opens a session with SessionFactory.openSession() that is not closed when the method returns at line 10 (JarvisApi.java:9); fix: use try-with-resources: try (var session = Db.getSession()) { ... }", "verify")
has(failed, "SG001: not frozen, 1 new", "verify")
has(failed, "SG002: not frozen, 1 new", "verify")
has(failed, "session-guard: configuration from " + new File(basedir, "src/test/resources/session-guard.properties"), "verify")
// a violation is a MojoFailureException (Maven names the exception's page), not an error of the build
has(failed, "MAVEN/MojoFailureException", "verify")
assert !failed.contains("MAVEN/MojoExecutionException") : "verify: a violation reported as a configuration error"
// audit ran before check: every format, against no baseline, never creating one
def reports = new File(basedir, "target/session-guard")
["txt", "md", "json", "sarif", "html"].each { assert new File(reports, "session-guard." + it).isFile() : "no session-guard." + it }
def sarif = new groovy.json.JsonSlurper().parse(new File(reports, "session-guard.sarif"))
def results = sarif.runs[0].results
assert results*.ruleId.sort() == ["SG001", "SG002"] : "SARIF results: " + results*.ruleId
assert results.every { it.locations[0].physicalLocation.artifactLocation.uri == "src/main/java/com/acme/routes/JarvisApi.java" }
assert new File(reports, "session-guard.txt").getText("UTF-8").contains("9: SG001 whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages")
assert !new File(basedir, "session-guard-baseline").exists() : "a check created a baseline unasked"
println("verify: failed with SG001 and SG002 in full, the summary per rule, and five reports")

has(runs[1], "session-guard: skipped (sessionguard.skip)", "-Dsessionguard.skip")
has(runs[1], "BUILD SUCCESS", "-Dsessionguard.skip")
assert !runs[1].contains("SG001 com.acme") : "-Dsessionguard.skip: the rules ran"

has(runs[2], "[WARNING] session-guard: 2 new violations in violation", "failOnViolation=false")
has(runs[2], "[WARNING] SG001 com.acme.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages (JarvisApi.java:9); fix: use Db.getSession() in try-with-resources", "failOnViolation=false")
has(runs[2], "BUILD SUCCESS", "failOnViolation=false")
println("skip and failOnViolation=false: the build passes, saying so")
