package dev.sessionguard.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Properties;

/**
 * The switch that puts {@link SessionLeakCheck} on every test class: JUnit's extension auto-detection, which finds
 * {@link SessionLeakExtension} through {@code META-INF/services}. Read here as JUnit reads it (a system property, else
 * {@code junit-platform.properties}), for the Spring side, which has no JUnit configuration to ask.
 */
final class EveryTest {
    static final String AUTODETECTION = "junit.jupiter.extensions.autodetection.enabled";

    private EveryTest() {
    }

    static boolean switchedOn() {
        String value = System.getProperty(AUTODETECTION);
        if (value == null) {
            value = fromPlatformProperties();
        }
        return value != null && Boolean.parseBoolean(value.trim());
    }

    private static String fromPlatformProperties() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        URL resource = (loader == null ? EveryTest.class.getClassLoader() : loader).getResource("junit-platform.properties");
        if (resource == null) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = resource.openStream()) {
            properties.load(in);
        } catch (IOException e) {
            return null;
        }
        return properties.getProperty(AUTODETECTION);
    }
}
