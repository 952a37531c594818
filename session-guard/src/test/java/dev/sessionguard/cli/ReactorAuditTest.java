package dev.sessionguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-module reactor (one module nested in an aggregator, one with its own configuration, one clean) plus a module
 * never built: audited and frozen from its root, each module with its configuration and baseline.
 */
class ReactorAuditTest {
    private static final String POM = "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
            + "<groupId>com.acme</groupId><artifactId>%s</artifactId><version>1</version>%s</project>\n";

    @TempDir
    Path root;

    private static CliRun run(String... args) {
        return CliRun.run(args);
    }

    private void pom(String module, String artifact, String... modules) throws IOException {
        StringBuilder m = new StringBuilder();
        if (modules.length > 0) {
            m.append("<packaging>pom</packaging><modules>");
            for (String name : modules) {
                m.append("<module>").append(name).append("</module>");
            }
            m.append("</modules>");
        }
        Path dir = Files.createDirectories(root.resolve(module));
        Files.writeString(dir.resolve("pom.xml"), String.format(POM, artifact, m));
    }

    /** Writes the sources under the module's src/main/java and compiles them into its target/classes. */
    private void module(String module, Map<String, String> sources) throws IOException {
        pom(module, module.replace('/', '-'));
        Path dir = root.resolve(module);
        Path classes = Files.createDirectories(dir.resolve("target/classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-g"));
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = dir.resolve("src/main/java").resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            args.add(file.toString());
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, err, args.toArray(String[]::new)))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @BeforeEach
    void reactor() throws IOException {
        pom("", "root", "app", "services", "clean", "docs");
        pom("services", "services", "billing");
        pom("docs", "docs");
        Files.createDirectories(root.resolve("src/test/resources"));
        Files.writeString(root.resolve("src/test/resources/session-guard.properties"),
                "sessionguard.presets=jdbc\nsessionguard.dbPackages=..db..\n");
        module("app", Map.of("com/acme/app/Routes.java", """
                package com.acme.app;

                import java.sql.Connection;
                import javax.sql.DataSource;

                public class Routes {
                    public int count(DataSource data) throws Exception {
                        Connection c = data.getConnection();
                        return c.getTransactionIsolation();
                    }
                }
                """));
        module("services/billing", Map.of("com/acme/billing/store/Store.java", """
                package com.acme.billing.store;

                import java.sql.Connection;
                import javax.sql.DataSource;

                public class Store {
                    private final DataSource data;

                    public Store(DataSource data) {
                        this.data = data;
                    }

                    public Connection open() throws Exception {
                        return data.getConnection();
                    }
                }
                """, "com/acme/billing/Invoices.java", """
                package com.acme.billing;

                import com.acme.billing.store.Store;

                public class Invoices {
                    public boolean due(Store store) throws Exception {
                        return store.open().isReadOnly();
                    }
                }
                """));
        Path billingConfig = Files.createDirectories(root.resolve("services/billing/src/test/resources"));
        Files.writeString(billingConfig.resolve("session-guard.properties"),
                "sessionguard.presets=jdbc\nsessionguard.dbPackages=com.acme.billing.store..\n");
        module("clean", Map.of("com/acme/clean/db/Reports.java", """
                package com.acme.clean.db;

                import java.sql.Connection;
                import javax.sql.DataSource;

                public class Reports {
                    public int count(DataSource data) throws Exception {
                        try (Connection c = data.getConnection()) {
                            return c.getTransactionIsolation();
                        }
                    }
                }
                """));
    }

    @Test
    void the_audit_of_a_reactor_root_reports_every_built_module_and_the_totals() throws IOException {
        CliRun r = run("audit", root.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).startsWith("session-guard audit of reactor " + root + " (3 modules, 4 classes)\n"
                        + "skipped: services (no target/classes), docs (no target/classes)\n")
                .contains("\n== module app ==\n", "\n== module services/billing ==\n", "\n== module clean ==\n")
                .contains("com/acme/app/Routes.java (2)", "com/acme/billing/Invoices.java (1)")
                .contains("SG001  raw-factory-outside-db                 1     1       0\n"
                        + "SG002  session-leak                           2     2       0\n")
                .endsWith("3 new violations\n")
                // billing's own db package: its Store may use the DataSource
                .doesNotContain("Store.java");
        assertThat(r.err()).contains("session-guard: app: configuration from " + root.resolve("src/test/resources/session-guard.properties"),
                "session-guard: services/billing: configuration from "
                        + root.resolve("services/billing/src/test/resources/session-guard.properties"));
    }

    @Test
    void sarif_uris_are_relative_to_the_reactor_root_and_json_names_each_violations_module(@TempDir Path out) throws IOException {
        Path sarif = out.resolve("audit.sarif");
        assertThat(run("audit", "--format", "sarif", "--output", sarif.toString(), root.toString()).exit()).isEqualTo(1);
        String report = Files.readString(sarif);
        assertThat(report).contains("\"uri\": \"app/src/main/java/com/acme/app/Routes.java\"",
                "\"uri\": \"services/billing/src/main/java/com/acme/billing/Invoices.java\"");
        assertThat(Stream.of("app/src/main/java/com/acme/app/Routes.java",
                "services/billing/src/main/java/com/acme/billing/Invoices.java")).allMatch(p -> Files.isRegularFile(root.resolve(p)));
        assertThat(report.split("\"runs\"")).hasSize(2);

        CliRun json = run("audit", "--format", "json", root.toString());
        assertThat(json.out()).contains("\"module\": \"services/billing\"", "\"module\": \"app\"",
                "\"skipped\": [\n    \"services (no target/classes)\",\n    \"docs (no target/classes)\"\n  ]");
        assertThat(run("audit", "--format", "markdown", root.toString()).out()).contains("### Module `services/billing`");
        assertThat(run("audit", "--format", "html", root.toString()).out()).contains("id=\"module-services/billing\"");
    }

    @Test
    void the_baseline_of_a_reactor_is_one_folder_per_module() throws IOException {
        CliRun write = run("baseline", "--write", root.toString());
        assertThat(write.exit()).as(write.err()).isZero();
        assertThat(root.resolve("app/session-guard-baseline/SG001.txt")).exists();
        assertThat(root.resolve("app/session-guard-baseline/SG002.txt")).exists();
        assertThat(Files.readString(root.resolve("services/billing/session-guard-baseline/SG002.txt")))
                .contains("com.acme.billing.Invoices#due");
        assertThat(root.resolve("services/billing/session-guard-baseline/SG001.txt")).doesNotExist();
        assertThat(root.resolve("clean/session-guard-baseline/SG001.txt")).doesNotExist();
        assertThat(root.resolve("session-guard-baseline")).doesNotExist();

        CliRun audit = run("audit", root.toString());
        assertThat(audit.exit()).as(audit.out()).isZero();
        assertThat(audit.out()).endsWith("nothing new\n");
        CliRun show = run("baseline", root.toString());
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("session-guard baseline " + root.resolve("app/session-guard-baseline"),
                "  SG002: 0 of 1 fixed, 1 left, 0 new");
    }

    @Test
    void bad_reactors_exit_2_naming_the_culprit() throws IOException {
        assertThat(run("audit", "--baseline", root.resolve("b").toString(), root.toString())).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("session-guard: --baseline " + root.resolve("b") + ": a reactor keeps one baseline per module");
        });

        Path billing = root.resolve("services/billing/src/test/resources/session-guard.properties");
        Files.writeString(billing, "sessionguard.dbPackage=..store..\n");
        assertThat(run("audit", root.toString())).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).startsWith("session-guard: ").contains(billing.toString(), "sessionguard.dbPackage");
            assertThat(r.err().lines()).filteredOn(l -> !l.contains("configuration from")).hasSize(1);
        });

        pom("", "root", "app", "services", "clean", "docs", "reports");
        assertThat(run("audit", root.toString())).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("session-guard: " + root.resolve("pom.xml") + ": <module>reports</module>: no such module ("
                    + root.resolve("reports") + " does not exist)\n");
        });

        pom("", "root", "docs", "services");
        Files.delete(root.resolve("services/billing/target/classes/com/acme/billing/Invoices.class"));
        try (Stream<Path> files = Files.walk(root.resolve("services/billing/target"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
        assertThat(run("audit", root.toString())).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).isEqualTo("session-guard: " + root + ": a Maven reactor whose modules have no target/classes"
                    + " (docs, services, services/billing): build it first: mvn compile\n");
        });
        assertThat(run("audit", root.toString(), root.resolve("app").toString()).err())
                .isEqualTo("session-guard: " + root + ": a Maven reactor root must be the only PATH (it names its modules)\n");
    }

    /** Configured db packages may live in one module only; a value no module using it holds is an error naming it. */
    @Test
    void configured_db_packages_must_match_in_one_module_that_uses_them() throws IOException {
        assertThat(run("audit", root.toString()).exit()).as("app has no db package, clean holds ..db..").isEqualTo(1);

        Files.writeString(root.resolve("src/test/resources/session-guard.properties"),
                "sessionguard.presets=jdbc\nsessionguard.dbPackages=..database..\n");
        assertThat(run("audit", root.toString())).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err().lines()).filteredOn(l -> !l.contains("configuration from")).containsExactly(
                    "session-guard: sessionguard.dbPackages=..database..: no class of the modules that use this value"
                            + " (app, clean) lies in these packages, nor a class they use");
        });
    }
}
