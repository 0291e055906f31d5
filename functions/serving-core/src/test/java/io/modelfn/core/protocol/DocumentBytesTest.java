package io.modelfn.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DocumentBytesTest {

    @Test
    void a_document_written_in_one_piece_should_come_back_as_exactly_its_bytes() throws IOException {
        // GIVEN a small document written by the protocols' generator
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("a", 1.5f);
            g.writeEndObject();
        }

        // THEN the array is the document, nothing more
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1.5}");
        assertThat(bytes.size()).isEqualTo(9);
    }

    @Test
    void a_document_larger_than_the_generators_buffer_should_keep_every_byte_in_order() throws IOException {
        // GIVEN 20,000 values, so the generator hands its buffer over several times
        DocumentBytes bytes = new DocumentBytes();
        StringBuilder expected = new StringBuilder("[");
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartArray();
            for (int i = 0; i < 20_000; i++) {
                g.writeNumber(i);
                expected.append(i == 0 ? "" : ",").append(i);
            }
            g.writeEndArray();
        }
        expected.append(']');

        // THEN the bytes are the whole document
        assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void trailing_room_should_follow_the_document_zeroed() {
        // GIVEN bytes written one at a time and as a slice
        DocumentBytes bytes = new DocumentBytes();
        bytes.write('{');
        bytes.write(new byte[] {'x', '}', 'y'}, 1, 1);

        // WHEN taken with room for 3 more
        byte[] body = bytes.toByteArray(3);

        // THEN the document comes first and the room after it
        assertThat(body).containsExactly('{', '}', 0, 0, 0);
    }
}
