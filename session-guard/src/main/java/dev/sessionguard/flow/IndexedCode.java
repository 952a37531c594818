package dev.sessionguard.flow;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import dev.sessionguard.policy.CallFacts;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The code one import can see, indexed: the analysed classes, the library classes their calls and handlers name, the
 * class files read so far (analysed ones for inference, library ones on the class path for summaries), and which
 * bodies a call may run. Keyed by name and sorted, so no answer depends on the order classes were imported in.
 */
final class IndexedCode {
    /** How many overrides a virtual call may have for its bodies to be read (a call with more counts as a library's). */
    static final int MAX_OVERRIDES = 16;
    /** How many library class files one import reads for summaries at most; past that, library calls are unread. */
    static final int LIBRARY_CLASS_LIMIT = 4_000;

    /** The body of a method that a call may run, with its class's internal name. */
    record Body(String owner, MethodNode method) {
    }

    private final Map<String, JavaClass> known = new HashMap<>();
    private final Map<String, JavaClass> analysed = new TreeMap<>();
    private final Set<String> registered = new HashSet<>();
    private final Map<String, Optional<ClassNode>> nodes = new HashMap<>();
    /** Analysed class files, read once until {@link #forgetAnalysedNodes}; empty where unreadable. */
    private final Map<String, Optional<ClassReader>> readers = new HashMap<>();
    /** Single methods of analysed classes ({@link #methodNode}), by class, name and descriptor. */
    private final Map<String, Optional<MethodNode>> methodNodes = new HashMap<>();
    private final Map<String, Optional<ClassNode>> libraryNodes = new HashMap<>();
    private final Map<String, Optional<JavaClass>> declaringClasses = new HashMap<>();
    /** Analysed classes by every supertype they have; built on first use. */
    private Map<String, List<JavaClass>> implementations;
    final TypeHierarchy hierarchy = new TypeHierarchy(known);

    IndexedCode(Collection<JavaClass> classes) {
        for (JavaClass c : classes) {
            analysed.put(c.getName(), c);
            known.put(c.getName(), c);
        }
    }

    /** The analysed classes, by name. */
    Collection<JavaClass> analysedClasses() {
        return analysed.values();
    }

    boolean isAnalysed(String internalName) {
        return analysed.containsKey(internalName.replace('/', '.'));
    }

    /** A class the import knows, analysed or named by analysed code; null when none is known by that name. */
    JavaClass known(String internalName) {
        return known.get(internalName.replace('/', '.'));
    }

    void know(JavaClass c) {
        known.putIfAbsent(c.getName(), c);
    }

    /** Makes the owners of a class's calls, caught and declared exceptions known, for assignability checks. */
    void register(JavaClass c) {
        if (registered.add(c.getName())) {
            c.getCodeUnitCallsFromSelf().forEach(call -> know(call.getTargetOwner()));
            for (JavaCodeUnit u : c.getCodeUnits()) {
                u.getTryCatchBlocks().forEach(t -> t.getCaughtThrowables().forEach(this::know));
                u.getThrowsClause().getTypes().forEach(this::know);
            }
        }
    }

    /** Whether the type named by its internal name is {@code type} (binary name) or a subtype of it, as far as known. */
    boolean assignable(String internalOwner, String type) {
        String name = internalOwner.replace('/', '.');
        if (name.equals(type)) {
            return true;
        }
        JavaClass c = known.get(name);
        if (c != null) {
            return c.isAssignableTo(type);
        }
        return Boolean.TRUE.equals(hierarchy.isSubtype(internalOwner, type.replace('.', '/')));
    }

    /** The class file of an analysed class, read once until {@link #forgetAnalysedNodes}. */
    Optional<ClassNode> classNode(JavaClass c) {
        return nodes.computeIfAbsent(c.getName(), n -> reader(c).flatMap(r -> parseAll(r, ClassReader.SKIP_FRAMES)));
    }

    /** Inference reads each candidate class several times; afterwards only the callees of summaries are kept. */
    void forgetAnalysedNodes() {
        nodes.clear();
        methodNodes.clear();
        readers.clear();
    }

    /**
     * One method of an analysed class. Most classes are asked for one or two of their methods (a candidate, a callee),
     * so a method is parsed on its own, unless its whole class already is: ASM skips the others' code unread.
     */
    Optional<MethodNode> methodNode(JavaClass owner, String name, String desc) {
        Optional<ClassNode> whole = nodes.get(owner.getName());
        if (whole != null) {
            return whole.flatMap(cn -> find(cn, name, desc));
        }
        return methodNodes.computeIfAbsent(owner.getName() + " " + name + desc,
                k -> reader(owner).flatMap(r -> parseOne(r, name, desc)));
    }

