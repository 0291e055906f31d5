package io.modelfn.local;

import io.modelfn.core.testkit.RawHttp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged local runner ({@code target/quarkus-app/quarkus-run.jar}, what {@code samples/run-local.sh}
 * starts) in its own process on a free port, with its own bucket, cache and admin folders and an admin
 * token, run from the repository root. Its output goes to {@code target/packaged-runner.log}.
 */
final class PackagedRunner implements AutoCloseable {

    static final String TOKEN = "packaged-runner-test-token";
    static final String HOST = "127.0.0.1";

    private final Process process;
    private final Path log;
    final int port;

    private PackagedRunner(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the runner with these extra settings ({@code key=value}) and waits until it is ready. */
    static PackagedRunner start(Duration startTimeout, String... settings) throws IOException, InterruptedException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the module's package phase builds it");
        }
        Path root = LocalRunnerTestProfile.repositoryRoot();
        Path work = Files.createTempDirectory("modelfn-packaged-runner");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dquarkus.http.port=" + port, "-Dquarkus.http.host=" + HOST,
                "-Dmodelfn.admin.token=" + TOKEN,
                "-Dlocal-runner.models-dir=" + root.resolve("models"),
                "-Dmodelfn.store.local-root=" + work.resolve("bucket"),
                "-Dmodelfn.cache.dir=" + work.resolve("cache"),
                "-Dmodelfn.admin.work-dir=" + work.resolve("admin"),
                "-Dmodelfn.admin.public-url=http://" + HOST + ":" + port));
        for (String setting : settings) {
            command.add("-D" + setting);
        }
        command.addAll(List.of("-jar", jar.toString()));
        Path log = Path.of("target/packaged-runner.log").toAbsolutePath();
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OPT_OUT_TRACKING", "true");
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        PackagedRunner runner = new PackagedRunner(builder.start(), log, port);
        runner.awaitReady(startTimeout);
        return runner;
    }

    /** The status of {@code GET /v2/health/ready}, or -1 when nothing answered within 5 s. */
    int readyStatus() {
        try {
            return new RawHttp(HOST, port).exchange("GET /v2/health/ready HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1), Duration.ofSeconds(5)).status();
        } catch (IOException e) {
            return -1;
        }
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runner exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (readyStatus() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the runner was not ready within " + timeout + ":\n" + logTail());
    }

    String logTail() throws IOException {
        String text = Files.readString(log, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
