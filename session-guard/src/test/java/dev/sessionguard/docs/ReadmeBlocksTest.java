package dev.sessionguard.docs;

import dev.sessionguard.policy.PolicyConfiguration;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's and docs' blocks can be pasted as they are. The consumer build {@code src/it/readme} pastes them into a
 * Hibernate project and runs it (maven-invoker-plugin, after the jar is built); this test catches the same mistakes
 * in {@code mvn test}, without a build.
 */
class ReadmeBlocksTest {
    /** Every {@code session-guard.properties} block: valid as a file, every key known, no end-of-line comment. */
    @Test
    void every_properties_block_is_a_valid_configuration() throws Exception {
        int checked = 0;
        for (Path page : Docs.pages()) {
            for (Docs.Block block : Docs.blocks(Docs.read(page), "properties")) {
                String where = Docs.ROOT.relativize(page) + ": " + block.text().lines().findFirst().orElse("");
                Properties p = new Properties();
                p.load(new StringReader(block.text()));
                assertThat(p).as(where).isNotEmpty();
                p.forEach((k, v) -> {
                    assertThat(PolicyConfiguration.KEYS).as(where).contains(k.toString());
                    assertThat(v.toString()).as(where + ": " + k + " (.properties has no end-of-line comments)")
                            .doesNotContainPattern("\\s[#!]");
                });
                PolicyConfiguration.fromProperties(p, where);
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(2);
    }

    /** docs/configuration.md shows every key this version understands, with a value that works. */
    @Test
    void the_configuration_page_shows_every_key() throws Exception {
        List<Docs.Block> blocks = Docs.blocks(Docs.read(Docs.ROOT.resolve("docs/configuration.md")), "properties");
        assertThat(blocks).hasSize(1);
        Properties p = new Properties();
        p.load(new StringReader(blocks.get(0).text()));
        // every key a file may hold: sessionguard.stackTraces is a system property only (it must hold before the file is read)
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(PolicyConfiguration.KEYS.stream()
                .filter(k -> !k.equals(PolicyConfiguration.STACK_TRACES)).toList());
        String table = Docs.read(Docs.ROOT.resolve("docs/configuration.md"));
        PolicyConfiguration.KEYS.forEach(k -> assertThat(table).contains("| `" + k + "` |"));
    }

    /** What src/it/readme pastes is there, once each, and the test class analyses what the audit analyses. */
    @Test
    void the_readme_has_the_blocks_the_consumer_build_pastes() {
        String readme = Docs.read(Docs.README);
        assertThat(Docs.blocks(readme, "properties")).hasSize(1);
        List<Docs.Block> tests = Docs.blocks(readme, "java").stream().filter(b -> b.text().contains("@AnalyzeClasses")).toList();
        assertThat(tests).hasSize(1);
        assertThat(tests.get(0).text()).contains("importOptions = ImportOption.DoNotIncludeTests.class")
                .contains("ArchTests.in(SessionGuard.class)");
        List<Docs.Block> dependency = Docs.blocks(readme, "xml").stream()
                .filter(b -> b.text().contains("<artifactId>session-guard</artifactId>")).toList();
        assertThat(dependency).hasSize(1);
        assertThat(dependency.get(0).text()).contains("<version>" + Docs.version() + "</version>");
        List<Docs.Block> surefire = Docs.blocks(readme, "xml").stream()
                .filter(b -> b.text().contains("<artifactId>maven-surefire-plugin</artifactId>")).toList();
        assertThat(surefire).hasSize(1);
        assertThat(surefire.get(0).text()).containsPattern("<version>3\\.[0-9.]+</version>");
        assertThat(readme).contains("mvn test -Dsessionguard.baseline.mode=freeze");
        // the plugin's consumer build src/it/clean (session-guard-maven-plugin) pastes this one
        List<Docs.Block> plugin = Docs.blocks(readme, "xml").stream()
                .filter(b -> b.text().contains("<artifactId>session-guard-maven-plugin</artifactId>")).toList();
        assertThat(plugin).hasSize(1);
        assertThat(plugin.get(0).text()).contains("<version>" + Docs.version() + "</version>", "<goal>check</goal>");
        assertThat(readme).contains("](docs/maven-plugin.md)");
    }

    /** Every annotation the README shows, in a block or in running text, comes with its import. */
    @Test
    void every_annotation_the_readme_shows_is_imported() {
        String readme = Docs.read(Docs.README);
        Set<String> shown = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])@([A-Z]\\w*)").matcher(readme);
        while (m.find()) {
            shown.add(m.group(1));
        }
        assertThat(shown).contains("AnalyzeClasses", "ArchTest", "SessionLeakCheck");
        for (String annotation : shown) {
            assertThat(readme).as("@" + annotation + " needs its import").containsPattern("import [\\w.]+\\." + annotation + ";");
        }
    }
}
