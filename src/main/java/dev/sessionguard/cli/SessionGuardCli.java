package dev.sessionguard.cli;

import com.tngtech.archunit.PublicAPI;
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

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT, description = "print stack traces of errors")
    boolean verbose;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cli = new CommandLine(new SessionGuardCli());
        cli.setOut(out).setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("session-guard: " + e.getMessage() + " (see --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof SessionGuardConfigurationException
                    || e instanceof dev.sessionguard.baseline.BaselineException) {
                String message = e.getMessage();
                err.println(message.startsWith("session-guard: ") ? message : "session-guard: " + message);
            } else {
                err.println("session-guard: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + (verbose ? "" : " (--verbose prints the stack trace)"));
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
