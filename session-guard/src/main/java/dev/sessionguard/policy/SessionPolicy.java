package dev.sessionguard.policy;

import com.tngtech.archunit.PublicAPI;
import com.tngtech.archunit.core.domain.PackageMatcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/**
 * What a session, a raw factory, a session source and a closer are for one code base: the presets plus the
 * project's own names. Immutable; {@link #builder()} and {@link #toBuilder()} give the fluent API,
 * {@link #fromConfiguration()} reads {@code session-guard.properties} and {@code -Dsessionguard.*}.
 */
@PublicAPI(usage = ACCESS)
public final class SessionPolicy {
    /** Default of {@code sessionguard.dbPackages}. */
    public static final String DEFAULT_DB_PACKAGES = "..db..";
    /** Default of {@code sessionguard.baseline}. */
    public static final String DEFAULT_BASELINE = "session-guard-baseline";
    /** Default of {@code sessionguard.baseline.lockTimeout}. */
    public static final Duration DEFAULT_BASELINE_LOCK_TIMEOUT = Duration.ofMinutes(2);

    private static final Pattern TYPE_NAME = Pattern.compile(
            "[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*(\\.[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*)*");

    private final Set<Preset> presets;
    private final List<String> dbPackages;
    private final boolean dbPackagesConfigured;
    private final List<Configured<String>> rawFactories;
    private final List<Configured<MethodRef>> sessionSources;
    private final List<Configured<String>> sessionTypes;
    private final List<Configured<MethodRef>> closers;
    private final List<Configured<MethodRef>> sessionResults;
    private final List<Configured<String>> allowedClasses;
    private final String baseline;
    private final BaselineMode baselineMode;
    private final Duration baselineLockTimeout;
    private final boolean skipUnreadable;
    private final boolean closerFailures;
    private final List<PackageMatcher> dbPackageMatchers;
    private final Map<String, Boolean> dbPackageCache = new ConcurrentHashMap<>();
    private final Set<String> allRawFactories;
    private final Set<MethodRef> allSessionSources;
    private final Set<String> allSessionTypes;
    private final Set<MethodRef> allClosers;
    private final Set<SessionResult> allSessionResults;
    private final Set<MethodRef> allContainerManaged;
    private final Set<String> allTemplates;
    private final Set<String> allUncheckedFailureTypes;
    private final List<String> wiringAnnotations;
    private final List<Configured<String>> configuredWiringAnnotations;

    /**
     * Default of {@code sessionguard.wiringAnnotations}: container configuration classes (Spring {@code @Configuration},
     * Micronaut {@code @Factory}) and producer methods (CDI {@code @Produces}, Spring {@code @Bean}) wire raw factories.
     */
    public static final List<String> DEFAULT_WIRING_ANNOTATIONS = List.of(
            "org.springframework.context.annotation.Configuration", "io.micronaut.context.annotation.Factory",
            "jakarta.enterprise.inject.Produces", "javax.enterprise.inject.Produces",
            "org.springframework.context.annotation.Bean");

