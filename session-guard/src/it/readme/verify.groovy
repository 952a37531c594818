// Reads the Surefire reports of each run (reports/<run>) of the README's blocks pasted into this project.
def report(String run) {
    def file = new File(basedir, "reports/" + run + "/TEST-SessionRulesTest.xml")
    assert file.isFile() : run + ": no report of the README's test class (Surefire 2.x runs no JUnit 5/6 test)"
    def xml = new groovy.xml.XmlSlurper().parse(file)
    assert xml.@tests.toInteger() == 4 : run + ": expected the four rules to run, ran " + xml.@tests
    [xml: xml, text: file.getText("UTF-8")]
}
def passed(String run) {
    def r = report(run)
    assert r.xml.@failures.toInteger() == 0 && r.xml.@errors.toInteger() == 0 : run + ": the README's test class failed:\n" + r.text
    r
}

def leak = report("leak")
assert leak.xml.@failures.toInteger() == 2 && leak.xml.@errors.toInteger() == 0 : "leak: expected SG001 and SG002 to fail:\n" + leak.text
assert leak.text.contains("SG001 com.acme.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages (JarvisApi.java:9); fix: use Db.getSession() in try-with-resources") :
        "leak: SG001 message missing:\n" + leak.text
assert leak.text.contains("SG002 com.acme.routes.JarvisApi#whatsUp opens a session with SessionFactory.openSession() that is not closed when the method returns at line 10 (JarvisApi.java:9); fix: use try-with-resources: try (var session = Db.getSession()) { ... }") :
        "leak: SG002 message missing:\n" + leak.text
assert !leak.text.contains("TestSessions") : "leak: the README's test class analysed a test helper, which the audit does not:\n" + leak.text
println("leak: the README's blocks reported SG001 and SG002 at JarvisApi.java:9, and not the test helper")

passed("fixed")
passed("all-keys")
println("fixed: passed with the README's configuration and with docs/configuration.md's every key")

def froze = passed("freeze")
def output = new File(basedir, "reports/freeze/SessionRulesTest-output.txt").getText("UTF-8")
assert output.contains("session-guard: froze 1 SG001 violations in session-guard-baseline/SG001.txt") : "freezing said nothing on stderr: " + output
assert output.contains("session-guard: froze 1 SG002 violations in session-guard-baseline/SG002.txt") : "freezing said nothing on stderr: " + output
assert new File(basedir, "session-guard-baseline/SG001.txt").getText("UTF-8").contains(
        "\nSG001 com.acme.routes.JarvisApi#whatsUp calls org.hibernate.SessionFactory.openSession() outside the db packages\n")
passed("frozen")
println("freeze: the README's command froze SG001 and SG002 out loud; the leaking code then passed against the baseline")
return true
