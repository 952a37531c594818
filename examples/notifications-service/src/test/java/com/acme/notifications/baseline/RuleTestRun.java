package com.acme.notifications.baseline;

import java.io.PrintWriter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * A test JVM of the service's build, reduced to its rule-test classes: runs the named classes, in the order given,
 * through the JUnit Platform as surefire does, prints the failures and exits 1 if any. The module root is
 * {@code -Dbasedir}, as under surefire.
 */
public final class RuleTestRun {
    public static void main(String[] args) throws Exception {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        for (String name : args) {
            LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Class.forName(name))).build();
            LauncherFactory.create().execute(request, summary);
            summary.getSummary().printFailuresTo(new PrintWriter(System.out, true), 0);
            if (summary.getSummary().getTotalFailureCount() > 0) {
                System.exit(1);
            }
        }
    }
}
