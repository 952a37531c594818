package dev.sessionguard.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

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
        for (Path p : paths) {
            Path classes = classesOf(p).toAbsolutePath();
            if (classes.getFileName().toString().endsWith(".jar")) {
                try {
                    locations.add(Location.of(new JarFile(classes.toFile())));
                } catch (IOException e) {
                    throw new UsageException(p + ": not a readable jar (" + e.getMessage() + ")");
                }
            } else {
                locations.add(Location.of(classes));
            }
        }
        return new ClassFileImporter().importLocations(locations);
    }

    /** A class loader over the PATHs and {@code --classpath}, for resolving types the analysed code depends on. */
    static ClassLoader loaderFor(List<Path> paths, List<Path> classpath, ClassLoader parent) {
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
