package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The short version of load with changes, in the build: {@code samples/load/LoadWithChanges.java} (the
 * tool the full run uses, launched as its own process) sends 5,000 requests at concurrency 8 to the
 * local runner application while the weights of an endpoint change every 300 ms through the admin
 * API and, halfway, the canary is rolled back by the CloudWatch alarm event at {@code POST /local/events}.
 * No request may fail, and none may be served by a variant whose weight had been 0 for longer than
 * the registry refresh interval (200 ms here) plus a grace of 250 ms for one registry read. The full
 * run (100,000 requests at concurrency 32, a change every second): {@code samples/load/load-with-changes.sh}.
 */
@QuarkusTest
@TestProfile(LocalRunnerTestProfile.class)
class LoadWithChangesIT {

    @TestHTTPResource("/")
    URI base;

    @Test
    void no_request_should_fail_or_reach_a_variant_at_weight_zero_while_weights_change_and_the_canary_rolls_back()
            throws Exception {
        // GIVEN the load tool of samples/load, pointed at this application
        Path root = LocalRunnerTestProfile.repositoryRoot();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "samples/load/LoadWithChanges.java",
                "--url", base.toString(), "--token", LocalRunnerTestProfile.TOKEN, "--requests", "5000", "--concurrency", "8",
                "--change-every-ms", "300", "--refresh-ms", Long.toString(LocalRunnerTestProfile.REFRESH_MILLIS), "--grace-ms", "250");

        // WHEN it runs: requests, weight changes every 300 ms, the alarm event halfway
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        boolean ended = process.waitFor(180, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        System.out.println("load with changes (short run):\n" + output);

        // THEN it passed: every request answered 200, the canary was rolled back, no zero-weight variant served
        assertThat(ended).as("the tool finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(number(output, "notOk")).isZero();
        assertThat(number(output, "violations")).isZero();
        assertThat(number(output, "changes")).isGreaterThanOrEqualTo(4);
        assertThat(output).contains("\"rolledBack\":true");
        assertThat(number(output, "maxZeroWeightLagMs")).isLessThanOrEqualTo(LocalRunnerTestProfile.REFRESH_MILLIS + 250);
    }

    private static long number(String output, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(output);
        assertThat(m.find()).as("%s in the summary", field).isTrue();
        return Long.parseLong(m.group(1));
    }
}