    private SessionPolicy(Builder b) {
        this.presets = Collections.unmodifiableSet(EnumSet.copyOf(b.presets.isEmpty() ? EnumSet.noneOf(Preset.class) : b.presets));
        this.dbPackages = List.copyOf(b.dbPackages);
        this.dbPackagesConfigured = b.dbPackagesConfigured;
        this.rawFactories = List.copyOf(b.rawFactories);
        this.sessionSources = List.copyOf(b.sessionSources);
        this.sessionTypes = List.copyOf(b.sessionTypes);
        this.closers = List.copyOf(b.closers);
        this.sessionResults = List.copyOf(b.sessionResults);
        this.allowedClasses = List.copyOf(b.allowedClasses);
        this.baseline = b.baseline;
        this.baselineMode = b.baselineMode;
        this.baselineLockTimeout = b.baselineLockTimeout;
        this.skipUnreadable = b.skipUnreadable;
        this.closerFailures = b.closerFailures;
        this.dbPackageMatchers = dbPackages.stream().map(PackageMatcher::of).toList();
        Set<String> raw = new LinkedHashSet<>();
        Set<MethodRef> sources = new LinkedHashSet<>();
        Set<String> sessions = new LinkedHashSet<>();
        Set<MethodRef> managed = new LinkedHashSet<>();
        Set<MethodRef> closing = new LinkedHashSet<>();
        Set<String> templates = new LinkedHashSet<>();
        Set<String> unchecked = new LinkedHashSet<>();
        Set<SessionResult> results = new LinkedHashSet<>();
        for (Preset p : presets) {
            results.addAll(p.sessionResults());
            unchecked.addAll(p.uncheckedFailureTypes());
            raw.addAll(p.rawFactories());
            sources.addAll(p.sessionSources());
            sessions.addAll(p.sessionTypes());
            managed.addAll(p.containerManaged());
            closing.addAll(p.closers());
            templates.addAll(p.threadSafeTemplates());
        }
        rawFactories.forEach(c -> raw.add(c.value()));
        sessionSources.forEach(c -> sources.add(c.value()));
        sessionTypes.forEach(c -> sessions.add(c.value()));
        sessionTypes.forEach(c -> unchecked.add(c.value()));
        closers.forEach(c -> closing.add(c.value()));
        sessionResults.forEach(c -> results.add(SessionResult.of(c.value())));
        this.allSessionResults = Collections.unmodifiableSet(results);
        this.allTemplates = Collections.unmodifiableSet(templates);
        this.allUncheckedFailureTypes = Collections.unmodifiableSet(unchecked);
        this.wiringAnnotations = b.wiringAnnotations == null ? DEFAULT_WIRING_ANNOTATIONS
                : b.wiringAnnotations.stream().map(Configured::value).toList();
        this.configuredWiringAnnotations = b.wiringAnnotations == null ? List.of() : List.copyOf(b.wiringAnnotations);
        this.allRawFactories = Collections.unmodifiableSet(raw);
        this.allSessionSources = Collections.unmodifiableSet(sources);
        this.allSessionTypes = Collections.unmodifiableSet(sessions);
        this.allClosers = Collections.unmodifiableSet(closing);
        this.allContainerManaged = Collections.unmodifiableSet(managed);
    }

    /** A value the user configured, with the key it came from (named in errors). */
    public record Configured<T>(String key, T value) {
        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    /** All presets, {@code ..db..}, nothing of the project's own. */
    public static SessionPolicy defaults() {
        return builder().build();
    }

    /** Reads {@code session-guard.properties} from the context class loader and {@code -Dsessionguard.*}. */
    public static SessionPolicy fromConfiguration() {
        return PolicyConfiguration.load();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.presets = presets.isEmpty() ? EnumSet.noneOf(Preset.class) : EnumSet.copyOf(presets);
        b.dbPackages = new ArrayList<>(dbPackages);
        b.dbPackagesConfigured = dbPackagesConfigured;
        b.rawFactories = new ArrayList<>(rawFactories);
        b.sessionSources = new ArrayList<>(sessionSources);
        b.sessionTypes = new ArrayList<>(sessionTypes);
        b.closers = new ArrayList<>(closers);
        b.sessionResults = new ArrayList<>(sessionResults);
        b.allowedClasses = new ArrayList<>(allowedClasses);
        b.baseline = baseline;
        b.baselineMode = baselineMode;
        b.baselineLockTimeout = baselineLockTimeout;
        b.skipUnreadable = skipUnreadable;
        b.closerFailures = closerFailures;
        b.wiringAnnotations = configuredWiringAnnotations.isEmpty() && !wiringAnnotations.isEmpty() ? null
                : new ArrayList<>(configuredWiringAnnotations);
        return b;
    }

    public Set<Preset> presets() {
        return presets;
    }

    /** ArchUnit package identifiers of the packages that own database access. */
    public List<String> dbPackages() {
        return dbPackages;
    }

