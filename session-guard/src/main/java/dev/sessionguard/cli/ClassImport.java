package dev.sessionguard.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import dev.sessionguard.report.AuditReport;
import dev.sessionguard.rules.ClassFileCheck;

/**
 * Turns the command line's PATHs (classes folders, jars, Maven module folders) into imported classes, with
 * {@code --classpath} entries visible for resolving supertypes such as a project's own {@code DataSource} wrapper.
 */
final class ClassImport {
    private ClassImport() {
    }

    /** Where the classes of one PATH lie: the folder or jar itself, or a module's {@code target/classes}. */
    static Path classesOf(Path path) {
        if (!Files.exists(path)) {
            throw new UsageException(path + ": no such file or folder");
        }
        if (!Files.isDirectory(path) && !Files.isRegularFile(path)) {
            // a FIFO or a device would block the first read forever
            throw new UsageException(path + ": not a regular file (a FIFO, a device or a socket)");
        }
        if (Files.isDirectory(path)) {
            Path moduleClasses = path.resolve("target/classes");
            if (Files.isRegularFile(path.resolve("pom.xml"))) {
                if (!Files.isDirectory(moduleClasses)) {
                    throw new UsageException(path + ": a Maven module without target/classes (build it first: mvn compile)");
                }
                return moduleClasses;
            }
            return path;
        }
        String name = path.getFileName().toString();
        if (name.endsWith(".jar")) {
            try (JarFile jar = new JarFile(path.toFile())) {
                jar.size();
            } catch (IOException e) {
                throw new UsageException(path + ": not a readable jar (" + e.getMessage() + ")");
            }
            return path;
        }
        if (name.endsWith(".class")) {
            return path;
        }
        throw new UsageException(path + ": neither a class file, a jar, nor a folder");
    }

    /** Imports the PATHs; the context class loader sees the classpath entries while the rules run. */
    static JavaClasses importAll(List<Path> paths) {
        List<Location> locations = new ArrayList<>();
        List<JarFile> jars = new ArrayList<>();
        try {
            for (Path p : paths) {
                Path classes = classesOf(p).toAbsolutePath();
                if (classes.getFileName().toString().endsWith(".jar")) {
                    try {
                        JarFile jar = new JarFile(classes.toFile());
                        jars.add(jar);
                        locations.add(Location.of(jar));
                    } catch (IOException e) {
                        throw new UsageException(p + ": not a readable jar (" + e.getMessage() + ")");
                    }
                } else {
                    locations.add(Location.of(classes));
                }
            }
            return new ClassFileImporter().withImportOption(location -> soundHeader(location, jars)).importLocations(locations);
        } finally {
            for (JarFile jar : jars) {
                try {
                    jar.close();
                } catch (IOException e) {
                    // read to the end already; nothing is lost
                }
            }
        }
    }

