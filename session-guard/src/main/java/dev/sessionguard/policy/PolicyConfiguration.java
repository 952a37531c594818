package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * Reads a {@link SessionPolicy} from properties: {@code session-guard.properties} at the classpath root, overridden
 * by {@code -Dsessionguard.<key>} system properties. Unknown keys and malformed values are errors naming key and value.
 */
@PublicAPI(usage = ACCESS)
public final class PolicyConfiguration {
    /** The configuration file looked up at the (test) classpath root. */
    public static final String RESOURCE = "session-guard.properties";
    public static final String PREFIX = "sessionguard.";
    public static final String PRESETS = PREFIX + "presets";
    public static final String DB_PACKAGES = PREFIX + "dbPackages";
    public static final String RAW_FACTORIES = PREFIX + "rawFactories";
    public static final String SESSION_SOURCES = PREFIX + "sessionSources";
    public static final String SESSION_TYPES = PREFIX + "sessionTypes";
    public static final String CLOSERS = PREFIX + "closers";
    /** Methods whose result keeps a connection until it is closed ({@code TYPE#METHOD}), tracked like sessions. */
    public static final String SESSION_RESULTS = PREFIX + "sessionResults";
    public static final String ALLOWED_CLASSES = PREFIX + "allowedClasses";
    public static final String WIRING_ANNOTATIONS = PREFIX + "wiringAnnotations";
    public static final String BASELINE = PREFIX + "baseline";
    public static final String BASELINE_MODE = PREFIX + "baseline.mode";
    public static final String BASELINE_LOCK_TIMEOUT = PREFIX + "baseline.lockTimeout";
    public static final String SKIP_UNREADABLE = PREFIX + "skipUnreadable";
    /** Whether a closer's own failure before its close is a path (the wider call model; off by default). */
    public static final String CLOSER_FAILURES = PREFIX + "closerFailures";
    /** A system property only: configuration errors carry their stack trace (it must hold before any file is read). */
    public static final String STACK_TRACES = PREFIX + "stackTraces";
    /**
     * The Maven plugin's switch ({@code -Dsessionguard.skip}), not a key of the policy: the rules ignore it among the
     * system properties, so that one {@code mvn verify -Dsessionguard.skip} does not break the tests of the build.
     */
    public static final String SKIP = PREFIX + "skip";

    /** Every key this version understands. */
    public static final Set<String> KEYS = Set.of(PRESETS, DB_PACKAGES, RAW_FACTORIES, SESSION_SOURCES, SESSION_TYPES,
            CLOSERS, SESSION_RESULTS, ALLOWED_CLASSES, WIRING_ANNOTATIONS, BASELINE, BASELINE_MODE, BASELINE_LOCK_TIMEOUT, SKIP_UNREADABLE,
            CLOSER_FAILURES, STACK_TRACES);

    private PolicyConfiguration() {
    }

