package io.modelfn.api;

import static io.modelfn.core.testkit.TensorAssertions.assertMatchesReference;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.modelfn.api.testing.SampleCases;
import io.modelfn.api.testing.TensorJson;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.testkit.SampleModels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request bodies of {@code samples/requests/} (what the README and {@code samples/call-all.sh}
 * send) keep working: each is answered by the version its name pins.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class SampleRequestsIT {

    /** {@code <protocol>-<model>-<version>.<json|csv>}, e.g. {@code sagemaker-wide-mlp-1.1.0.csv}. */
    private static final Pattern NAME = Pattern.compile("(oip-infer|predict|sagemaker)-(.+)-(\\d+\\.\\d+\\.\\d+)\\.(json|csv)");

    static Stream<String> sampleRequests() throws IOException {
        try (Stream<Path> files = Files.list(requestsFolder())) {
            return files.map(p -> p.getFileName().toString()).filter(name -> NAME.matcher(name).matches()).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleRequests")
    void sampleRequest_should_be_answered_by_pinned_version(String file) {
        // GIVEN a sample request body, named after its protocol and the version it is for
        Matcher name = NAME.matcher(file);
        assertThat(name.matches()).isTrue();
        String protocol = name.group(1);
        ModelKey key = new ModelKey(name.group(2), name.group(3));
        String body = read(file);

        // WHEN it is sent the way samples/call-all.sh sends it
        Response response = switch (protocol) {
            case "oip-infer" -> given().contentType("application/json").body(body)
                    .post("/v2/models/" + key.name() + "/versions/" + key.version() + "/infer");
            case "predict" -> given().contentType("application/json").body(body).post("/predict");
            default -> given().contentType(file.endsWith(".csv") ? "text/csv" : "application/json")
                    .header("X-ModelFn-Endpoint", key.name()).header("X-ModelFn-Version", key.version())
                    .body(body).post("/invocations");
        };

        // THEN that version answers; OIP answers match its reference outputs
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.header("X-ModelFn-Model")).isEqualTo(key.name());
        assertThat(response.header("X-ModelFn-Version")).isEqualTo(key.version());
        if (protocol.equals("oip-infer")) {
            assertMatchesReference(TensorJson.oipOutputs(TensorJson.parse(response.asString())),
                    SampleCases.referenceCase(key, "batch-of-8").outputs(), file);
        }
    }

    private static Path requestsFolder() {
        return SampleModels.root().getParent().resolve("samples").resolve("requests");
    }

    private static String read(String file) {
        try {
            return Files.readString(requestsFolder().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