    /**
     * The import reads a class file whose header the JVM would refuse (a bad magic number) as if it were sound: such a
     * file is left out, so that {@link #checkClassFiles} names it like any other it cannot read.
     */
    private static boolean soundHeader(Location location, List<JarFile> jars) {
        URI uri = location.asURI();
        try {
            if ("file".equals(uri.getScheme())) {
                Path file = Path.of(uri);
                if (!Files.isRegularFile(file)) {
                    return true;
                }
                try (InputStream in = Files.newInputStream(file)) {
                    return ClassFileCheck.headerProblem(in).isEmpty();
                }
            }
            String spec = uri.getRawSchemeSpecificPart();
            int bang = spec.indexOf("!/");
            if ("jar".equals(uri.getScheme()) && bang > 0) {
                Path jarPath = Path.of(URI.create(spec.substring(0, bang))).toAbsolutePath();
                String decoded = uri.getSchemeSpecificPart();
                String entryName = decoded.substring(decoded.lastIndexOf("!/") + 2);
                for (JarFile jar : jars) {
                    JarEntry entry = Path.of(jar.getName()).toAbsolutePath().equals(jarPath) ? jar.getJarEntry(entryName) : null;
                    if (entry != null) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            return ClassFileCheck.headerProblem(in).isEmpty();
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return true;
    }

    /**
     * Finds the class files of the PATHs the import skipped without a word because it could not read them: only the
     * files whose class is not among the imported ones are read. An empty PATH is an error naming it; an unreadable
     * class file is an error naming it, or with {@code skip} a warning.
     */
    static List<AuditReport.Warning> checkClassFiles(List<Path> paths, JavaClasses imported, boolean skip) {
        List<AuditReport.Warning> unreadable = new ArrayList<>();
        for (Path p : paths) {
            Path classes = classesOf(p);
            int count = 0;
            try {
                if (Files.isDirectory(classes)) {
                    try (Stream<Path> files = Files.walk(classes)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".class") && Files.isRegularFile(f)).toList()) {
                            count++;
                            if (!imported.contain(binaryName(classes.relativize(f).toString().replace(File.separatorChar, '/')))) {
                                check(f.toString(), Files.readAllBytes(f), unreadable);
                            }
                        }
                    }
                } else if (classes.getFileName().toString().endsWith(".jar")) {
                    try (JarFile jar = new JarFile(classes.toFile())) {
                        for (JarEntry e : Collections.list(jar.entries())) {
                            if (!e.isDirectory() && e.getName().endsWith(".class")) {
                                count++;
                                if (!imported.contain(binaryName(e.getName()))) {
                                    try (InputStream in = jar.getInputStream(e)) {
                                        check(classes + "!/" + e.getName(), in.readAllBytes(), unreadable);
                                    }
                                }
                            }
                        }
                    }
                } else {
                    count++;
                    check(classes.toString(), Files.readAllBytes(classes), unreadable);
                }
            } catch (IOException e) {
                throw new UsageException(p + ": cannot be read (" + e.getMessage() + ")");
            }
            if (count == 0) {
                throw new UsageException(p + ": no class files in it (nothing to audit; not built yet?)");
            }
        }
        if (!skip && !unreadable.isEmpty()) {
            AuditReport.Warning first = unreadable.get(0);
            throw new UsageException(first.location() + ": " + first.reason()
                    + (unreadable.size() > 1 ? " (and " + (unreadable.size() - 1) + " more)" : "")
                    + "; --skip-unreadable audits the rest and lists them as warnings");
        }
        return unreadable;
    }

    /** {@code com/acme/A$B.class} as the import names it: {@code com.acme.A$B}. */
    private static String binaryName(String classFile) {
        return classFile.substring(0, classFile.length() - ".class".length()).replace('/', '.');
    }

    private static void check(String location, byte[] bytes, List<AuditReport.Warning> unreadable) {
        if (!isInfo(location)) {
            ClassFileCheck.problem(bytes).ifPresent(why -> unreadable.add(new AuditReport.Warning(location, why + ", not analysed")));
        }
    }

    private static boolean isInfo(String location) {
        return location.endsWith("module-info.class") || location.endsWith("package-info.class");
    }

    /** A class loader over the PATHs and {@code --classpath}, for resolving types the analysed code depends on. */
    static URLClassLoader loaderFor(List<Path> paths, List<Path> classpath, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (Path p : paths) {
            urls.add(url(classesOf(p)));
        }
        for (Path entry : classpath) {
            if (!Files.exists(entry)) {
                throw new UsageException("--classpath: " + entry + ": no such file or folder");
            }
            urls.add(url(entry));
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    static List<Path> splitClasspath(String classpath) {
        List<Path> entries = new ArrayList<>();
        if (classpath != null) {
            for (String e : classpath.split(File.pathSeparator)) {
                if (!e.isBlank()) {
                    entries.add(Path.of(e.trim()));
                }
            }
        }
        return entries;
    }

    private static URL url(Path p) {
        try {
            return p.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UsageException(p + ": " + e.getMessage());
        }
    }
}
