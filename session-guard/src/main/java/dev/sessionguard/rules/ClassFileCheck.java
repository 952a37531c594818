package dev.sessionguard.rules;

import dev.sessionguard.annotation.Internal;
import dev.sessionguard.flow.ClassFiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Why a class file cannot be trusted, for the rules and the audit alike. The parser accepts a damaged header (a bad
 * magic number, a version below the first class file format) and the import then reads or drops the file without a
 * word; the JVM would refuse it. So the header is checked for every class file, and the whole file for one the import
 * did not read.
 */
@Internal
public final class ClassFileCheck {
    private static final int MAGIC = 0xCAFEBABE;
    private static final int HEADER = 8;
    /** The major version of Java 1.0's class files, the oldest there is. */
    private static final int OLDEST_MAJOR = 45;

    private ClassFileCheck() {
    }

    /** The problem of a whole class file, if it has one. */
    public static Optional<String> problem(byte[] bytes) {
        Optional<String> parse = ClassFiles.problem(bytes);
        return parse.isPresent() ? parse : header(bytes);
    }

    /** The problem of the header of a class file the import read, if it has one; only the header is read. */
    public static Optional<String> headerProblem(InputStream in) throws IOException {
        return header(in.readNBytes(HEADER));
    }

    private static Optional<String> header(byte[] bytes) {
        if (bytes.length < HEADER) {
            return Optional.of("a truncated or damaged class file (" + bytes.length + " bytes, shorter than a class file header)");
        }
        int magic = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
        if (magic != MAGIC) {
            return Optional.of(String.format("a truncated or damaged class file (bad magic number 0x%08X, expected 0xCAFEBABE)", magic));
        }
        int major = (bytes[6] & 0xff) << 8 | bytes[7] & 0xff;
        if (major < OLDEST_MAJOR) {
            return Optional.of("a truncated or damaged class file (class file version " + major + " is older than the"
                    + " oldest, " + OLDEST_MAJOR + ")");
        }
        return Optional.empty();
    }
}
