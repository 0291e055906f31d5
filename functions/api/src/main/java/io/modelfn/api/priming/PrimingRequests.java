package io.modelfn.api.priming;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Builds the Open Inference Protocol request a priming run sends to a model version: one example
 * (every dynamic dimension 1) of zeros for each input of its signature ({@code false} for booleans,
 * empty strings for {@code BYTES}), so any registered version can be primed without sample data.
 * Stateless, thread-safe.
 */
final class PrimingRequests {

    static final String REQUEST_ID = "modelfn-priming";
    /** Larger inputs are not primed with zeros: the priming would cost more than it saves. */
    static final long MAX_ELEMENTS = 1 << 22;

    private static final JsonFactory JSON = new JsonFactory();

    private PrimingRequests() {
    }

    /**
     * The request body, as a client would send it.
     *
     * @throws IllegalArgumentException when an input has more than {@value #MAX_ELEMENTS} elements
     */
    static byte[] oipBody(Signature signature) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("id", REQUEST_ID);
            g.writeArrayFieldStart("inputs");
            for (TensorSpec input : signature.inputs()) {
                writeZeros(g, input);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeZeros(JsonGenerator g, TensorSpec input) throws IOException {
        long[] shape = input.shape();
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] == -1 ? 1 : shape[i];
            elements *= shape[i];
        }
        if (elements > MAX_ELEMENTS) {
            throw new IllegalArgumentException("input " + input.name() + " has " + elements + " elements; not primed");
        }
        g.writeStartObject();
        g.writeStringField("name", input.name());
        g.writeStringField("datatype", input.dataType().oipName());
        g.writeArrayFieldStart("shape");
        for (long dim : shape) {
            g.writeNumber(dim);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("data");
        for (long i = 0; i < elements; i++) {
            if (input.dataType() == DataType.BOOL) {
                g.writeBoolean(false);
            } else if (input.dataType() == DataType.BYTES) {
                g.writeString("");
            } else if (input.dataType().isFloatingPoint()) {
                g.writeNumber(0.0);
            } else {
                g.writeNumber(0);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }
}
