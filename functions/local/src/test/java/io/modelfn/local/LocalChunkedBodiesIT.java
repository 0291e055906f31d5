package io.modelfn.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The local runner, whose HTTP body limit is 2 GB for uploads, refuses chunked bodies (no
 * Content-Length) on the routes that would buffer them whole before our limit is checked, and still
 * takes them where the body is streamed and cut at 5 MB (the inference protocol).
 */
@QuarkusTest
@TestProfile(LocalRunnerTestProfile.class)
class LocalChunkedBodiesIT {

    private static final String PREDICT = "{\"endpoint\":\"iris\",\"inputs\":{\"input\":[[5.1,3.5,1.4,0.2]]}}";
    private static final String OIP =
            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}";

    @TestHTTPResource("/")
    URI base;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> post(String path, byte[] body, boolean chunked, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void chunked_function_bodies_should_be_refused_with_411_and_streamed_ones_served() throws Exception {
        byte[] predict = PREDICT.getBytes(StandardCharsets.UTF_8);
        byte[] huge = new byte[8 << 20];
        Arrays.fill(huge, (byte) '[');

        // WHEN function bodies come chunked (a small valid one, an 8 MB one), to predict and to the admin API
        HttpResponse<String> small = post("/predict", predict, true, null);
        HttpResponse<String> large = post("/predict", huge, true, null);
        HttpResponse<String> admin = post("/admin/endpoints/describe", "{\"endpoint\":\"iris\"}".getBytes(), true,
                LocalRunnerTestProfile.TOKEN);

        // THEN each is refused with 411 and a JSON error, before the body is held
        for (HttpResponse<String> response : java.util.List.of(small, large, admin)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(411);
            assertThat(response.body()).startsWith("{\"error\":\"length required");
        }

        // AND with a Content-Length the same predict request is served, and the inference protocol takes chunked bodies
        assertThat(post("/predict", predict, false, null).statusCode()).isEqualTo(200);
        assertThat(post("/v2/models/iris/infer", OIP.getBytes(StandardCharsets.UTF_8), true, null).statusCode())
                .isEqualTo(200);
    }
}
