package io.modelfn.core.shadow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.backend.Backend;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.FakeEngine;
import io.modelfn.core.testkit.Registries;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShadowEventJsonTest {

    private static final ModelVersion SHADOW = Registries.version("iris/2.0.0", FakeEngine.SIGNATURE, "mem:x",
            "0".repeat(64), 1);

    @Test
    void decode_should_give_back_every_field_and_exact_values_of_every_datatype_when_encoded() {
        // GIVEN a copy whose tensors cover every data type, with values decimal text would round
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("f32", Tensor.ofFloats("f32", new long[] {1, 3}, new float[] {0.1f, Float.MIN_VALUE, -3.4e38f}));
        inputs.put("f64", Tensor.of("f64", DataType.FP64, new long[] {2}, new double[] {Math.PI, -0.0}));
        inputs.put("i8", Tensor.of("i8", DataType.INT8, new long[] {2}, new byte[] {-128, 127}));
        inputs.put("f16", Tensor.of("f16", DataType.FP16, new long[] {1}, new short[] {(short) 0x3C00}));
        inputs.put("i32", Tensor.of("i32", DataType.INT32, new long[] {2}, new int[] {Integer.MIN_VALUE, 7}));
        inputs.put("u64", Tensor.of("u64", DataType.UINT64, new long[] {1}, new long[] {-1L}));
        inputs.put("b", Tensor.of("b", DataType.BOOL, new long[] {3}, new boolean[] {true, false, true}));
        inputs.put("s", Tensor.of("s", DataType.BYTES, new long[] {2}, new String[] {"ä \"quoted\"", ""}));
        Map<String, Tensor> served = Map.of("label", Tensor.ofLongs("label", new long[] {1}, new long[] {2}));
        ShadowCopy copy = new ShadowCopy("iris", SHADOW, inputs, served, new Backend.SageMaker("gpu-ep"), "req-9", 42);

        // WHEN it is encoded and decoded
        ShadowEvent event = ShadowEventJson.decode(ShadowEventJson.encode(copy));

        // THEN everything comes back, bit for bit
        assertThat(event.endpoint()).isEqualTo("iris");
        assertThat(event.shadow()).isEqualTo(ModelKey.parse("iris/2.0.0"));
        assertThat(event.backend()).isEqualTo(new Backend.SageMaker("gpu-ep"));
        assertThat(event.requestId()).isEqualTo("req-9");
        assertThat(event.revision()).isEqualTo(42);
        assertThat(event.inputs()).isEqualTo(inputs);
        assertThat(event.served()).isEqualTo(served);
        assertThat(event.copyFor(SHADOW)).isEqualTo(copy);
    }

    @Test
    void isShadowEvent_should_be_true_only_when_the_marker_is_the_first_field() {
        byte[] encoded = ShadowEventJson.encode(new ShadowCopy("iris", SHADOW, Map.of(), Map.of(), null, null, -1));
        // An HTTP API event whose body is a shadow event: what API Gateway makes of a caller who sends one.
        String forwarded = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/\",\"body\":"
                + quoted(new String(encoded, StandardCharsets.UTF_8)) + ",\"isBase64Encoded\":false}";
        String later = "{\"version\":\"2.0\",\"modelfnShadow\":1}";

        assertThat(ShadowEventJson.isShadowEvent(encoded)).isTrue();
        assertThat(ShadowEventJson.isShadowEvent(forwarded.getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ShadowEventJson.isShadowEvent(later.getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ShadowEventJson.isShadowEvent("[1]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ShadowEventJson.isShadowEvent("not json".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(ShadowEventJson.isShadowEvent(new byte[0])).isFalse();
    }

    @Test
    void decode_should_refuse_an_event_it_cannot_read() {
        assertThatThrownBy(() -> ShadowEventJson.decode("{\"modelfnShadow\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidShadowEventException.class);
        assertThatThrownBy(() -> ShadowEventJson.decode("{\"modelfnShadow\":99,\"endpoint\":\"x\"}"
                .getBytes(StandardCharsets.UTF_8))).isInstanceOf(InvalidShadowEventException.class);
        assertThatThrownBy(() -> ShadowEventJson.decode("{".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidShadowEventException.class);
        String oddBytes = "{\"modelfnShadow\":1,\"endpoint\":\"iris\",\"model\":\"iris\",\"version\":\"2.0.0\","
                + "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":\"AAA=\"}],\"served\":[]}";
        assertThatThrownBy(() -> ShadowEventJson.decode(oddBytes.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidShadowEventException.class);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