    /** The db packages set through {@code sessionguard.dbPackages} (or in code): each must match analysed code. */
    public List<Configured<String>> configuredDbPackages() {
        return dbPackagesConfigured ? dbPackages.stream().map(p -> new Configured<>(PolicyConfiguration.DB_PACKAGES, p)).toList()
                : List.of();
    }

    /** Whether a package lies in one of the db packages. */
    public boolean isDbPackage(String packageName) {
        return dbPackageCache.computeIfAbsent(packageName, p -> dbPackageMatchers.stream().anyMatch(m -> m.matches(p)));
    }

    /** Whether a class is exempt from SG001 (configured wiring), nested classes of an allowed class included. */
    public boolean isAllowedClass(String className) {
        for (Configured<String> a : allowedClasses) {
            String name = a.value();
            if (className.startsWith(name) && (className.length() == name.length() || className.charAt(name.length()) == '$')) {
                return true;
            }
        }
        return false;
    }

    /** Classes exempt from SG001. */
    public List<String> allowedClasses() {
        return allowedClasses.stream().map(Configured::value).toList();
    }

    /** Raw factory type names: the presets' and the project's own. */
    public Set<String> rawFactories() {
        return allRawFactories;
    }

    public Set<MethodRef> sessionSources() {
        return allSessionSources;
    }

    public Set<String> sessionTypes() {
        return allSessionTypes;
    }

    public Set<MethodRef> closers() {
        return allClosers;
    }

    /**
     * Calls that hand out a session-bearing result (a {@code Stream} or cursor that keeps its connection until it is
     * closed): the presets' and {@code sessionguard.sessionResults}. The analysis tracks what they return like a session.
     */
    public Set<SessionResult> sessionResults() {
        return allSessionResults;
    }

    /**
     * Types whose calls may throw unchecked exceptions as ordinary failure: the presets' session APIs and what they
     * hand out, and the configured session types ({@link Preset#uncheckedFailureTypes()}).
     */
    public Set<String> uncheckedFailureTypes() {
        return allUncheckedFailureTypes;
    }

    /** Types that implement a session type but are a container's thread-safe proxies (SqlSessionTemplate). */
    public Set<String> threadSafeTemplates() {
        return allTemplates;
    }

    /**
     * Annotations of container wiring, exempt from SG001: on a class (or meta-annotating its annotation, as
     * {@code @SpringBootApplication} does) the whole class, on a method that method.
     */
    public List<String> wiringAnnotations() {
        return wiringAnnotations;
    }

    /** Methods that hand out container-managed sessions: never sources. */
    public Set<MethodRef> containerManaged() {
        return allContainerManaged;
    }

    public String baseline() {
        return baseline;
    }

    public BaselineMode baselineMode() {
        return baselineMode;
    }

    /** How long a write waits for another JVM's baseline lock ({@code sessionguard.baseline.lockTimeout}). */
    public Duration baselineLockTimeout() {
        return baselineLockTimeout;
    }

    /** Whether a class file the import could not read is a warning ({@code sessionguard.skipUnreadable}), not an error. */
    public boolean skipUnreadable() {
        return skipUnreadable;
    }

    /**
     * Whether a closer whose body can throw while the session is still open leaves it open on that exception
     * ({@code sessionguard.closerFailures}, off by default: the wider call model, its cost measured in bench/README.md).
     */
    public boolean closerFailures() {
        return closerFailures;
    }

    /** Type names the project configured itself (not presets): each must exist, or it is a typo. */
    public List<Configured<String>> configuredTypes() {
        List<Configured<String>> all = new ArrayList<>(rawFactories);
        all.addAll(sessionTypes);
        all.addAll(allowedClasses);
        all.addAll(configuredWiringAnnotations);
        return all;
    }

    /** Methods the project configured itself: owner and method must exist. */
    public List<Configured<MethodRef>> configuredMethods() {
        List<Configured<MethodRef>> all = new ArrayList<>(sessionSources);
        all.addAll(closers);
        all.addAll(sessionResults);
        return all;
    }

