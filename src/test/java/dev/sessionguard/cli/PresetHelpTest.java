package dev.sessionguard.cli;

import dev.sessionguard.policy.Preset;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line's help names the presets as {@link Preset} defines them, not a copy of the list. */
class PresetHelpTest {
    @Test
    void the_preset_option_names_every_preset() {
        String all = Arrays.stream(Preset.values()).map(Preset::id).collect(Collectors.joining(", "));
        assertThat(all).contains("spring");
        for (String command : new String[] {"audit", "baseline"}) {
            CliRun help = CliRun.run(command, "--help");
            assertThat(help.exit()).isZero();
            assertThat(help.out().replaceAll("\\s+", " ")).as(command).contains("--preset=NAME[,NAME...] " + all + " (repeatable;");
        }
    }
}
