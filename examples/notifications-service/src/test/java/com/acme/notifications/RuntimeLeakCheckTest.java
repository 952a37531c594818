package com.acme.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import com.acme.notifications.leaks.RouteSessionCases;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

/** The run-time backstop on the real routes: the leaky one's test fails naming the line that opened the session. */
class RuntimeLeakCheckTest {

    @Test
    void the_leaky_routes_test_fails_naming_where_the_session_was_opened_and_the_fixed_routes_passes() {
        Map<String, TestExecutionResult> results = new ConcurrentHashMap<>();
        LauncherFactory.create().execute(request().selectors(selectClass(RouteSessionCases.class)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        results.put(test.getDisplayName(), result);
                    }
                });

        assertThat(results.get("notificationsRoute()").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
        TestExecutionResult leaky = results.get("whatsUpRoute()");
        assertThat(leaky.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(leaky.getThrowable().orElseThrow().getMessage()).startsWith("SG002 runtime: org.hibernate.Session"
                + " opened at com.acme.notifications.routes.JarvisApi#whatsUp(JarvisApi.java:13)"
                + " during com.acme.notifications.leaks.RouteSessionCases#whatsUpRoute() was never closed\n"
                + "\tat com.acme.notifications.routes.JarvisApi.whatsUp(JarvisApi.java:13)\n");
        assertThat(results.get("RouteSessionCases").getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    }
}