    /** The project's own managed session accessor, if one is configured: the fix every message points to. */
    public Optional<MethodRef> managedAccessor() {
        return sessionSources.stream().map(Configured::value).findFirst();
    }

    /** The project's own closers ({@code sessionguard.closers}), which a fix names. */
    public List<MethodRef> configuredClosers() {
        return closers.stream().map(Configured::value).toList();
    }

    /** The fix for code that bypasses the managed door, in the project's own terms. */
    public String fixHint() {
        return managedAccessor()
                .map(m -> "use " + m.asCall() + " in try-with-resources")
                .orElse("open sessions only inside the db packages (" + String.join(", ", dbPackages)
                        + ") and use them in try-with-resources");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionPolicy other && toString().equals(other.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "SessionPolicy{presets=" + presets + ", dbPackages=" + dbPackages + ", rawFactories=" + rawFactories
                + ", sessionSources=" + sessionSources + ", sessionTypes=" + sessionTypes + ", closers=" + closers
                + ", sessionResults=" + sessionResults
                + ", allowedClasses=" + allowedClasses + ", wiringAnnotations=" + wiringAnnotations + ", baseline=" + baseline
                + ", baselineMode=" + baselineMode + ", baselineLockTimeout=" + baselineLockTimeout + ", skipUnreadable=" + skipUnreadable
                + ", closerFailures=" + closerFailures + "}";
    }

    /** Fluent construction; every setter validates its value and names the key on error. */
    public static final class Builder {
        private EnumSet<Preset> presets = EnumSet.allOf(Preset.class);
        private List<String> dbPackages = new ArrayList<>(List.of(DEFAULT_DB_PACKAGES));
        private boolean dbPackagesConfigured;
        private List<Configured<String>> rawFactories = new ArrayList<>();
        private List<Configured<MethodRef>> sessionSources = new ArrayList<>();
        private List<Configured<String>> sessionTypes = new ArrayList<>();
        private List<Configured<MethodRef>> closers = new ArrayList<>();
        private List<Configured<MethodRef>> sessionResults = new ArrayList<>();
        private List<Configured<String>> allowedClasses = new ArrayList<>();
        private String baseline = DEFAULT_BASELINE;
        private BaselineMode baselineMode = BaselineMode.AUTO;
        private Duration baselineLockTimeout = DEFAULT_BASELINE_LOCK_TIMEOUT;
        private boolean skipUnreadable;
        private boolean closerFailures;
        /** Null: the defaults. */
        private List<Configured<String>> wiringAnnotations;

        private Builder() {
        }

        /** Replaces the presets (default: all of them). */
        public Builder presets(Preset... presets) {
            this.presets = presets.length == 0 ? EnumSet.noneOf(Preset.class) : EnumSet.copyOf(List.of(presets));
            return this;
        }

        /** Replaces the db packages (ArchUnit package syntax, default {@code ..db..}). */
        public Builder dbPackages(String... packages) {
            List<String> checked = new ArrayList<>();
            for (String p : packages) {
                checked.add(checkPackage(PolicyConfiguration.DB_PACKAGES, p));
            }
            if (checked.isEmpty()) {
                throw new SessionGuardConfigurationException(PolicyConfiguration.DB_PACKAGES, "",
                        "at least one package is needed (ArchUnit syntax, e.g. ..db..)");
            }
            this.dbPackages = checked;
            this.dbPackagesConfigured = true;
            return this;
        }

        /**
         * Keeps the db packages but does not require them to match the analysed code: a module of a reactor whose db
         * packages live in another module (the reactor audit requires a match in one module at least).
         */
        public Builder dbPackagesMayMatchNothing() {
            this.dbPackagesConfigured = false;
            return this;
        }

        public Builder rawFactories(String... types) {
            return addTypes(rawFactories, PolicyConfiguration.RAW_FACTORIES, types);
        }

        /** Adds session sources, {@code TYPE#METHOD}. */
        public Builder sessionSources(String... methods) {
            return addMethods(sessionSources, PolicyConfiguration.SESSION_SOURCES, methods);
        }

        public Builder sessionTypes(String... types) {
            return addTypes(sessionTypes, PolicyConfiguration.SESSION_TYPES, types);
        }

        /** Adds closers, {@code TYPE#METHOD}: methods that close the session passed to them. */
        public Builder closers(String... methods) {
            return addMethods(closers, PolicyConfiguration.CLOSERS, methods);
        }

        /**
         * Adds session-bearing results, {@code TYPE#METHOD}: methods whose result (an AutoCloseable, a {@code Stream})
         * keeps a connection until it is closed, tracked like a session.
         */
        public Builder sessionResults(String... methods) {
            return addMethods(sessionResults, PolicyConfiguration.SESSION_RESULTS, methods);
        }

        /** Adds classes exempt from SG001 (wiring such as a persistence configuration). */
        public Builder allowedClasses(String... types) {
            return addTypes(allowedClasses, PolicyConfiguration.ALLOWED_CLASSES, types);
        }

        /**
         * Replaces the annotations of container wiring exempt from SG001 (default {@link #DEFAULT_WIRING_ANNOTATIONS});
         * none turns the exemption off.
         */
        public Builder wiringAnnotations(String... types) {
            this.wiringAnnotations = new ArrayList<>();
            return addTypes(this.wiringAnnotations, PolicyConfiguration.WIRING_ANNOTATIONS, types);
        }

        /** The baseline folder, relative to the module root. */
        public Builder baseline(String folder) {
            if (folder == null || folder.isBlank()) {
                throw new SessionGuardConfigurationException(PolicyConfiguration.BASELINE, String.valueOf(folder), "a folder is needed");
            }
            this.baseline = folder.trim();
            return this;
        }

        public Builder skipUnreadable(boolean skip) {
            this.skipUnreadable = skip;
            return this;
        }

        /** Follows a closer's own failure before its close as a path ({@code sessionguard.closerFailures}). */
        public Builder closerFailures(boolean follow) {
            this.closerFailures = follow;
            return this;
        }

        public Builder baselineMode(BaselineMode mode) {
            this.baselineMode = mode;
            return this;
        }

        public Builder baselineLockTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative()) {
                throw new SessionGuardConfigurationException(PolicyConfiguration.BASELINE_LOCK_TIMEOUT, String.valueOf(timeout),
                        "a duration of zero or more is needed");
            }
            this.baselineLockTimeout = timeout;
            return this;
        }

