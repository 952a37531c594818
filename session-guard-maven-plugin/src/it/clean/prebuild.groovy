// Pastes the README's <plugin> block into this project, verbatim. basedir is
// session-guard-maven-plugin/target/it/clean: the repository root is four folders up.
def readme = new File(basedir, "../../../../README.md").canonicalFile
assert readme.isFile() : "not run from session-guard-maven-plugin/target/it: " + readme
def blocks = []
(readme.getText("UTF-8") =~ /(?ms)^```xml\n(.*?)^```$/).each { blocks << it[1] }
def plugin = blocks.findAll { it.contains("<artifactId>session-guard-maven-plugin</artifactId>") }
assert plugin.size() == 1 : "expected one README xml block with the plugin, found " + plugin.size()
def built = new groovy.xml.XmlSlurper().parse(new File(basedir, "../../../pom.xml")).version.text()
assert plugin[0].contains("<version>" + built + "</version>") : "the README's plugin block names another version than " + built
def pom = new File(basedir, "pom.xml")
def text = pom.getText("UTF-8")
if (text.contains("<!-- README: plugin -->")) {
    pom.setText(text.replace("<!-- README: plugin -->", plugin[0].trim()), "UTF-8")
}
new File(basedir, "target").deleteDir()
// a pre-build script that does not return true skips the build
true
