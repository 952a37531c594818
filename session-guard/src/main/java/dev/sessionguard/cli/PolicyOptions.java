package dev.sessionguard.cli;

import dev.sessionguard.policy.PolicyConfiguration;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/** The policy options shared by {@code audit} and {@code baseline}: a properties file, then flags on top. */
final class PolicyOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "session-guard.properties to read")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME", split = ",", completionCandidates = PresetIds.class,
            description = "${COMPLETION-CANDIDATES} (repeatable; replaces the configured presets)")
    List<String> presets = new ArrayList<>();

    /** The presets' IDs, so that the help lists every preset there is. */
    static final class PresetIds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.of(Preset.values()).map(Preset::id).iterator();
        }
    }

    @Option(names = "--db-package", paramLabel = "PKG", split = ",",
            description = "ArchUnit package identifier of a db package (repeatable; replaces the configured ones)")
    List<String> dbPackages = new ArrayList<>();

    @Option(names = "--session-source", paramLabel = "TYPE#METHOD", split = ",", description = "adds a session source")
    List<String> sessionSources = new ArrayList<>();

    @Option(names = "--closer", paramLabel = "TYPE#METHOD", split = ",", description = "adds a closer")
    List<String> closers = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "CP", description = "dependencies of the analysed code, for resolving supertypes")
    String classpath;

    /** Where a Maven module keeps the configuration its tests read. */
    static final String MODULE_CONFIG = "src/test/resources/" + PolicyConfiguration.RESOURCE;

    /**
     * The configuration file in force: {@code --config}, else the first module PATH's
     * {@code src/test/resources/session-guard.properties}, else none (the defaults).
     */
    Path configFile(List<Path> paths) {
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new UsageException("--config " + config + ": no such file");
            }
            return config;
        }
        return paths.stream().filter(Files::isDirectory).map(p -> p.resolve(MODULE_CONFIG))
                .filter(Files::isRegularFile).findFirst().orElse(null);
    }

    /** Set by {@code --skip-unreadable}: the rules then warn of what the import skipped, as the audit does. */
    boolean skipUnreadable;

    SessionPolicy policy(Path configFile) {
        SessionPolicy.Builder b = configFile != null
                ? PolicyConfiguration.fromFile(configFile).toBuilder()
                : SessionPolicy.builder();
        if (!presets.isEmpty()) {
            b.presets(presets.stream().map(p -> Preset.byId("--preset", p)).toArray(Preset[]::new));
        }
        if (!dbPackages.isEmpty()) {
            b.dbPackages(dbPackages.toArray(String[]::new));
        }
        b.sessionSources(sessionSources.toArray(String[]::new));
        b.closers(closers.toArray(String[]::new));
        if (skipUnreadable) {
            b.skipUnreadable(true);
        }
        return b.build();
    }

    List<Path> classpathEntries() {
        return ClassImport.splitClasspath(classpath);
    }
}
