package dev.sessionguard.cli;

import dev.sessionguard.policy.Preset;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code --preset} help of both commands names every preset there is (it once left out {@code spring}). */
class PresetHelpTest {
    @Test
    void the_preset_option_lists_every_preset() {
        String all = Stream.of(Preset.values()).map(Preset::id).collect(Collectors.joining(", "));
        assertThat(all).contains("spring").endsWith("vertx-sql");
        for (String command : new String[] {"audit", "baseline"}) {
            CliRun help = CliRun.run(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out().replaceAll("\\s+", " ")).contains(all + " (repeatable; replaces the configured presets)");
        }
    }
}
