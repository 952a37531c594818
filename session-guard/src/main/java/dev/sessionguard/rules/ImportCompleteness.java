package dev.sessionguard.rules;

import com.tngtech.archunit.core.domain.JavaClass;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The class files an import skipped because it could not read them. ArchUnit drops such a file with a log line; the
 * rules would then pass over it. Only the packages the import reached are looked at, and only files it did not
 * import are read, so a sound import costs a directory listing.
 */
final class ImportCompleteness {
    private ImportCompleteness() {
    }

    /** What was found per import: every rule checks it, and the folders are listed once. */
    private static final PerImport<List<String>> FOUND = new PerImport<>();

    /** Where each unreadable class file lies and why it cannot be read, in path order; once per import. */
    static List<String> unreadable(Collection<JavaClass> analysed) {
        return FOUND.get(analysed, "unreadable", () -> List.copyOf(look(analysed)));
    }

    private static List<String> look(Collection<JavaClass> analysed) {
        Set<String> imported = new HashSet<>();
        Set<Path> folders = new TreeSet<>();
        Set<Path> importedFiles = new HashSet<>();
        Set<String> jarPackages = new TreeSet<>();
        for (JavaClass c : analysed) {
            imported.add(c.getName());
            c.getSource().ifPresent(source -> {
                URI uri = source.getUri();
                if ("file".equals(uri.getScheme())) {
                    Path file = Path.of(uri);
                    importedFiles.add(file);
                    folders.add(file.getParent());
                } else if ("jar".equals(uri.getScheme())) {
                    String spec = uri.getRawSchemeSpecificPart();
                    int bang = spec.indexOf("!/");
                    if (bang > 0 && spec.startsWith("file:")) {
                        String entry = spec.substring(bang + 2);
                        jarPackages.add(spec.substring(0, bang) + "!" + entry.substring(0, entry.lastIndexOf('/') + 1));
                    }
                }
            });
        }
        List<String> problems = new ArrayList<>();
        for (Path folder : folders) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                    if (!skip(f.getFileName().toString()) && !importedFiles.contains(f)) {
                        ClassFileCheck.problem(Files.readAllBytes(f)).ifPresent(why -> problems.add(f + ": " + why));
                    }
                }
            } catch (IOException e) {
                problems.add(folder + ": cannot be listed (" + e.getMessage() + ")");
            }
        }
        readJars(jarPackages, imported, problems);
        return problems;
    }

    private static void readJars(Set<String> jarPackages, Set<String> imported, List<String> problems) {
        Map<String, Set<String>> packagesByJar = new TreeMap<>();
        for (String jarPackage : jarPackages) {
            int bang = jarPackage.indexOf('!');
            packagesByJar.computeIfAbsent(jarPackage.substring(0, bang), k -> new HashSet<>()).add(jarPackage.substring(bang + 1));
        }
        for (Map.Entry<String, Set<String>> byJar : packagesByJar.entrySet()) {
            Path jarPath = Path.of(URI.create(byJar.getKey()));
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    String name = e.getName();
                    if (!name.endsWith(".class") || skip(name)
                            || !byJar.getValue().contains(name.substring(0, name.lastIndexOf('/') + 1))
                            || imported.contains(name.substring(0, name.length() - ".class".length()).replace('/', '.'))) {
                        continue;
                    }
                    try (InputStream in = jar.getInputStream(e)) {
                        String where = jarPath + "!/" + name;
                        ClassFileCheck.problem(in.readAllBytes()).ifPresent(why -> problems.add(where + ": " + why));
                    }
                }
            } catch (IOException | RuntimeException e) {
                problems.add(jarPath + ": cannot be read (" + e.getMessage() + ")");
            }
        }
    }

    private static boolean skip(String fileName) {
        return fileName.endsWith("module-info.class") || fileName.endsWith("package-info.class");
    }
}
