package dev.sessionguard.flow;

import java.util.Optional;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;

/** Whether class-file bytes can be read at all: what an import would otherwise skip without a word. */
public final class ClassFiles {
    private ClassFiles() {
    }

    /** Why the bytes are not a readable class file, or empty when they are. */
    public static Optional<String> problem(byte[] bytes) {
        try {
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) { },
                    ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
            return Optional.empty();
        } catch (RuntimeException e) {
            String what = bytes.length < 4 || (bytes[0] & 0xff) != 0xca || (bytes[1] & 0xff) != 0xfe
                    ? "not a class file" : "a truncated or damaged class file";
            return Optional.of(what + " (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
