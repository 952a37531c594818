package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.sessionguard.fixtures.callmodel.DeepHelpers;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.ClassNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No finding depends on the order of classes or methods: the same classes analysed with classes and methods in
 * shuffled orders (the class files rewritten with their methods reordered) give identical findings, field stores and
 * inferred sources and closers.
 */
class FlowDeterminismTest {
    private static final String F = "dev.sessionguard.fixtures.";
    private static final String[] PACKAGES = {F + "callmodel", F + "flow", F + "sg002", F + "sg003", F + "sg004",
            F + "clean", F + "twr", F + "results", F + "reactive"};
    private static final SessionPolicy POLICY = SessionPolicy.builder().closers(F + "flow.db.FlowDb#release").build();

    @Test
    void findings_do_not_depend_on_the_order_of_classes() {
        JavaClasses classes = new ClassFileImporter().importPackages(PACKAGES);
        List<JavaClass> ordered = new ArrayList<>(classes);
        Map<String, String> expected = outcome(ordered, ordered);
        assertThat(expected.values()).as("the fixtures have findings to compare").anyMatch(s -> s.contains("LEAK"));
        Random random = new Random(21);
        for (int round = 0; round < 5; round++) {
            List<JavaClass> built = new ArrayList<>(ordered);
            Collections.shuffle(built, random);
            List<JavaClass> asked = new ArrayList<>(ordered);
            Collections.shuffle(asked, random);
            assertThat(outcome(built, asked)).as("round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void findings_do_not_depend_on_the_order_of_methods(@TempDir Path dir) throws IOException {
        JavaClasses original = new ClassFileImporter().importPackages(PACKAGES);
        Map<String, String> expected = outcome(new ArrayList<>(original), new ArrayList<>(original));
        Random random = new Random(2026);
        for (int round = 0; round < 3; round++) {
            Path out = dir.resolve("round" + round);
            for (JavaClass c : original) {
                rewriteWithShuffledMethods(c, out, random);
            }
            List<JavaClass> shuffled = new ArrayList<>(new ClassFileImporter().importPath(out));
            assertThat(outcome(shuffled, shuffled)).as("round %d", round).isEqualTo(expected);
        }
    }

    /**
     * A helper's may-throw answer is the same whether it was first asked for itself or on the way to a caller's: a
     * summary read at the depth bound is never reused where the bound lies elsewhere.
     */
    @Test
    void summaries_do_not_depend_on_which_helper_was_asked_first() {
        JavaClasses classes = new ClassFileImporter().importClasses(DeepHelpers.class, DeepHelpers.CallsOuter.class,
                DeepHelpers.CallsMiddle.class, DeepHelpers.Unavailable.class);
        JavaClass outer = classes.get(DeepHelpers.CallsOuter.class);
        JavaClass middle = classes.get(DeepHelpers.CallsMiddle.class);
        List<JavaClass> all = new ArrayList<>(classes);
        Map<String, String> outerFirst = outcome(all, List.of(outer, middle));
        Map<String, String> middleFirst = outcome(all, List.of(middle, outer));
        assertThat(middleFirst).isEqualTo(outerFirst);
        assertThat(outerFirst.get(middle.getName())).contains("CLOSE_NOT_GUARANTEED");
        assertThat(outerFirst.get(outer.getName())).doesNotContain("CLOSE_NOT_GUARANTEED");
    }

    /** Per class, everything the analysis says of it, plus what it inferred, as text. */
    private static Map<String, String> outcome(List<JavaClass> built, List<JavaClass> asked) {
        FlowAnalysis flow = new FlowAnalysis(POLICY, built);
        Map<String, String> all = new TreeMap<>();
        for (JavaClass c : asked) {
            FlowAnalysis.ClassFlow r = flow.of(c);
            List<String> lines = new ArrayList<>();
            r.findings().forEach(f -> lines.add(f.toString()));
            r.fieldStores().forEach(s -> lines.add(s.toString()));
            r.warnings().forEach(w -> lines.add(w.toString()));
            Collections.sort(lines);
            all.put(c.getName(), lines + " guarded " + r.guardedSessions());
        }
        all.put(" inferred", flow.inferredSources() + " " + flow.inferredClosers());
        return all;
    }

    private static void rewriteWithShuffledMethods(JavaClass c, Path out, Random random) throws IOException {
        ClassNode node = new ClassNode();
        try (InputStream in = c.getSource().orElseThrow().getUri().toURL().openStream()) {
            new ClassReader(in).accept(node, 0);
        }
        Collections.shuffle(node.methods, random);
        Collections.shuffle(node.fields, random);
        ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        Path file = out.resolve(node.name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, writer.toByteArray());
    }
}
