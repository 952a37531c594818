package dev.sessionguard.baseline;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The baseline folder on disk: read-modify-write of one rule's file under the folder's lock (one JVM's threads through
 * an in-process lock, JVMs through a file lock), replaced by atomic rename with its mode kept, through a symbolic link
 * to its target. Temporary files a killed write left behind are removed under the lock.
 */
final class BaselineFolder {
    static final String LOCK_FILE = ".session-guard.lock";
    /** {@code SG001.8213409911.tmp}: what a write creates next to the file it replaces, and renames. */
    private static final Pattern TEMP = Pattern.compile("\\.?[^.]+\\.\\d+\\.tmp");
    private static final String PIN = "*.txt text eol=lf";
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration SAY_WAITING_AFTER = Duration.ofSeconds(1);

    private final Path folder;
    private final Duration lockTimeout;

    BaselineFolder(Path folder, Duration lockTimeout) {
        this.folder = folder;
        this.lockTimeout = lockTimeout;
    }

    /** A baseline path that exists must be a folder: otherwise every violation would look new without a word why. */
    static void check(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new BaselineException(folder + ": the baseline path is not a folder (sessionguard.baseline)");
        }
    }

    Path file(String id) {
        return folder.resolve(id + ".txt");
    }

    /** The file as it is, or null where there is none. */
    BaselineFile read(String id) {
        Path file = file(id);
        return Files.exists(file) ? BaselineFile.read(file, id) : null;
    }

    /**
     * Re-reads one rule's file under the lock and writes what {@code change} makes of it (null: nothing to write).
     * Returns the file as it was before, or null where there was none.
     */
    BaselineFile update(String id, String description, boolean pinLineEnds, UnaryOperator<BaselineFile> change) {
        check(folder);
        ReentrantLock local = IN_PROCESS.computeIfAbsent(folder.toAbsolutePath().normalize(), f -> new ReentrantLock());
        long deadline = System.nanoTime() + lockTimeout.toNanos();
        try {
            Files.createDirectories(folder);
            Path lockFile = folder.resolve(LOCK_FILE);
            if (!local.tryLock(SAY_WAITING_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                waiting(lockFile);
                if (!local.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    throw gaveUp(lockFile);
                }
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lock(channel, lockFile, deadline)) {
                removeLeftovers();
                BaselineFile current = read(id);
                BaselineFile next = change.apply(current);
                if (next != null && !next.equals(current)) {
                    write(file(id), next.render(description));
                }
                if (pinLineEnds) {
                    pinLineEnds();
                }
                return current;
            } finally {
                local.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BaselineException(folder + ": interrupted while waiting for the baseline lock", e);
        } catch (AccessDeniedException e) {
            throw new BaselineException(folder + ": cannot write the baseline (access denied: " + e.getFile() + ")", e);
        } catch (IOException e) {
            throw new BaselineException(folder + ": cannot write the baseline (" + e + ")", e);
        }
    }

    private FileLock lock(FileChannel channel, Path lockFile, long deadline) throws IOException, InterruptedException {
        long sayAt = System.nanoTime() + SAY_WAITING_AFTER.toNanos();
        boolean said = false;
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return lock;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw gaveUp(lockFile);
            }
            if (!said && now - sayAt >= 0) {
                waiting(lockFile);
                said = true;
            }
            Thread.sleep(50);
        }
    }

    private static void waiting(Path lockFile) {
        BaselineNotes.say("session-guard: waiting for the baseline lock held by another test JVM: " + lockFile);
    }

    private BaselineException gaveUp(Path lockFile) {
        return new BaselineException(lockFile + ": gave up waiting for the baseline lock after " + lockTimeout.toSeconds()
                + " s (another JVM holds it; sessionguard.baseline.lockTimeout sets how long to wait)");
    }

    /** Writes are under the lock, so a temporary file seen under the lock is what a killed write left behind. */
    private void removeLeftovers() throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, p -> TEMP.matcher(p.getFileName().toString()).matches())) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Replaces the file by atomic rename, keeping its mode (a new file gets the umask's); a symbolic link is written
     * through to its target, which stays where it is.
     */
    private static void write(Path file, String text) throws IOException {
        Path target = file;
        if (Files.isSymbolicLink(file)) {
            try {
                target = file.toRealPath();
            } catch (IOException e) {
                throw new BaselineException(file + ": a symbolic link whose target cannot be resolved (" + e.getMessage() + ")", e);
            }
        }
        Path temp = target.resolveSibling(file.getFileName().toString().replaceFirst("\\.txt$", "")
                + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
        try {
            Files.write(temp, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            PosixFileAttributeView mode = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            if (mode != null && Files.exists(target)) {
                Files.getFileAttributeView(temp, PosixFileAttributeView.class).setPermissions(mode.readAttributes().permissions());
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A Windows checkout with {@code core.autocrlf} must not turn the files CRLF: pins LF unless a line pins it already. */
    private void pinLineEnds() throws IOException {
        Path attributes = folder.resolve(".gitattributes");
        List<String> lines = Files.exists(attributes) ? Files.readAllLines(attributes, StandardCharsets.UTF_8) : List.of();
        boolean pinned = lines.stream().map(String::strip).anyMatch(l -> (l.startsWith("*.txt ") || l.startsWith("* "))
                && l.contains("eol=lf"));
        if (!pinned) {
            String before = Files.exists(attributes) ? Files.readString(attributes, StandardCharsets.UTF_8) : "";
            String joined = before.isEmpty() || before.endsWith("\n") ? before : before + "\n";
            write(attributes, joined + PIN + "\n");
        }
    }
}
