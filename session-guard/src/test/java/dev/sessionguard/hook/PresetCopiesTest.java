package dev.sessionguard.hook;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import dev.sessionguard.policy.MethodRef;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.policy.SessionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hook's preset table and the Checkstyle configuration's defaults are copies of {@link Preset}: any difference
 * fails here. The hook's table is read from the script; its defaults are what its own awk program computes (run for
 * real) for a project without {@code session-guard.properties}; the Checkstyle defaults must be exactly those.
 */
class PresetCopiesTest {
    private static final Path HOOK = GitRepo.HOOK;
    private static final Path CONFIG = GitRepo.PROJECT.resolve("config/checkstyle/session-guard.xml");
    private static final Pattern TABLE_ROW = Pattern.compile(
            "row\\(\"([\\w-]+)\", \"([^\"]*)\", \"([^\"]*)\", \"([^\"]*)\"\\)");

    /**
     * The hook's row for a preset: its raw factory types, the names of its source methods and of the methods that hand
     * out a session-bearing result (those matched by name; a mapper's or repository's any-named ones are not),
     * comma-separated.
     */
    private static String row(Preset p) {
        return String.join(",", p.rawFactories()) + " | "
                + p.sessionSources().stream().map(MethodRef::methodName).distinct().collect(Collectors.joining(",")) + " | "
                + p.sessionResults().stream().map(SessionResult::methodName).filter(Objects::nonNull).distinct()
                        .collect(Collectors.joining(","));
    }

    private static Map<String, String> hookTable() throws Exception {
        Map<String, String> table = new LinkedHashMap<>();
        Matcher m = TABLE_ROW.matcher(Files.readString(HOOK));
        while (m.find()) {
            table.put(m.group(1), m.group(2) + " | " + m.group(3) + " | " + m.group(4));
        }
        return table;
    }

    @Test
    void the_hooks_table_holds_every_preset_as_the_rules_define_it() throws Exception {
        Map<String, String> table = hookTable();
        Map<String, String> presets = new LinkedHashMap<>();
        for (Preset p : Preset.values()) {
            presets.put(p.id(), row(p));
        }
        assertThat(table).as("the preset table of hooks/pre-commit").containsAllEntriesOf(presets);
        assertThat(table.keySet()).as("rows of hooks/pre-commit for no preset of the rules")
                .isSubsetOf(presets.keySet());
    }

    @Test
    void the_hooks_default_and_known_presets_are_its_table() throws Exception {
        String hook = Files.readString(HOOK);
        List<String> all = SessionPolicy.defaults().presets().stream().map(Preset::id).toList();
        assertThat(all).containsExactly(Stream.of(Preset.values()).map(Preset::id).toArray(String[]::new));
        // the table is the one list: the defaults, the known names and the error's words are computed from it
        assertThat(hook).contains("v[\"sessionguard.presets\"] : all\n", "!(item in raw)", "unknown preset (known: \" presetNames \")")
                .doesNotContain("(known: hibernate");
        assertThat(hookTable().keySet()).containsAll(all);
    }

    @Test
    void the_hook_knows_the_keys_of_the_library() throws Exception {
        // every key a file may hold: sessionguard.stackTraces is a system property only
        String known = new java.util.TreeSet<>(dev.sessionguard.policy.PolicyConfiguration.KEYS).stream()
                .filter(k -> !k.equals(dev.sessionguard.policy.PolicyConfiguration.STACK_TRACES))
                .collect(Collectors.joining(", "));
        assertThat(Files.readString(HOOK)).contains("unknown key (known: " + known + ")");
    }

    @Test
    void the_checkstyle_defaults_are_what_the_hook_computes_without_properties(@TempDir Path dir) throws Exception {
        Properties hook = hookProperties(dir, Path.of("/dev/null"));
        Map<String, String> defaults = checkstyleDefaults();
        assertThat(defaults).containsOnlyKeys("sessionguard.sg001.format", "sessionguard.sg002.format",
                "sessionguard.sg002.results", "sessionguard.sg002.returned", "sessionguard.sg001.fix", "sessionguard.dbPath");
        for (String key : List.of("sessionguard.sg001.format", "sessionguard.sg002.format", "sessionguard.sg002.results",
                "sessionguard.sg002.returned", "sessionguard.sg001.fix")) {
            assertThat(defaults.get(key)).as(key).isEqualTo(hook.getProperty(key));
        }
        assertThat(hook.getProperty("sessionguard.sg001.fix")).isEqualTo(SessionPolicy.defaults().fixHint());
        Path dbDefault = Files.writeString(dir.resolve("db.properties"),
                "sessionguard.dbPackages=" + SessionPolicy.DEFAULT_DB_PACKAGES + "\n");
        assertThat(defaults.get("sessionguard.dbPath")).as("sessionguard.dbPath")
                .isEqualTo(hookProperties(dir, dbDefault).getProperty("sessionguard.dbPath"));
    }

