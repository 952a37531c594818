package dev.sessionguard.docs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README stays a front page, and every relative link of it and of docs/ lands on a file of the repository. */
class DocLinksTest {
    static final String AUDIT_COMMAND = "mvn -q -B install -DskipTests -Dinvoker.skip"
            + " && mvn -q -B -f examples/notifications-service/pom.xml compile"
            + " && java -jar session-guard/target/session-guard-" + Docs.version() + "-cli.jar audit examples/notifications-service";
    static final String TEST_COMMAND = "./test.sh";

    @Test
    void the_readme_is_at_most_8_KB() throws Exception {
        assertThat(Files.size(Docs.README)).isLessThanOrEqualTo(8192);
    }

    /** CI and users on a fresh machine run exactly these two lines. */
    @Test
    void the_quick_start_keeps_its_two_commands() {
        String readme = Docs.read(Docs.README);
        int start = readme.indexOf("\n## Quick start\n");
        assertThat(start).as("a '## Quick start' section").isGreaterThan(0);
        String section = readme.substring(start + 1, readme.indexOf("\n## ", start + 1));
        List<Docs.Block> sh = Docs.blocks(section, "sh");
        assertThat(sh).hasSize(1);
        List<String> commands = sh.get(0).text().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(commands).containsExactly(AUDIT_COMMAND, TEST_COMMAND);
        assertThat(Docs.read(Docs.ROOT.resolve(".ci/run"))).contains("\n" + TEST_COMMAND + "\n");
    }

    @Test
    void every_relative_link_resolves_inside_the_repository() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path page : Docs.pages()) {
            for (String link : Docs.links(Docs.read(page))) {
                if (link.matches("^[a-z][a-z+.-]*:.*")) {
                    continue; // https:, mailto:
                }
                checked++;
                String where = Docs.ROOT.relativize(page) + ": " + link;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!target.startsWith(Docs.ROOT) || !Files.exists(target)) {
                    broken.add(where + " (no such file in the repository)");
                } else if (hash >= 0 && !(Files.isRegularFile(target) && target.toString().endsWith(".md")
                        && Docs.anchors(Docs.read(target)).contains(link.substring(hash + 1)))) {
                    broken.add(where + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("relative links checked").isGreaterThan(50);
        assertThat(broken).isEmpty();
    }

    @Test
    void the_docs_name_nothing_outside_the_repository() {
        for (Path page : Docs.pages()) {
            assertThat(Docs.read(page)).as(Docs.ROOT.relativize(page).toString())
                    .doesNotContain("DESIGN.md").doesNotContain("/work/shared").doesNotContain("kept beside the repository");
        }
    }

    /** Every rule has its page under docs/rules/, and the README's table links to it. */
    @Test
    void every_rule_has_its_page() {
        String readme = Docs.read(Docs.README);
        for (dev.sessionguard.rules.SessionRule rule : dev.sessionguard.rules.SessionRule.values()) {
            String page = "docs/rules/" + rule.id() + "-" + rule.ruleName() + ".md";
            assertThat(Docs.ROOT.resolve(page)).isRegularFile();
            assertThat(Docs.read(Docs.ROOT.resolve(page))).startsWith("# " + rule.id() + " " + rule.ruleName() + "\n")
                    .contains("`" + rule.description() + "`");
            assertThat(readme).contains("| [" + rule.id() + "](" + page + ") | " + rule.ruleName() + " |");
        }
    }
}
