// Pastes the README's blocks into this project, verbatim: the dependencies, the Surefire plugin, the test class and
// session-guard.properties; and docs/configuration.md's block with every key into src/test/all-keys. A README whose
// blocks cannot be found, or are not the ones this project expects, fails the build here, naming the block.
// basedir is session-guard/target/it/readme: the repository root is four folders up
def root = new File(basedir, "../../../..").canonicalFile
def readme = new File(root, "README.md")
assert readme.isFile() && new File(root, "session-guard/pom.xml").getText("UTF-8").contains("<artifactId>session-guard</artifactId>") :
        "not run from session-guard/target/it: " + root

// what an earlier run left in the clone (a baseline would let the leaking run pass)
["session-guard-baseline", "reports", "src/fixed"].each { new File(basedir, it).deleteDir() }

def blocks = { File file, String lang ->
    def found = []
    def matcher = file.getText("UTF-8") =~ /(?ms)^```${lang}\n(.*?)^```$/
    matcher.each { found << it[1] }
    found
}
def one = { List found, String what ->
    assert found.size() == 1 : "expected one ${what}, found ${found.size()}"
    found[0]
}

def xml = blocks(readme, "xml")
def dependencies = one(xml.findAll { it.contains("<artifactId>session-guard</artifactId>") }, "README xml block with the session-guard dependency")
def surefire = one(xml.findAll { it.contains("<artifactId>maven-surefire-plugin</artifactId>") }, "README xml block with the Surefire plugin")
def testClass = one(blocks(readme, "java").findAll { it.contains("@AnalyzeClasses") }, "README java block with @AnalyzeClasses")
def properties = one(blocks(readme, "properties"), "README properties block")
def allKeys = one(blocks(new File(root, "docs/configuration.md"), "properties"), "properties block in docs/configuration.md")

def pom = new File(basedir, "pom.xml")
def built = (pom.getText("UTF-8") =~ /<built.version>(.*)<\/built.version>/)[0][1]
assert dependencies.contains("<version>" + built + "</version>") : "the README's dependency does not name version " + built + ":\n" + dependencies
pom.setText(pom.getText("UTF-8").replace("<!-- README: dependencies -->", dependencies)
        .replace("<!-- README: plugins -->", surefire), "UTF-8")

def name = (testClass =~ /class (\w+)/)[0][1]
new File(basedir, "src/test/java/" + name + ".java").setText(testClass, "UTF-8")
new File(basedir, "src/test/resources").mkdirs()
new File(basedir, "src/test/resources/session-guard.properties").setText(properties, "UTF-8")
new File(basedir, "src/test/all-keys").mkdirs()
new File(basedir, "src/test/all-keys/session-guard.properties").setText(allKeys, "UTF-8")

// the fixed variant: the same application with the route written as the message's fix says
def fixed = new File(basedir, "src/fixed/java")
def main = new File(basedir, "src/main/java").toPath()
java.nio.file.Files.walk(main).filter { java.nio.file.Files.isRegularFile(it) }.each { source ->
    def target = fixed.toPath().resolve(main.relativize(source))
    java.nio.file.Files.createDirectories(target.parent)
    java.nio.file.Files.copy(source, target)
}
new File(fixed, "com/acme/routes/JarvisApi.java").setText(new File(basedir, "fixed/JarvisApi.java").getText("UTF-8"), "UTF-8")
println("pasted the README's dependencies, Surefire plugin, " + name + " and session-guard.properties, and docs/configuration.md's keys")
return true
