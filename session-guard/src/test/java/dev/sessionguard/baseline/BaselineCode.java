package dev.sessionguard.baseline;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sessionguard.testing.Compiler;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Two small packages that break SG001 and SG002, and their fixed variants: what a team's code looks like before and
 * after a fix, compiled for real and imported whole or one package at a time (as a narrow rule-test class does).
 */
final class BaselineCode {
    static final String DB = "dev.sessionguard.fixtures.sg001.hibernate.db.HibernateDb";

    private BaselineCode() {
    }

    /** {@code com.acme.a.Alpha}: a raw factory in a field, used in {@code first} and twice in {@code twice}. */
    static String alpha(int callsInTwice, boolean firstFixed) {
        return """
                package com.acme.a;

                import org.hibernate.SessionFactory;

                public class Alpha {
                    private SessionFactory factory;

                    public void first() {
                        %s
                    }

                    public void twice() {
                        %s
                    }
                }
                """.formatted(firstFixed ? "try (var s = " + DB + ".getSession()) { s.clear(); }" : "factory.openSession().close();",
                "factory.openSession().close();\n".repeat(callsInTwice));
    }

    /** {@code com.acme.b.Beta}: a raw factory used in {@code only}, or (fixed) the managed door. */
    static String beta(boolean fixed) {
        return """
                package com.acme.b;

                public class Beta {
                    public void only() {
                        %s
                    }
                }
                """.formatted(fixed ? "try (var s = " + DB + ".getSession()) { s.clear(); }"
                : DB + ".factory().openSession().close();");
    }

    /** Compiles the sources into {@code dir} and returns the classes folder. */
    static Path compile(Path dir, String alpha, String beta) {
        return Compiler.compile(dir, Map.of("com/acme/a/Alpha.java", alpha, "com/acme/b/Beta.java", beta));
    }

    /** The classes of the given packages under a compiled folder: {@code "com/acme/a"}, or none for all of them. */
    static JavaClasses importFrom(Path classes, String... packages) {
        if (packages.length == 0) {
            return new ClassFileImporter().importLocations(List.of(Location.of(classes)));
        }
        return new ClassFileImporter().importLocations(java.util.Arrays.stream(packages)
                .map(p -> Location.of(classes.resolve(p))).toList());
    }
}
