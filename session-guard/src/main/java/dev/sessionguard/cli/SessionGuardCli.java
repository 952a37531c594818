package dev.sessionguard.cli;

import com.tngtech.archunit.PublicAPI;
import dev.sessionguard.baseline.BaselineException;
import dev.sessionguard.policy.SessionGuardConfigurationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Arrays;

import static com.tngtech.archunit.PublicAPI.Usage.ACCESS;

/** The command line: {@code java -jar session-guard-<version>-cli.jar audit [options] PATH...}. */
@Command(name = "session-guard", mixinStandardHelpOptions = true, versionProvider = SessionGuardCli.Version.class,
        description = "Keeps database sessions honest.",
        subcommands = {AuditCommand.class, BaselineCommand.class, CheckStagedCommand.class})
@PublicAPI(usage = ACCESS)
public final class SessionGuardCli {
    static final int BAD_INPUT = 2;
    /** Said when the heap runs out. A crash never exits 1, which CI reads as "new violations": 2, with one line. */
    private static final String OUT_OF_MEMORY = "session-guard: out of memory (%s): the audit needs a larger heap than"
            + " this JVM has; run it as java -Xmx4g -jar session-guard-<version>-cli.jar ... (or audit fewer PATHs or"
            + " modules at a time)";

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "print stack traces of errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line and returns its exit code; output goes to {@code out} and {@code err}. Whatever fails,
     * {@link OutOfMemoryError} and {@link StackOverflowError} included, is exit code 2 with one line on {@code err}.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return execute(args, out, err);
        } catch (Throwable e) {
            return crashed(e, err, Arrays.asList(args).contains("--verbose"));
        }
    }

    /** One line for a crash (the stack trace with --verbose), and exit code 2. */
    private static int crashed(Throwable e, PrintWriter err, boolean verbose) {
        if (e instanceof OutOfMemoryError) {
            err.println(String.format(OUT_OF_MEMORY, e.getMessage()));
        } else {
            err.println("session-guard: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + (verbose ? "" : " (--verbose prints the stack trace)"));
        }
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    private static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new SessionGuardCli());
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("session-guard: " + e.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof SessionGuardConfigurationException
                    || e instanceof BaselineException) {
                String message = e.getMessage();
                err.println(message.startsWith("session-guard: ") ? message : "session-guard: " + message);
            } else {
                return crashed(e, err, verbose);
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            return BAD_INPUT;
        });
        if (args.length == 0) {
            cli.usage(err);
            return BAD_INPUT;
        }
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SessionGuardCli.class.getPackage().getImplementationVersion();
            return new String[] {"session-guard " + (v == null ? "(development build)" : v)};
        }
    }
}
