package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Subtype questions about exception types, by internal name: through the imported classes (and what ArchUnit resolved
 * from the classpath for them), else through the JDK's own classes. {@code null} answers "unknown".
 */
final class TypeHierarchy {
    private final Map<String, JavaClass> known;
    private final Map<String, Optional<Class<?>>> jdk = new HashMap<>();

    TypeHierarchy(Map<String, JavaClass> known) {
        this.known = known;
    }

    /** Whether {@code sub} is {@code sup} or a subtype of it; {@code null} when either cannot be resolved. */
    Boolean isSubtype(String sub, String sup) {
        if (sub.equals(sup) || sup.equals("java/lang/Object")) {
            return true;
        }
        String subName = sub.replace('/', '.');
        String supName = sup.replace('/', '.');
        Optional<Class<?>> subJdk = jdkClass(subName);
        Optional<Class<?>> supJdk = jdkClass(supName);
        if (subJdk.isPresent() && supJdk.isPresent()) {
            return supJdk.get().isAssignableFrom(subJdk.get());
        }
        if (subJdk.isPresent()) {
            // a JDK class never extends a class of the analysed code or of a library
            return false;
        }
        JavaClass c = known.get(subName);
        if (c == null || !resolved(c)) {
            return null;
        }
        return c.isAssignableTo(supName);
    }

    /** Whether the class's supertypes are known (ArchUnit keeps stubs of classes it could not resolve). */
    private static boolean resolved(JavaClass c) {
        return c.isFullyImported() || c.getRawSuperclass().isPresent() || c.isInterface();
    }

    private Optional<Class<?>> jdkClass(String name) {
        if (!name.startsWith("java.") && !name.startsWith("javax.sql.")) {
            return Optional.empty();
        }
        return jdk.computeIfAbsent(name, n -> {
            try {
                return Optional.of(Class.forName(n, false, ClassLoader.getPlatformClassLoader()));
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
        });
    }
}
