package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The request a front end forwards to a backend and the answer it reads back: lossless for every datatype. */
class OipCodecForwardingTest {

    private final OipCodec codec = new OipCodec();

    static Stream<Tensor> everyDatatype() {
        return OipCodecDecodeTest.everyDatatype().map(arguments -> {
            Object[] a = arguments.get();
            return Tensor.of("x", DataType.fromOipName((String) a[0]).orElseThrow(), new long[] {3}, a[2]);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDatatype")
    void a_forwarded_request_should_decode_to_the_same_tensors(Tensor tensor) {
        // GIVEN a tensor with the datatype's extremes, and another input
        Tensor other = Tensor.ofFloats("y", new long[] {1, 2}, new float[] {0.1f, Float.MIN_VALUE});

        // WHEN encoded as a forwarded request and decoded by the backend
        byte[] body = codec.encodeInferRequest("req-7", List.of(tensor, other), List.of("label"));
        OipInferRequest decoded = codec.decodeInferRequest(body);

        // THEN the backend sees exactly the same inputs, id and wanted outputs
        assertThat(decoded.id()).isEqualTo("req-7");
        assertThat(decoded.inputs()).containsExactly(Map.entry("x", tensor), Map.entry("y", other));
        assertThat(decoded.outputs()).containsExactly("label");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyDatatype")
    void a_backends_response_should_decode_to_the_same_outputs(Tensor tensor) {
        byte[] body = codec.encodeInferResponse("m", "1.0.0", "req-7", Map.of("endpoint", "e"), List.of(tensor));

        assertThat(codec.decodeInferResponse(body)).containsExactly(Map.entry("x", tensor));
    }

    @Test
    void decodeInferResponse_should_refuse_an_answer_without_outputs_or_with_a_broken_tensor() {
        assertThatThrownBy(() -> codec.decodeInferResponse("{\"model_name\":\"m\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class).hasMessageContaining("outputs");
        assertThatThrownBy(() -> codec.decodeInferResponse(
                "{\"outputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1]}]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class);
        assertThatThrownBy(() -> codec.decodeInferResponse("<html>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedRequestException.class);
    }
}
