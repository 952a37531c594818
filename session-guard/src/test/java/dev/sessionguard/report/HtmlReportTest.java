package dev.sessionguard.report;

import dev.sessionguard.testing.SampleAudit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTML report in a real browser: Debian's headless Chromium loads the page, runs its script (sorting a table as
 * the address asks) and hands back the DOM; a screenshot lands in target/html-report.png.
 */
class HtmlReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static AuditReport report;
    private static Path page;

    @TempDir
    static Path dir;

    @BeforeAll
    static void render() throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium is needed (apt-get install chromium; .ci/run installs it)").isExecutable();
        report = SampleAudit.report(dir.resolve("baseline"));
        page = dir.resolve("report.html");
        Files.writeString(page, HtmlReport.render(report), StandardCharsets.UTF_8);
    }

    private static String chromium(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("chromium.log").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static List<String> column(String dom, String table, int col) {
        String body = dom.substring(dom.indexOf("id=\"" + table + "\""));
        body = body.substring(body.indexOf("<tbody>"), body.indexOf("</tbody>"));
        List<String> values = new ArrayList<>();
        Matcher row = Pattern.compile("<tr[^>]*>(.*?)</tr>", Pattern.DOTALL).matcher(body);
        while (row.find()) {
            Matcher cell = Pattern.compile("<td>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
            for (int i = 0; i <= col && cell.find(); i++) {
                if (i == col) {
                    values.add(cell.group(1).replaceAll("<[^>]+>", ""));
                }
            }
        }
        return values;
    }

    @Test
    void the_page_is_self_contained() throws IOException {
        String html = Files.readString(page);
        assertThat(html).doesNotContain("src=\"http", "href=\"http", "<link ", "@import");
    }

    @Test
    void the_browser_sorts_the_violations_by_line_descending() throws Exception {
        String dom = chromium("--dump-dom", page.toUri() + "#sort=violations:line:desc");
        List<Integer> lines = column(dom, "violations", 2).stream().map(Integer::parseInt).toList();
        assertThat(lines).hasSize(report.violations().size());
        assertThat(lines).isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(dom).contains("aria-sort=\"descending\"");
    }

    @Test
    void the_browser_sorts_the_files_by_violations() throws Exception {
        String dom = chromium("--dump-dom", page.toUri() + "#sort=files:violations:asc");
        List<Integer> counts = column(dom, "files", 1).stream().map(Integer::parseInt).toList();
        assertThat(counts).hasSize(report.byFile().size()).isSorted();
        String unsorted = chromium("--dump-dom", page.toUri().toString());
        assertThat(column(unsorted, "files", 0)).isSorted();
    }

    @Test
    void the_bars_show_fixed_against_left_and_a_screenshot_is_taken() throws Exception {
        String dom = chromium("--dump-dom", page.toUri().toString());
        assertThat(dom).contains("data-rule=\"SG001\"").contains("class=\"fixed\" style=\"width:")
                .contains("SG001: 1 of ");
        Path shot = Path.of("target/html-report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium("--screenshot=" + shot, "--window-size=1280,1400", "--hide-scrollbars", page.toUri().toString());
        assertThat(shot).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);
    }
}
