// Reads the surefire reports of both engines: the clean rule set ran and passed, the legacy one reported SG001 and SG002.
def check(String engine, String platformJar) {
    def reports = new File(basedir, "target/reports-" + engine)
    def clean = new File(reports, "TEST-com.acme.CleanSessionRulesTest.xml")
    def legacy = new File(reports, "TEST-com.acme.LegacySessionRulesTest.xml")
    assert clean.isFile() : engine + ": no report of the clean run"
    assert legacy.isFile() : engine + ": no report of the legacy run"
    def cleanXml = new groovy.xml.XmlSlurper().parse(clean)
    assert cleanXml.@tests.toInteger() >= 1 : engine + ": the clean run executed no rule"
    assert cleanXml.@failures.toInteger() == 0 && cleanXml.@errors.toInteger() == 0 : engine + ": the clean run failed"
    def legacyText = legacy.getText("UTF-8")
    def legacyXml = new groovy.xml.XmlSlurper().parse(legacy)
    assert legacyXml.@failures.toInteger() == 2 : engine + ": expected SG001 and SG002 to fail in the legacy run"
    assert legacyText.contains("SG001 com.acme.legacy.JarvisApi#whatsUp calls javax.sql.DataSource.getConnection() outside the db packages (JarvisApi.java:9); fix: use Db.getConnection() in try-with-resources") : engine + ": SG001 message missing"
    assert legacyText.contains("SG002 com.acme.legacy.JarvisApi#whatsUp opens a session with DataSource.getConnection() that is not closed when the method returns at line 10 (JarvisApi.java:9)") : engine + ": SG002 message missing"
    assert legacyText.contains(platformJar) : engine + ": not run on " + platformJar
    println(engine + ": clean passed, legacy reported SG001 and SG002 at JarvisApi.java:9")
}
// The baseline: frozen with a line per rule on stderr (no SLF4J provider here), kept whole by the narrow run.
def passed(String engine, String test) {
    def xml = new groovy.xml.XmlSlurper().parse(new File(basedir, "target/reports-" + engine + "/TEST-com.acme." + test + ".xml"))
    assert xml.@tests.toInteger() >= 1 && xml.@failures.toInteger() == 0 && xml.@errors.toInteger() == 0 : engine + ": " + test + " did not pass"
}
def output = new File(basedir, "target/reports-freeze/com.acme.LegacySessionRulesTest-output.txt").getText("UTF-8")
assert output.contains("session-guard: froze 1 SG001 violations in session-guard-baseline/SG001.txt") : "freezing said nothing: " + output
assert output.contains("session-guard: froze 1 SG002 violations in session-guard-baseline/SG002.txt") : "freezing said nothing: " + output
passed("freeze", "LegacySessionRulesTest")
passed("narrow", "CleanSessionRulesTest")
passed("frozen", "LegacySessionRulesTest")
def sg001 = new File(basedir, "session-guard-baseline/SG001.txt").getText("UTF-8")
assert sg001.startsWith("# session-guard baseline SG001; frozen 1; ") : sg001
assert sg001.contains("\nSG001 com.acme.legacy.JarvisApi#whatsUp calls javax.sql.DataSource.getConnection() outside the db packages\n") :
        "the narrow run removed an entry of a class it never imported: " + sg001
assert new File(basedir, "session-guard-baseline/SG002.txt").getText("UTF-8").contains("SG002 com.acme.legacy.JarvisApi#whatsUp ")
assert new File(basedir, "session-guard-baseline/.gitattributes").getText("UTF-8") == "*.txt text eol=lf\n"
println("baseline: froze SG001 and SG002 out loud, the narrow run kept them, the legacy run passed against them")

check("junit5", "archunit-junit5-engine")
check("junit5", "junit-platform-engine-1.")
check("junit6", "archunit-junit6-engine")
check("junit6", "junit-platform-engine-6.")
return true
