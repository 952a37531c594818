package dev.sessionguard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The classes of the configured session sources ({@code sessionguard.sessionSources} of {@code session-guard.properties}
 * on the test classpath, or {@code -Dsessionguard.sessionSources}): read on their own, because the run-time check
 * stands apart from the static analysis and its policy; the rules report a malformed value, this only skips it.
 */
final class ConfiguredSources {
    private static final String RESOURCE = "session-guard.properties";
    private static final String KEY = "sessionguard.sessionSources";

    private ConfiguredSources() {
    }

    static Set<String> owners() {
        String value = System.getProperty(KEY);
        if (value == null) {
            value = fromResource();
        }
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> s.indexOf('#') > 0)
                .map(s -> s.substring(0, s.indexOf('#')).trim()).collect(Collectors.toUnmodifiableSet());
    }

    private static String fromResource() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL url = (loader != null ? loader : ConfiguredSources.class.getClassLoader()).getResource(RESOURCE);
        if (url == null) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return properties.getProperty(KEY);
    }
}
