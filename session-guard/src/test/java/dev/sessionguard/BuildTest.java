package dev.sessionguard;

import dev.sessionguard.testing.Repository;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's habits, enforced: every version once, in {@code <properties>}; the Checkstyle the hook fetches is the
 * one the library builds with; the enforcer asks for Java 17 and Maven 3.8.
 */
public class BuildTest {
    private static final Path POM = Path.of("pom.xml");
    private static final Path HOOK = Repository.path("hooks/pre-commit");

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile());
    }

    private static String property(Document pom, String name) {
        NodeList found = pom.getDocumentElement().getElementsByTagName(name);
        assertThat(found.getLength()).as("<properties><%s>", name).isEqualTo(1);
        return found.item(0).getTextContent().trim();
    }

    /** The Checkstyle version the hook fetches ({@code CHECKSTYLE_VERSION=} of {@code hooks/pre-commit}). */
    public static String checkstyleVersion() {
        try {
            Matcher m = Pattern.compile("(?m)^CHECKSTYLE_VERSION=(\\S+)$").matcher(Files.readString(HOOK));
            assertThat(m.find()).as("CHECKSTYLE_VERSION= in " + HOOK).isTrue();
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The reactor's pom.xml and every module's. */
    private static List<Path> reactorPoms() throws Exception {
        Path root = Repository.path("pom.xml");
        List<Path> poms = new ArrayList<>(List.of(root));
        NodeList modules = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root.toFile())
                .getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            poms.add(Repository.path(modules.item(i).getTextContent().trim()).resolve("pom.xml"));
        }
        return poms;
    }

    @Test
    void every_dependency_and_plugin_version_is_a_property() throws Exception {
        List<Path> poms = reactorPoms();
        assertThat(poms).as("the reactor holds the library").contains(Repository.path("session-guard/pom.xml"));
        for (Path file : poms) {
            List<String> inline = new ArrayList<>();
            NodeList versions = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile())
                    .getElementsByTagName("version");
            for (int i = 0; i < versions.getLength(); i++) {
                Node version = versions.item(i);
                String owner = version.getParentNode().getNodeName();
                if ((owner.equals("dependency") || owner.equals("plugin")) && !version.getTextContent().trim().matches("\\$\\{[^}]+}")) {
                    Element parent = (Element) version.getParentNode();
                    inline.add(parent.getElementsByTagName("artifactId").item(0).getTextContent() + ":" + version.getTextContent());
                }
            }
            assertThat(inline).as("inline versions in " + Repository.ROOT.relativize(file)).isEmpty();
        }
    }

    @Test
    void the_hook_fetches_the_checkstyle_the_library_is_built_with() throws Exception {
        assertThat(checkstyleVersion()).isEqualTo(property(pom(), "checkstyle.version"));
    }

    @Test
    void the_enforcer_requires_java_17_and_maven_3_8() throws Exception {
        Document pom = pom();
        assertThat(pom.getElementsByTagName("requireJavaVersion").item(0).getTextContent().trim()).isEqualTo("[17,)");
        assertThat(pom.getElementsByTagName("requireMavenVersion").item(0).getTextContent().trim()).isEqualTo("[3.8,)");
    }

    /** A type name qualified by its package outside imports: {@code new java.util.TreeSet<>()}, {@code java.util.Optional<...>}. */
    private static final Pattern QUALIFIED_USE = Pattern.compile("(?<![\\w.])(?:java|javax|org|com)\\.[a-z]\\w*(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");

    @Test
    void main_code_names_types_by_their_imports() throws IOException {
        List<String> qualified = new ArrayList<>();
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                // comments and string literals may name anything
                String code = Files.readString(file).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "")
                        .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
                for (String line : code.split("\n")) {
                    if (line.startsWith("import ") || line.startsWith("package ")) {
                        continue;
                    }
                    Matcher m = QUALIFIED_USE.matcher(line);
                    while (m.find()) {
                        qualified.add(file.getFileName() + ": " + m.group());
                    }
                }
            }
        }
        assertThat(qualified).as("fully-qualified type names in main code (import them)").isEmpty();
    }
}
