package io.modelfn.lambda.afterresponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The after-response extension's thread in Linux's idle scheduling class, and no other thread with it. */
class IdleSchedulingTest {

    @Test
    void the_calling_thread_and_only_it_should_move_to_the_idle_class() throws Exception {
        assumeThat(System.getProperty("os.name")).as("SCHED_IDLE is Linux's").startsWithIgnoringCase("linux");
        // GIVEN a thread of ordinary class
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                int before = policy();
                // WHEN it moves itself
                Optional<String> refused = IdleScheduling.applyToCurrentThread();
                outcome.complete(before + " " + refused.orElse("applied") + " " + policy());
            } catch (Exception e) {
                outcome.completeExceptionally(e);
            }
        });
        thread.start();

        // THEN it ran in the ordinary class (0), then in the idle class (5), and this thread did not move
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("0 applied " + IdleScheduling.SCHED_IDLE);
        assertThat(policy()).isZero();
    }

    /** The calling thread's scheduling policy: the 41st field of its {@code stat} line. */
    private static int policy() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is the state, the third field of the line
        return Integer.parseInt(fields[41 - 3]);
    }
}
