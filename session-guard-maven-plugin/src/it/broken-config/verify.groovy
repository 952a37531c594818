// build.log holds every invocation of invoker.properties, in order; each starts by scanning for projects
def runs = new File(basedir, "build.log").getText("UTF-8").split(/(?m)^\[INFO\] Scanning for projects\.\.\.$/).drop(1) as List
assert runs.size() == 3 : "expected 3 Maven runs in build.log, found " + runs.size()
def has = { String log, String what, String run -> assert log.contains(what) : run + ": build.log lacks: " + what + "\n" + log }

def file = new File(basedir, "src/test/resources/session-guard.properties")
def pom = new File(basedir, "pom.xml")
def errors = [
    ["unknown key", "session-guard: " + file + ": sessionguard.dbPackage=com.acme.db..: unknown key (known: "],
    ["<properties>", "session-guard: " + pom + " <configuration><properties>: sessionguard.presets=hibernat: "],
    ["-D", "session-guard: -Dsessionguard.baseline.mode: sessionguard.baseline.mode=sometimes: unknown mode (known: auto, verify, freeze)"],
]
errors.eachWithIndex { e, i ->
    def log = runs[i]
    // the one line, as Maven ends the build with it
    def line = log.readLines().find { it.startsWith("[ERROR] Failed to execute goal ") }
    assert line != null && line.contains(e[1]) : e[0] + ": the error line lacks " + e[1] + ":\n" + log
    has(log, "MAVEN/MojoExecutionException", e[0])
    assert !log.contains("MAVEN/MojoFailureException") : e[0] + ": a bad configuration reported as a violation"
}
println("bad configuration: one line naming the file, the <properties>, the -D key")
