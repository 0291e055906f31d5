package io.modelfn.local;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * The local runner as configured, for tests: an admin token, its own bucket, cache and work folders
 * (so the repository's models/ is only read), a random port, and a 200 ms registry refresh.
 */
public class LocalRunnerTestProfile implements QuarkusTestProfile {

    static final String TOKEN = "local-runner-test-token";
    static final long REFRESH_MILLIS = 200;

    @Override
    public Map<String, String> getConfigOverrides() {
        Path work;
        try {
            work = Files.createTempDirectory("modelfn-local-runner-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.http.test-port", "0",
                "modelfn.admin.token", TOKEN,
                "local-runner.models-dir", repositoryRoot().resolve("models").toString(),
                "modelfn.store.local-root", work.resolve("bucket").toString(),
                "modelfn.cache.dir", work.resolve("cache").toString(),
                "modelfn.admin.work-dir", work.resolve("admin").toString(),
                "modelfn.registry.refresh-interval", REFRESH_MILLIS + "ms");
    }

    static Path repositoryRoot() {
        String configured = System.getProperty("sample.models.dir");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize().getParent();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("samples/load/LoadWithChanges.java"))) {
                return dir;
            }
        }
        throw new IllegalStateException("the repository root (with samples/load) was not found");
    }
}