    private static Optional<MethodNode> find(ClassNode cn, String name, String desc) {
        return cn.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(desc)).findFirst();
    }

    /**
     * The bodies a call may run: for the analysed code, the method it resolves to (declared by its owner or an
     * analysed superclass) and, for a virtual call, every override among the analysed classes (none past
     * {@link #MAX_OVERRIDES}); for a library method on the class path (not the JDK's), the body its owner declares
     * where the call cannot run another (static, private, constructor, final method or class).
     */
    List<Body> bodiesOf(MethodInsnNode call) {
        JavaClass owner = analysed.get(call.owner.replace('/', '.'));
        if (owner == null) {
            return libraryBody(call).map(List::of).orElse(List.of());
        }
        List<Body> bodies = new ArrayList<>();
        declaringClass(call).ifPresent(c -> declared(c, call.name, call.desc).filter(m -> m.instructions.size() > 0)
                .ifPresent(m -> bodies.add(new Body(internal(c), m))));
        boolean virtual = call.getOpcode() == Opcodes.INVOKEVIRTUAL || call.getOpcode() == Opcodes.INVOKEINTERFACE;
        if (!virtual && !bodies.isEmpty()) {
            return bodies;
        }
        List<JavaClass> overriding = implementationsOf(owner).stream().filter(impl -> impl.getCodeUnits().stream()
                .anyMatch(u -> u.getName().equals(call.name) && descriptorOf(u).equals(call.desc))).toList();
        if (overriding.size() > MAX_OVERRIDES) {
            return List.of();
        }
        for (JavaClass impl : overriding) {
            declared(impl, call.name, call.desc).filter(m -> m.instructions.size() > 0)
                    .ifPresent(m -> bodies.add(new Body(internal(impl), m)));
        }
        return bodies;
    }

    private Optional<Body> libraryBody(MethodInsnNode call) {
        if (CallFacts.isJdk(call.owner.replace('/', '.')) || call.getOpcode() == Opcodes.INVOKEINTERFACE) {
            return Optional.empty();
        }
        Optional<ClassNode> node = libraryNode(call.owner);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        Optional<MethodNode> m = find(node.get(), call.name, call.desc).filter(b -> b.instructions.size() > 0);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        boolean fixed = call.getOpcode() != Opcodes.INVOKEVIRTUAL
                || (m.get().access & (Opcodes.ACC_FINAL | Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC)) != 0
                || (node.get().access & Opcodes.ACC_FINAL) != 0;
        return fixed ? Optional.of(new Body(call.owner, m.get())) : Optional.empty();
    }

    /**
     * The exceptions a method declares, read from class files where the import does not know its owner (a callee of
     * a library body): through the owner's superclasses and interfaces. Empty when no class file declares the method.
     */
    Optional<List<String>> declaredExceptions(MethodInsnNode call) {
        List<String> todo = new ArrayList<>(List.of(call.owner));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String owner = todo.remove(0);
            if (!seen.add(owner)) {
                continue;
            }
            Optional<ClassNode> node = libraryNode(owner);
            if (node.isEmpty()) {
                continue;
            }
            Optional<MethodNode> m = find(node.get(), call.name, call.desc);
            if (m.isPresent()) {
                return Optional.of(m.get().exceptions == null ? List.of() : List.copyOf(m.get().exceptions));
            }
            if (node.get().superName != null) {
                todo.add(node.get().superName);
            }
            todo.addAll(node.get().interfaces);
        }
        return Optional.empty();
    }

    /** A library class file, through the context class loader (the test class path, or the CLI's --classpath). */
    private Optional<ClassNode> libraryNode(String internalName) {
        Optional<ClassNode> cached = libraryNodes.get(internalName);
        if (cached != null) {
            return cached;
        }
        if (libraryNodes.size() >= LIBRARY_CLASS_LIMIT) {
            return Optional.empty();
        }
        Optional<ClassNode> read = Optional.empty();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader != null) {
            try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
                // a library body is only summarised: its lines and local names are never reported
                read = in == null ? Optional.empty() : parseAll(new ClassReader(in), ClassReader.SKIP_FRAMES | ClassReader.SKIP_DEBUG);
            } catch (IOException | RuntimeException e) {
                read = Optional.empty();
            }
        }
        libraryNodes.put(internalName, read);
        return read;
    }

    /** The analysed class that declares the method a call resolves to: its owner or an analysed superclass. */
    Optional<JavaClass> declaringClass(MethodInsnNode call) {
        return declaringClasses.computeIfAbsent(key(call.owner, call.name, call.desc), k -> {
            JavaClass c = analysed.get(call.owner.replace('/', '.'));
            while (c != null) {
                if (c.getCodeUnits().stream().anyMatch(m -> m.getName().equals(call.name) && descriptorOf(m).equals(call.desc))) {
                    return Optional.of(c);
                }
                c = c.getRawSuperclass().map(sc -> analysed.get(sc.getName())).orElse(null);
            }
            return Optional.empty();
        });
    }

    /** The key of the method a call resolves to: a call through a subclass names the subclass as its owner. */
    String declaringKey(MethodInsnNode call) {
        return key(declaringClass(call).map(IndexedCode::internal).orElse(call.owner), call.name, call.desc);
    }

    /** The code unit a call names, through its owner's hierarchy, if the owner is known. */
    Optional<JavaCodeUnit> resolve(MethodInsnNode call) {
        JavaClass owner = known(call.owner);
        if (owner == null) {
            return Optional.empty();
        }
        List<JavaCodeUnit> units = new ArrayList<>(owner.getAllMethods());
        units.addAll(owner.getConstructors());
        for (JavaCodeUnit u : units) {
            if (u.getName().equals(call.name) && descriptorOf(u).equals(call.desc)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    private List<JavaClass> implementationsOf(JavaClass type) {
        if (implementations == null) {
            // one pass over the hierarchy of every analysed class, not one scan of all classes per called type
            implementations = new HashMap<>();
            for (JavaClass c : analysed.values()) {
                if (!c.isInterface()) {
                    for (JavaClass sup : c.getAllRawSuperclasses()) {
                        implementations.computeIfAbsent(sup.getName(), k -> new ArrayList<>()).add(c);
                    }
                    for (JavaClass sup : c.getAllRawInterfaces()) {
                        implementations.computeIfAbsent(sup.getName(), k -> new ArrayList<>()).add(c);
                    }
                }
            }
        }
        return implementations.getOrDefault(type.getName(), List.of());
    }

    private Optional<MethodNode> declared(JavaClass c, String name, String desc) {
        // the imported model answers most of these without reading the class file
        if (!analysed.containsKey(c.getName()) || c.getCodeUnits().stream().noneMatch(u -> u.getName().equals(name))) {
            return Optional.empty();
        }
        register(c);
        return methodNode(c, name, desc);
    }

    private Optional<ClassReader> reader(JavaClass c) {
        return readers.computeIfAbsent(c.getName(), n -> read(c));
    }

    private static Optional<ClassReader> read(JavaClass c) {
        if (c.getSource().isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = c.getSource().get().getUri().toURL().openStream()) {
            return Optional.of(new ClassReader(in));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<ClassNode> parseAll(ClassReader reader, int flags) {
        try {
            ClassNode node = new ClassNode(Opcodes.ASM9);
            reader.accept(node, flags);
            return Optional.of(node);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first method of that name and descriptor, as {@link ClassNode} would hold it, the others left unparsed. */
    private static Optional<MethodNode> parseOne(ClassReader reader, String name, String desc) {
        MethodNode[] found = new MethodNode[1];
        try {
            reader.accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int access, String n, String d, String signature, String[] exceptions) {
                    if (found[0] != null || !n.equals(name) || !d.equals(desc)) {
                        return null;
                    }
                    found[0] = new MethodNode(Opcodes.ASM9, access, n, d, signature, exceptions);
                    return found[0];
                }
            }, ClassReader.SKIP_FRAMES);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return Optional.ofNullable(found[0]);
    }

    static String key(String owner, String name, String desc) {
        return owner + " " + name + desc;
    }

    static String internal(JavaClass c) {
        return c.getName().replace('.', '/');
    }

    static String descriptorOf(JavaCodeUnit m) {
        StringBuilder d = new StringBuilder("(");
        m.getRawParameterTypes().forEach(p -> d.append(descriptor(p)));
        return d.append(')').append(descriptor(m.getRawReturnType())).toString();
    }

    static String descriptor(JavaClass c) {
        if (c.isArray()) {
            return "[" + descriptor(c.getComponentType());
        }
        if (c.isPrimitive()) {
            return Type.getType(c.reflect()).getDescriptor();
        }
        return "L" + internal(c) + ";";
    }
}
