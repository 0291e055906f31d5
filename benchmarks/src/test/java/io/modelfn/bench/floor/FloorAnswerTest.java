package io.modelfn.bench.floor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.bench.SampleRepository;
import io.modelfn.bench.overhead.ServingFixture;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.prediction.CallContext;
import io.modelfn.core.protocol.oip.OipRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The floor answers exactly as modelfn does: the same bytes as the prediction path of the local
 * runner ({@code PredictionService} and {@code OipCodec}, which {@code OipResource} calls for a pinned
 * version) for the repository's sample requests, so that the throughput comparison compares equal work.
 */
class FloorAnswerTest {

    private static final List<ModelKey> KEYS = List.of(new ModelKey("iris", "1.1.0"), new ModelKey("digits", "1.0.0"));

    private static SampleRepository repository;
    private static ServingFixture modelfn;
    private final FloorCodec codec = new FloorCodec();

    @BeforeAll
    static void start() {
        repository = SampleRepository.find();
        modelfn = new ServingFixture(repository, KEYS, ServingFixture.RUNNER_SETTINGS);
    }

    @AfterAll
    static void stop() {
        modelfn.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iris/1.1.0", "digits/1.0.0"})
    void answer_should_be_byte_identical_to_modelfns_when_a_pinned_version_serves_the_sample(String text) throws Exception {
        // GIVEN the sample request and modelfn's answer to it on /v2/models/{m}/versions/{v}/infer
        ModelKey key = ModelKey.parse(text);
        byte[] body = repository.oipRequest(key);
        byte[] expected = modelfn.codec().encodeInferResponse(modelfn.service().serve(CallContext.startingNow("test"),
                OipRequest.of(modelfn.codec(), key.name(), key.version(), body)));

        // WHEN the floor answers it, twice through the same reused request buffer
        try (FloorModel floor = new FloorModel(key.name(), key.version(), modelfn.artifact(key), ServingFixture.RUNNER_SETTINGS)) {
            FloorRequest request = new FloorRequest(4);
            byte[] first = FloorServer.answer(floor, codec, request, body);
            byte[] second = FloorServer.answer(floor, codec, request, body);

            // THEN both answers are modelfn's, byte for byte
            assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(first).isEqualTo(expected);
            assertThat(second).isEqualTo(expected);
        }
    }

    @Test
    void decode_should_flatten_nested_data_when_the_shape_matches() {
        FloorRequest request = new FloorRequest(2);
        byte[] body = "{\"inputs\":[{\"data\":[[1,2],[3.5,4]],\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,2]}]}"
                .getBytes(StandardCharsets.UTF_8);

        codec.decode(body, 0, body.length, request);

        assertThat(request.shape()).containsExactly(2, 2);
        assertThat(request.id()).isNull();
        var values = request.values();
        float[] read = new float[values.remaining()];
        values.get(read);
        assertThat(read).containsExactly(1f, 2f, 3.5f, 4f);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[1]",
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,4],\"data\":[1,2,3]}]}",
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[1]}]}",
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[\"x\"]}]}",
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],\"extra\":1}",
        "{\"id\":\"no inputs\"}",
        "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]",
    })
    void decode_should_refuse_when_the_request_is_malformed(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(body, 0, body.length, new FloorRequest(4)))
                .isInstanceOf(FloorRequestException.class);
    }
}
