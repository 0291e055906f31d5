package io.modelfn.core.protocol.oip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.protocol.PayloadTooLargeException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A body the HTTP layer already holds is read as a streamed one: same limit, same inputs. */
class OipRequestInMemoryBodyTest {

    private static final byte[] BODY = ("{\"id\":\"r1\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,2],"
            + "\"data\":[1.5,2.5]}]}").getBytes(StandardCharsets.UTF_8);

    private final OipCodec codec = new OipCodec();

    @Test
    void read_should_decode_an_in_memory_body_as_the_streamed_one() {
        // GIVEN the same body in memory and as a stream, both within the limit
        OipRequest inMemory = OipRequest.of(codec, "iris", null, "application/json", null, BODY, BODY.length);
        OipRequest streamed = OipRequest.of(codec, "iris", null, "application/json", null,
                new ByteArrayInputStream(BODY), BODY.length);
        // WHEN both are read
        inMemory.read();
        streamed.read();
        // THEN they carry the same input
        assertThat(inMemory.inputs(null).get("input").floats()).containsExactly(1.5f, 2.5f);
        assertThat(inMemory.inputs(null).get("input").floats()).containsExactly(streamed.inputs(null).get("input").floats());
    }

    @Test
    void read_should_refuse_an_in_memory_body_past_the_limit() {
        // GIVEN a body one byte over the limit (a chunked body has no declared length to refuse earlier)
        OipRequest request = OipRequest.of(codec, "iris", null, "application/json", null, BODY, BODY.length - 1);
        // THEN reading it is refused as a streamed body is: 413
        assertThatThrownBy(request::read).isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining(Integer.toString(BODY.length - 1));
        OipRequest binary = OipRequest.of(codec, "iris", null, "application/json", Integer.toString(BODY.length), BODY,
                BODY.length - 1);
        assertThatThrownBy(binary::read).isInstanceOf(PayloadTooLargeException.class);
    }
}