        public SessionPolicy build() {
            if (presets.isEmpty() && rawFactories.isEmpty() && sessionSources.isEmpty() && sessionTypes.isEmpty()
                    && sessionResults.isEmpty()) {
                throw new SessionGuardConfigurationException(PolicyConfiguration.PRESETS, "",
                        "no presets and no raw factories, session sources, session types or session results: nothing to guard");
            }
            return new SessionPolicy(this);
        }

        private Builder addTypes(List<Configured<String>> target, String key, String... types) {
            for (String t : types) {
                target.add(new Configured<>(key, checkType(key, t)));
            }
            return this;
        }

        private Builder addMethods(List<Configured<MethodRef>> target, String key, String... methods) {
            for (String m : methods) {
                target.add(new Configured<>(key, MethodRef.parse(key, m)));
            }
            return this;
        }

        private static String checkType(String key, String value) {
            String t = value == null ? "" : value.trim();
            if (!TYPE_NAME.matcher(t).matches()) {
                throw new SessionGuardConfigurationException(key, String.valueOf(value),
                        "not a fully qualified type name (e.g. com.acme.db.RawSessions; nested types as Outer$Inner)");
            }
            return t;
        }

        private static String checkPackage(String key, String value) {
            String p = value == null ? "" : value.trim();
            try {
                PackageMatcher.of(p);
            } catch (IllegalArgumentException e) {
                throw new SessionGuardConfigurationException(key, String.valueOf(value), "not an ArchUnit package identifier: " + e.getMessage());
            }
            if (p.isEmpty()) {
                throw new SessionGuardConfigurationException(key, "", "empty package identifier");
            }
            return p;
        }
    }
}
