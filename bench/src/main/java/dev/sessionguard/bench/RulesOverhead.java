package dev.sessionguard.bench;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.rules.SessionRules;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;

/**
 * One measurement, in a fresh JVM: {@code import JAR} (ArchUnit's bare import) or {@code rules JAR} (the import plus
 * all four session rules evaluated). Prints {@code mode millis peakHeapBytes peakRssBytes classes violations}.
 */
public final class RulesOverhead {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path jar = Path.of(args[1]);
        long start = System.nanoTime();
        JavaClasses classes = new ClassFileImporter().importLocations(List.of(Location.of(new JarFile(jar.toFile()))));
        int violations = 0;
        if (mode.equals("rules")) {
            for (ArchRule rule : SessionRules.all(SessionPolicy.defaults())) {
                violations += SessionRules.violations(rule.evaluate(classes)).size();
            }
        } else {
            classes.size();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println(mode + " " + millis + " " + peak + " " + peakRss() + " " + classes.size() + " " + violations);
    }

    /** The process's peak resident set (VmHWM), in bytes; 0 where /proc is not there. */
    static long peakRss() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!java.nio.file.Files.exists(status)) {
            return 0;
        }
        for (String line : java.nio.file.Files.readAllLines(status)) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }
}
