package io.modelfn.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessProbeTest {

    @Test
    void probe_should_read_this_process_from_proc() {
        long pid = ProcessHandle.current().pid();

        assertThat(ProcessProbe.state(pid)).isIn('R', 'S');
        assertThat(ProcessProbe.cpuTicks(pid)).isPositive();
        assertThat(ProcessProbe.residentKb(pid)).isGreaterThan(10_000);
    }

    @Test
    void stopped_process_should_read_as_stopped_and_use_no_cpu() throws Exception {
        // GIVEN a busy child process, stopped with SIGSTOP
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Thread.sleep(200);
            new ProcessBuilder("kill", "-STOP", Long.toString(busy.pid())).start().waitFor();
            Thread.sleep(100);

            // WHEN its CPU time is read twice, half a second apart
            long before = ProcessProbe.cpuTicks(busy.pid());
            Thread.sleep(500);

            // THEN it reads as stopped and its CPU time did not grow
            assertThat(ProcessProbe.state(busy.pid())).isEqualTo('T');
            assertThat(ProcessProbe.cpuTicks(busy.pid())).isEqualTo(before);
        } finally {
            busy.destroyForcibly();
        }
    }
}