    static SessionPolicy load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = PolicyConfiguration.class.getClassLoader();
        }
        Map<String, Origin> values = new TreeMap<>();
        URL resource = loader.getResource(RESOURCE);
        if (resource != null) {
            try (InputStream in = resource.openStream()) {
                read(in, resource.toString(), values);
            } catch (IOException e) {
                throw new SessionGuardConfigurationException(resource + ": cannot be read: " + e.getMessage());
            }
        }
        System.getProperties().forEach((k, v) -> {
            String key = String.valueOf(k);
            if (key.startsWith(PREFIX) && !key.equals(SKIP)) {
                values.put(key, new Origin(String.valueOf(v), "-D" + key));
            }
        });
        return build(values);
    }

    /** Reads a properties file (the CLI's {@code --config}); the error names the file. */
    public static SessionPolicy fromFile(Path file) {
        return fromFile(file, List.of());
    }

    /**
     * Values that override the file's, and where they come from, named in errors: {@code -D} (then each value is named
     * {@code -Dsessionguard.<key>}), or a build plugin's configuration ({@code pom.xml <configuration>}).
     */
    public record Overrides(String origin, Map<String, String> values) {
        public Overrides {
            values = Map.copyOf(values);
        }
    }

    /**
     * Reads a properties file (none: the defaults), then each layer of overrides on top of it, a later layer winning
     * (a build plugin: the module's file, its {@code <configuration>}, then {@code -D}); an error names the file or the
     * layer its value came from. {@link #SKIP} is not a key and is left out.
     */
    public static SessionPolicy fromFile(Path file, List<Overrides> overrides) {
        Map<String, Origin> values = new TreeMap<>();
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                read(in, file.toString(), values);
            } catch (IOException e) {
                throw new SessionGuardConfigurationException(file + ": cannot be read: " + e.getMessage());
            }
        }
        for (Overrides layer : overrides) {
            layer.values().forEach((key, value) -> {
                if (!key.equals(SKIP)) {
                    values.put(key, new Origin(value, layer.origin().equals("-D") ? "-D" + key : layer.origin()));
                }
            });
        }
        return build(values);
    }

    /** Builds a policy from properties (keys with the {@code sessionguard.} prefix), {@code origin} named in errors. */
    public static SessionPolicy fromProperties(Properties properties, String origin) {
        Map<String, Origin> values = new TreeMap<>();
        properties.forEach((k, v) -> values.put(String.valueOf(k), new Origin(String.valueOf(v), origin)));
        return build(values);
    }

    private static void read(InputStream in, String origin, Map<String, Origin> values) throws IOException {
        Properties p = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IllegalArgumentException e) {
            throw new SessionGuardConfigurationException(origin + ": malformed properties file: " + e.getMessage());
        }
        p.forEach((k, v) -> values.put(String.valueOf(k), new Origin(String.valueOf(v), origin)));
    }

    private record Origin(String value, String source) {
    }

    private static SessionPolicy build(Map<String, Origin> values) {
        SessionPolicy.Builder b = SessionPolicy.builder();
        for (Map.Entry<String, Origin> e : values.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().value();
            try {
                if (key.equals(STACK_TRACES)) {
                    stackTraces(e.getValue());
                    continue;
                }
                rejectEndOfLineComment(key, value);
                apply(b, key, value);
            } catch (SessionGuardConfigurationException ex) {
                throw new SessionGuardConfigurationException(e.getValue().source() + ": "
                        + ex.getMessage().substring("session-guard: ".length()));
            }
        }
        return b.build();
    }

    private static final Pattern END_OF_LINE_COMMENT = Pattern.compile("\\s+(#.*)$");

    /** No value of any key holds whitespace followed by {@code #}: that is a comment {@code .properties} kept as value. */
    private static void rejectEndOfLineComment(String key, String value) {
        Matcher m = END_OF_LINE_COMMENT.matcher(value);
        if (m.find()) {
            throw new SessionGuardConfigurationException(key, value, "the value ends with \"" + m.group(1).trim()
                    + "\", but .properties has no end-of-line comments, so it is part of the value: put the comment"
                    + " on a line of its own");
        }
    }

    private static void stackTraces(Origin origin) {
        if (!origin.source().startsWith("-D")) {
            throw new SessionGuardConfigurationException(STACK_TRACES, origin.value(),
                    "a system property only (-D" + STACK_TRACES + "=true): it must hold before the file is read");
        }
        bool(STACK_TRACES, origin.value());
    }

    private static void apply(SessionPolicy.Builder b, String key, String value) {
        switch (key) {
            case PRESETS -> b.presets(list(value).stream().map(id -> Preset.byId(PRESETS, id)).toArray(Preset[]::new));
            case DB_PACKAGES -> b.dbPackages(list(value).toArray(String[]::new));
            case RAW_FACTORIES -> b.rawFactories(list(value).toArray(String[]::new));
            case SESSION_SOURCES -> b.sessionSources(list(value).toArray(String[]::new));
            case SESSION_TYPES -> b.sessionTypes(list(value).toArray(String[]::new));
            case CLOSERS -> b.closers(list(value).toArray(String[]::new));
            case SESSION_RESULTS -> b.sessionResults(list(value).toArray(String[]::new));
            case ALLOWED_CLASSES -> b.allowedClasses(list(value).toArray(String[]::new));
            case WIRING_ANNOTATIONS -> b.wiringAnnotations(wiringAnnotations(value));
            case BASELINE -> b.baseline(value);
            case BASELINE_MODE -> b.baselineMode(BaselineMode.byId(BASELINE_MODE, value));
            case BASELINE_LOCK_TIMEOUT -> b.baselineLockTimeout(duration(key, value));
            case SKIP_UNREADABLE -> b.skipUnreadable(bool(key, value));
            case CLOSER_FAILURES -> b.closerFailures(bool(key, value));
            default -> throw new SessionGuardConfigurationException(key, value,
                    "unknown key (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
        }
    }

    /** {@code none} turns the exemption off; an empty value is a mistake, not a way to say so. */
    private static String[] wiringAnnotations(String value) {
        if (value.trim().equals("none")) {
            return new String[0];
        }
        List<String> names = list(value);
        if (names.isEmpty()) {
            throw new SessionGuardConfigurationException(WIRING_ANNOTATIONS, value,
                    "no annotation named (list annotation types, or none to exempt no wiring from SG001)");
        }
        return names.toArray(String[]::new);
    }

    private static boolean bool(String key, String value) {
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new SessionGuardConfigurationException(key, value, "expected true or false");
        };
    }

    /** {@code 90s}, {@code 2m}, {@code 500ms}, or ISO-8601 ({@code PT2M}). */
    private static Duration duration(String key, String value) {
        Matcher m = DURATION.matcher(value.trim());
        Duration d;
        try {
            d = m.matches() ? Duration.of(Long.parseLong(m.group(1)), switch (m.group(2)) {
                case "ms" -> ChronoUnit.MILLIS;
                case "s" -> ChronoUnit.SECONDS;
                default -> ChronoUnit.MINUTES;
            }) : Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new SessionGuardConfigurationException(key, value, "expected a duration such as 90s, 2m or 500ms");
        }
        if (d.isNegative()) {
            throw new SessionGuardConfigurationException(key, value, "a duration of zero or more is needed");
        }
        return d;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
