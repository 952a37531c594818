package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import dev.sessionguard.policy.Preset;
import dev.sessionguard.policy.SessionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** Unusual bytecode never crashes the analysis, and a method it cannot analyse is a warning, never a silent pass. */
class FlowRobustnessTest {
    private static final SessionPolicy JDBC = SessionPolicy.builder().presets(Preset.JDBC).build();
    private static final String DS = "javax/sql/DataSource";
    private static final String CONNECTION = "java/sql/Connection";

    /** {@code Class#method} and the finding, for every finding in the classes. */
    private static Map<String, SessionFinding> findings(JavaClasses classes) {
        FlowAnalysis flow = new FlowAnalysis(JDBC, classes);
        Map<String, SessionFinding> all = new LinkedHashMap<>();
        classes.forEach(c -> flow.of(c).findings().forEach(f -> all.put(c.getName() + "#" + f.method(), f)));
        return all;
    }

    /** A Java 1.4 class whose finally block is a JSR/RET subroutine that closes, or forgets to close, the connection. */
    private static JavaClasses jsrClass(Path dir, boolean closes) throws IOException {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        String name = "dev/sessionguard/fixtures/jsr/JsrFixture";
        cw.visit(Opcodes.V1_4, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        cw.visitSource("JsrFixture.java", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "(L" + DS + ";)Z", null, null);
        Label start = new Label();
        Label end = new Label();
        Label handler = new Label();
        Label fin = new Label();
        m.visitCode();
        m.visitTryCatchBlock(start, end, handler, null);
        Label l10 = new Label();
        m.visitLabel(l10);
        m.visitLineNumber(10, l10);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, DS, "getConnection", "()L" + CONNECTION + ";", true);
        m.visitVarInsn(Opcodes.ASTORE, 1);
        m.visitLabel(start);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        m.visitInsn(Opcodes.ICONST_1);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, CONNECTION, "isValid", "(I)Z", true);
        m.visitVarInsn(Opcodes.ISTORE, 2);
        m.visitJumpInsn(Opcodes.JSR, fin);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitInsn(Opcodes.IRETURN);
        m.visitLabel(end);
        m.visitLabel(handler);
        m.visitVarInsn(Opcodes.ASTORE, 3);
        m.visitJumpInsn(Opcodes.JSR, fin);
        m.visitVarInsn(Opcodes.ALOAD, 3);
        m.visitInsn(Opcodes.ATHROW);
        m.visitLabel(fin);
        m.visitVarInsn(Opcodes.ASTORE, 4);
        m.visitVarInsn(Opcodes.ALOAD, 1);
        if (closes) {
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, CONNECTION, "close", "()V", true);
        } else {
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, CONNECTION, "clearWarnings", "()V", true);
        }
        m.visitVarInsn(Opcodes.RET, 4);
        m.visitMaxs(0, 0);
        m.visitEnd();
        cw.visitEnd();
        Path file = dir.resolve(name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
        return new ClassFileImporter().importLocations(List.of(Location.of(dir)));
    }

    @Test
    void jsr_ret_subroutines_of_old_class_files_are_followed(@TempDir Path closing, @TempDir Path leaking) throws IOException {
        assertThat(findings(jsrClass(closing, true))).isEmpty();
        assertThat(findings(jsrClass(leaking, false))).hasSize(1).hasEntrySatisfying("dev.sessionguard.fixtures.jsr.JsrFixture#run", f -> {
            assertThat(f.kind()).isEqualTo(SessionFinding.Kind.LEAK);
            assertThat(f.line()).isEqualTo(10);
        });
    }

    @Test
    void a_method_too_complex_to_analyse_is_a_warning_with_its_reason() {
        JavaClasses classes = new ClassFileImporter().importPackages("dev.sessionguard.fixtures.complex");
        FlowAnalysis flow = new FlowAnalysis(JDBC, classes);
        JavaClass c = classes.get("dev.sessionguard.fixtures.complex.TooComplex");

        assertThat(flow.of(c).findings()).isEmpty();
        assertThat(flow.of(c).warnings()).singleElement().satisfies(w -> {
            assertThat(w.member()).isEqualTo("everyCombination");
            assertThat(w.message()).isEqualTo("session-guard: warning: dev.sessionguard.fixtures.complex.TooComplex#everyCombination"
                    + " could not be analysed (AnalyzerException: more than 200000 states (method too complex));"
                    + " SG002/SG003 are not checked there");
        });
        assertThat(flow.warnings()).hasSize(1);
    }

    @Test
    void a_very_large_method_is_analysed(@TempDir Path dir) throws IOException {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS | ClassWriter.COMPUTE_FRAMES);
        String name = "dev/sessionguard/fixtures/large/Large";
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        MethodVisitor m = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run", "(L" + DS + ";)V", null, null);
        m.visitCode();
        Label first = new Label();
        m.visitLabel(first);
        m.visitLineNumber(1, first);
        m.visitVarInsn(Opcodes.ALOAD, 0);
        m.visitMethodInsn(Opcodes.INVOKEINTERFACE, DS, "getConnection", "()L" + CONNECTION + ";", true);
        m.visitVarInsn(Opcodes.ASTORE, 1);
        for (int i = 0; i < 6_000; i++) {
            m.visitVarInsn(Opcodes.ALOAD, 1);
            m.visitMethodInsn(Opcodes.INVOKEINTERFACE, CONNECTION, "clearWarnings", "()V", true);
        }
        m.visitInsn(Opcodes.RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        Path file = dir.resolve(name + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, cw.toByteArray());
        JavaClasses classes = new ClassFileImporter().importLocations(List.of(Location.of(dir)));
        FlowAnalysis flow = new FlowAnalysis(JDBC, classes);

        FlowAnalysis.ClassFlow result = flow.of(classes.get("dev.sessionguard.fixtures.large.Large"));
        assertThat(result.warnings()).isEmpty();
        assertThat(result.findings()).singleElement().satisfies(f -> assertThat(f.kind()).isEqualTo(SessionFinding.Kind.LEAK));
    }

    /** Every call that returns an object is treated as a source: the interpreter meets every kind of instruction. */
    private static final CallModel EVERYTHING_IS_A_SOURCE = new CallModel() {
        @Override
        public boolean isSource(MethodInsnNode call) {
            return Type.getReturnType(call.desc).getSort() == Type.OBJECT;
        }

        @Override
        public boolean closesArgument(MethodInsnNode call, int index) {
            return call.name.startsWith("close");
        }

        @Override
        public int returnsArgument(MethodInsnNode call) {
            return NO_ARGUMENT;
        }

        @Override
        public java.util.Set<String> thrownBy(MethodInsnNode call) {
            return java.util.Set.of(CallModel.ANY);
        }

        @Override
        public Catch catches(String catchType, String thrown) {
            return catchType == null ? Catch.ALL : Catch.SOME;
        }

        @Override
        public boolean isProgrammingError(String thrown) {
            return false;
        }

        @Override
        public boolean keeps(MethodInsnNode call) {
            return call.name.startsWith("add");
        }

        @Override
        public boolean ownsWhatItIsGiven(String internalName) {
            return internalName.hashCode() % 2 == 0;
        }

        @Override
        public boolean isSessionType(String internalName) {
            return internalName.startsWith("java/sql/") || internalName.startsWith("org/hibernate/");
        }

        @Override
        public boolean isKeeper(String internalName) {
            return internalName.startsWith("java/util/");
        }

        @Override
        public boolean lambdaCloses(String owner, String name, String desc, int index) {
            return name.startsWith("lambda$");
        }
    };

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"org/hibernate/orm/hibernate-core", "org/jetbrains/kotlin/kotlin-stdlib", "org/scala-lang/scala-library"})
    void every_method_of_real_jars_including_kotlin_and_scala_is_analysed_without_a_crash(String artifact) throws IOException {
        Path jar = jarOnClasspath(artifact);
        int methods = 0;
        int tooComplex = 0;
        List<String> failures = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Enumeration<JarEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (!e.getName().endsWith(".class") || e.getName().contains("module-info")) {
                    continue;
                }
                ClassNode node = new ClassNode();
                try (InputStream in = file.getInputStream(e)) {
                    new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
                }
                for (MethodNode m : node.methods) {
                    MethodFlow.Sessions r = MethodFlow.ofSources(m, EVERYTHING_IS_A_SOURCE);
                    methods++;
                    if (r.failure() != null) {
                        if (r.failure().contains("method too complex")) {
                            tooComplex++;
                        } else {
                            failures.add(node.name + "#" + m.name + m.desc + ": " + r.failure());
                        }
                    }
                }
            }
        }
        assertThat(failures).as("%s: %d methods, %d too complex", artifact, methods, tooComplex).isEmpty();
        assertThat(methods).isGreaterThan(5_000);
        assertThat(tooComplex).isLessThan(methods / 100);
    }

    private static Path jarOnClasspath(String artifact) {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.replace('\\', '/').contains("/" + artifact + "/") && entry.endsWith(".jar")) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException(artifact + " is not on the test classpath");
    }
}
