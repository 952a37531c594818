package dev.sessionguard.cli;

import dev.sessionguard.baseline.BaselineStore;
import dev.sessionguard.baseline.SessionBaseline;
import dev.sessionguard.policy.SessionPolicy;
import dev.sessionguard.report.AuditReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code baseline}: shows the baseline against the code, and with {@code --write} creates or regrows it. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Shows the frozen baseline against the current violations; --write freezes them.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:nothing new (or written)", "1:new violations (without --write)",
                "2:bad input or configuration, or a crash (out of memory included; never 1)"})
final class BaselineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--write", description = "create or regrow the baseline from the current violations")
    boolean write;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        policyOptions.skipUnreadable = target.skipUnreadable;
        Reactor reactor = ReactorAudit.of(target.paths);
        if (reactor != null) {
            return reactor(reactor);
        }
        Path configFile = policyOptions.configFile(target.paths);
        SessionPolicy policy = policyOptions.policy(configFile);
        PrintWriter out = spec.commandLine().getOut();
        Audit.Outcome outcome = Audit.runNamingConfiguration(configFile, () -> Audit.run(policy, target.paths,
                policyOptions.classpathEntries(), target.baseline(), target.skipUnreadable,
                Audit.Progress.forTerminal(spec.commandLine().getErr())));
        AuditReport report = outcome.report();
        if (write) {
            freeze(out, outcome);
            return 0;
        }
        show(out, outcome);
        return report.newCount() == 0 ? 0 : 1;
    }

    /** Each built module's baseline, in its own folder. */
    private int reactor(Reactor reactor) {
        PrintWriter out = spec.commandLine().getOut();
        ReactorAudit.Outcome outcome = ReactorAudit.run(reactor, policyOptions, target.baseline(), target.skipUnreadable,
                spec.commandLine().getErr(), Audit.Progress.forTerminal(spec.commandLine().getErr()));
        for (String skipped : outcome.report().skipped()) {
            out.println("session-guard: skipped " + skipped);
        }
        for (Audit.Outcome module : outcome.modules()) {
            if (write) {
                freeze(out, module);
            } else {
                show(out, module);
            }
        }
        return write || outcome.report().newCount() == 0 ? 0 : 1;
    }

    private static void freeze(PrintWriter out, Audit.Outcome outcome) {
        for (Map.Entry<String, List<String>> rule : outcome.messagesByRule().entrySet()) {
            BaselineStore.freeze(outcome.baselineFolder(), rule.getKey(), rule.getValue());
        }
        out.println("session-guard: baseline written to " + outcome.baselineFolder());
        SessionBaseline.read(outcome.baselineFolder()).values()
                .forEach(f -> out.println("  " + SessionBaseline.progress(f)));
    }

    private static void show(PrintWriter out, Audit.Outcome outcome) {
        AuditReport report = outcome.report();
        out.println("session-guard baseline " + outcome.baselineFolder() + (report.hasBaseline() ? "" : " (none yet)"));
        for (AuditReport.RuleSummary s : report.summaries()) {
            out.println("  " + BuildCheck.summaryLine(s));
        }
    }
}
