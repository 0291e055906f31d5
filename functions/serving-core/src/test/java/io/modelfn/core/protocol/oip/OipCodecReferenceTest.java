package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reference vectors of every sample model in {@code models/}, sent as Open Inference Protocol
 * requests: decoding them gives the testkit's tensors, flat or nested, and encoded outputs decode back.
 */
class OipCodecReferenceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OipCodec codec = new OipCodec();

    static Stream<Arguments> referenceCases() {
        List<Arguments> cases = new ArrayList<>();
        for (ModelKey key : SampleModels.versions()) {
            for (ReferenceVectors.Case c : SampleModels.reference(key).cases()) {
                cases.add(arguments(key + " " + c.name(), c));
            }
        }
        return cases.stream();
    }

    private static byte[] requestOf(JsonNode inputs) throws Exception {
        ObjectNode request = MAPPER.createObjectNode();
        request.set("inputs", inputs);
        return MAPPER.writeValueAsBytes(request);
    }

    /** The case's inputs with each tensor's flat data nested as its shape says. */
    private static ArrayNode nestedInputs(ReferenceVectors.Case c) {
        ArrayNode inputs = c.json().get("inputs").deepCopy();
        for (JsonNode tensor : inputs) {
            long[] shape = MAPPER.convertValue(tensor.get("shape"), long[].class);
            JsonNode flat = tensor.get("data");
            ((ObjectNode) tensor).set("data", nest(flat, shape, 0, 0, flat.size()));
        }
        return inputs;
    }

    private static ArrayNode nest(JsonNode flat, long[] shape, int depth, int offset, int length) {
        ArrayNode array = MAPPER.createArrayNode();
        if (depth == shape.length - 1) {
            for (int i = 0; i < length; i++) {
                array.add(flat.get(offset + i));
            }
            return array;
        }
        int step = length / (int) shape[depth];
        for (int i = 0; i < shape[depth]; i++) {
            array.add(nest(flat, shape, depth + 1, offset + i * step, step));
        }
        return array;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void decodeInferRequest_should_decode_every_reference_case_to_the_testkit_tensors(String name, ReferenceVectors.Case c)
            throws Exception {
        // GIVEN the case's inputs as an OIP request with flat data
        byte[] body = requestOf(c.json().get("inputs"));

        // WHEN it is decoded
        OipInferRequest request = codec.decodeInferRequest(body);

        // THEN the tensors equal the testkit's, value for value
        assertThat(request.inputs()).containsExactlyEntriesOf(c.inputs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void decodeInferRequest_should_decode_nested_reference_data_to_the_same_tensors(String name, ReferenceVectors.Case c)
            throws Exception {
        // GIVEN the same inputs with data nested by shape ([8][1][8][8] for digits)
        ArrayNode nested = nestedInputs(c);
        assertThat(nested.get(0).get("data").get(0).isArray()).as("the data is nested").isTrue();

        // WHEN it is decoded
        OipInferRequest request = codec.decodeInferRequest(requestOf(nested));

        // THEN the tensors are those of the flat request
        assertThat(request.inputs()).containsExactlyEntriesOf(c.inputs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceCases")
    void encodeInferResponse_should_write_reference_outputs_that_decode_back_to_the_same_tensors(
            String name, ReferenceVectors.Case c) throws Exception {
        // GIVEN the case's expected outputs encoded as a response
        byte[] response = codec.encodeInferResponse("m", "1", null, Map.of(), c.outputs().values());

        // WHEN the response's outputs are read back as a request's inputs
        JsonNode outputs = MAPPER.readTree(response).get("outputs");
        Map<String, Tensor> decoded = codec.decodeInferRequest(requestOf(outputs)).inputs();

        // THEN every output survives the trip unchanged
        assertThat(decoded).containsExactlyEntriesOf(c.outputs());
    }
}