    @Test
    void checkstyle_alone_with_its_defaults_knows_the_spring_preset(@TempDir Path dir) throws Exception {
        Path source = Files.writeString(dir.resolve("Report.java"), """
                package com.acme.routes;
                class Report {
                    Object a(javax.sql.DataSource ds) { var c = org.springframework.jdbc.datasource.DataSourceUtils.doGetConnection(ds); return null; }
                    Object b(Object f) { var s = org.mybatis.spring.SqlSessionUtils.getSqlSession(null); return null; }
                }
                """);
        List<String> found = checkstyle(source);
        assertThat(found).containsExactly(
                "3 SG001 raw session factory used outside the db packages (fix: open sessions only inside the db packages"
                        + " (..db..) and use them in try-with-resources)",
                "3 SG002", "4 SG002");
    }

    /** The hook's awk program (between {@code <<'AWK'} and {@code AWK}), run on a session-guard.properties. */
    private static Properties hookProperties(Path dir, Path input) throws Exception {
        String script = Files.readString(HOOK);
        int start = script.indexOf("<<'AWK'\n");
        String program = script.substring(script.indexOf('\n', start) + 1, script.indexOf("\nAWK\n", start));
        Path awk = Files.writeString(dir.resolve("hook.awk"), program);
        Process p = new ProcessBuilder("awk", "-v", "candidates=" + dir.resolve("candidates"), "-v", "origin=none",
                "-v", "problem=" + dir.resolve("problem"), "-f", awk.toString(), input.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        Properties props = new Properties();
        props.load(new StringReader(out));
        return props;
    }

    /** {@code key -> default} of every {@code value="${key}"} property of the Checkstyle configuration. */
    private static Map<String, String> checkstyleDefaults() throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        NodeList properties = factory.newDocumentBuilder().parse(CONFIG.toFile()).getElementsByTagName("property");
        Pattern reference = Pattern.compile("\\$\\{([^}]+)}");
        Map<String, String> defaults = new LinkedHashMap<>();
        for (int i = 0; i < properties.getLength(); i++) {
            Element e = (Element) properties.item(i);
            Matcher m = reference.matcher(e.getAttribute("value"));
            if (m.find() && e.hasAttribute("default")) {
                String value = e.getAttribute("value");
                String dflt = e.getAttribute("default");
                if (m.start() == 0 && m.end() == value.length()) {
                    defaults.put(m.group(1), dflt);
                } else {
                    // a message around the property: the default is the message with the property's default in it
                    String before = value.substring(0, m.start());
                    String after = value.substring(m.end());
                    assertThat(dflt).as(m.group(1)).startsWith(before).endsWith(after);
                    defaults.put(m.group(1), dflt.substring(before.length(), dflt.length() - after.length()));
                }
            }
        }
        return defaults;
    }

    /** Checkstyle itself on the configuration with no properties: {@code line id[ message]} per violation. */
    private static List<String> checkstyle(Path source) throws CheckstyleException {
        Checker checker = new Checker();
        checker.setModuleClassLoader(Checker.class.getClassLoader());
        checker.configure(ConfigurationLoader.loadConfiguration(CONFIG.toString(), new PropertiesExpander(new Properties())));
        List<String> found = new ArrayList<>();
        checker.addListener(new AuditListener() {
            @Override
            public void auditStarted(AuditEvent event) {
            }

            @Override
            public void auditFinished(AuditEvent event) {
            }

            @Override
            public void fileStarted(AuditEvent event) {
            }

            @Override
            public void fileFinished(AuditEvent event) {
            }

            @Override
            public void addError(AuditEvent event) {
                found.add(event.getLine() + " " + event.getModuleId()
                        + (event.getModuleId().equals("SG001") ? " " + event.getMessage() : ""));
            }

            @Override
            public void addException(AuditEvent event, Throwable throwable) {
                throw new AssertionError(throwable);
            }
        });
        try {
            checker.process(List.of(source.toFile()));
        } finally {
            checker.destroy();
        }
        return found;
    }
}
