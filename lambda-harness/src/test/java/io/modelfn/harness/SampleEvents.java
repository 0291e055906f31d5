package io.modelfn.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The API Gateway HTTP API (payload v2) events of {@code samples/events/}. */
final class SampleEvents {

    private SampleEvents() {
    }

    static Path folder() {
        return Path.of(System.getProperty("sample.events.dir", "../samples/events"));
    }

    static List<String> apiGatewayEvents() {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("apigw-v2-") && n.endsWith(".json"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] read(String name) {
        try {
            return Files.readAllBytes(folder().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
