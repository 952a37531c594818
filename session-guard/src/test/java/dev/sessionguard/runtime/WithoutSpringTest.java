package dev.sessionguard.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.sessionguard.fixtures.runtime.JdbcCases;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Spring is optional: in a JVM without it on the class path the check loads and judges as it does with it. */
class WithoutSpringTest {

    @Test
    void the_check_runs_in_a_jvm_without_spring() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().matches("(spring|mybatis-spring)-.*\\.jar"))
                .collect(Collectors.joining(File.pathSeparator));
        assertThat(classPath).doesNotContain("spring-test").doesNotContain("spring-context");
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, Main.class.getName()).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(output).isZero();
        assertThat(output).contains("no Spring; leaks: failed 1; closes: succeeded 1");
    }

    /** Runs in the JVM without Spring: one leaking and one closing test of a watched pool. */
    static final class Main {
        public static void main(String[] args) {
            try {
                Class.forName("org.springframework.context.ApplicationContext");
                throw new AssertionError("Spring is on the class path");
            } catch (ClassNotFoundException expected) {
                // the point of this JVM
            }
            EngineExecutionResults leaks = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectMethod(JdbcCases.class, "leaks")).execute();
            EngineExecutionResults closes = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectMethod(JdbcCases.class, "closes")).execute();
            String message = leaks.testEvents().failed().stream().findFirst().orElseThrow()
                    .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow().getMessage();
            // JdbcCases#open() hands the connection out: its caller in LeakCases is the opener
            if (!message.startsWith("SG002 runtime: java.sql.Connection opened at "
                    + dev.sessionguard.fixtures.runtime.LeakCases.class.getName() + "#leaks(")) {
                throw new AssertionError(message);
            }
            System.out.printf("no Spring; leaks: failed %d; closes: succeeded %d%n",
                    leaks.testEvents().failed().count(), closes.testEvents().succeeded().count());
        }
    }
}
