package io.modelfn.core.protocol.oip;

import io.modelfn.core.model.DataType;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.ShortDecimalFloats;
import io.modelfn.core.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the plainest inference requests straight from their bytes, in one pass and without a JSON parser: an
 * object of {@code inputs} and optionally an {@code id} and {@code outputs} (each a {@code name}, and at most the
 * {@code binary_data} parameter), each input {@code name}, {@code datatype} {@code "FP32"},
 * {@code shape} and {@code data}, its data numbers that {@link ShortDecimalFloats} reads (flat, or nested as the
 * shape), names of printable ASCII without escapes. That is the common request (every sample request here; what a
 * Python client's {@code json.dumps} writes for a float32 array's {@code tolist()}), and reading it here takes half
 * the time of the parser and {@code TensorDataReader}.
 *
 * <p>It never refuses a request: for anything else (other fields or types, other parameters, escapes, numbers off the
 * fast path, anything the parser would refuse) it answers {@code null}, and {@link OipCodec} reads the request
 * with the parser, which gives the client its error. So it only needs to be right about what it accepts: the
 * same request, value for value, as the parser path decodes from the same bytes, and never a request that path
 * refuses. It holds the parser's limits ({@link Json}: number length, nesting, duplicate keys) by declining.
 */
final class PlainRequestReader {

    /** {@link Json#FACTORY}'s longest number: a longer one is the parser's error. */
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Names longer than this go to the parser (whose own limit is far higher). */
    private static final int MAX_STRING_LENGTH = 1024;
    /** {@code OipCodec}'s most dimensions of a shape. */
    private static final int MAX_RANK = 32;
    /** The field names the reader takes; any other is left to the parser. */
    private static final String[] FIELDS = {"id", "inputs", "outputs", "name", "datatype", "shape", "data",
        "parameters", BinaryTensorExtension.DATA};
    private static final int MAX_SHAPE_DIGITS = 18;
    /** {@link ShortDecimalFloats#of}'s bound: one more digit cannot overflow a long. */
    private static final long MAX_MANTISSA = 1_000_000_000_000_000_000L;

    private final byte[] in;
    private final int end;
    private int at;

    private PlainRequestReader(byte[] in, int length) {
        this.in = in;
        this.end = length;
    }

    /** The request in {@code body[0, length)}, or null when it is not one this reader takes. */
    static OipInferRequest read(byte[] body, int length) {
        return new PlainRequestReader(body, length).request();
    }

    private OipInferRequest request() {
        skipSpace();
        if (!take('{')) {
            return null;
        }
        String id = null;
        boolean hasId = false;
        Map<String, Tensor> inputs = null;
        List<String> outputs = null;
        Map<String, Boolean> binaryData = new LinkedHashMap<>();
        do {
            String field = field();
            if (field == null) {
                return null;
            }
            switch (field) {
                case "id" -> {
                    if (hasId || (id = string()) == null) {
                        return null;
                    }
                    hasId = true;
                }
                case "inputs" -> {
                    if (inputs != null || (inputs = inputs()) == null) {
                        return null;
                    }
                }
                case "outputs" -> {
                    if (outputs != null || (outputs = outputs(binaryData)) == null) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            skipSpace();
        } while (take(','));
        if (!take('}') || inputs == null) {
            return null;
        }
        skipSpace();
        return at == end ? new OipInferRequest(id, null, inputs, outputs == null ? List.of() : outputs, binaryData) : null;
    }

    /**
     * The requested outputs' names, each an object of a {@code name} and at most a {@code parameters} object that
     * holds only {@value BinaryTensorExtension#DATA} (true or false, put in {@code binaryData}); null otherwise.
     */
    private List<String> outputs(Map<String, Boolean> binaryData) {
        if (!take('[')) {
            return null;
        }
        skipSpace();
        if (take(']')) {
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        do {
            skipSpace();
            if (!take('{')) {
                return null;
            }
            String name = null;
            Boolean binary = null;
            boolean hasParameters = false;
            do {
                String field = field();
                if (field == null) {
                    return null;
                }
                switch (field) {
                    case "name" -> {
                        if (name != null || (name = string()) == null) {
                            return null;
                        }
                    }
                    case "parameters" -> {
                        if (hasParameters || !take('{') || !BinaryTensorExtension.DATA.equals(field())) {
                            return null;
                        }
                        hasParameters = true;
                        binary = bool();
                        skipSpace();
                        if (binary == null || !take('}')) {
                            return null;
                        }
                    }
                    default -> {
                        return null;
                    }
                }
                skipSpace();
            } while (take(','));
            if (!take('}') || name == null || !names.add(name)) {
                return null;
            }
            if (binary != null) {
                binaryData.put(name, binary);
            }
            skipSpace();
        } while (take(','));
        return take(']') ? List.copyOf(names) : null;
    }

    /** {@code true} or {@code false} at the cursor, or null. */
    private Boolean bool() {
        if (literal("true")) {
            return Boolean.TRUE;
        }
        return literal("false") ? Boolean.FALSE : null;
    }

    private boolean literal(String word) {
        return literal(word, false);
    }

    /** Takes {@code word}'s ASCII at the cursor, in quotes when {@code quoted}; false, the cursor unmoved, if not. */
    private boolean literal(String word, boolean quoted) {
        int length = word.length();
        int from = quoted ? at + 1 : at;
        int after = from + length + (quoted ? 1 : 0);
        if (after > end || (quoted && (in[at] != '"' || in[after - 1] != '"'))) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (in[from + i] != word.charAt(i)) {
                return false;
            }
        }
        at = after;
        return true;
    }

    private Map<String, Tensor> inputs() {
        if (!take('[')) {
            return null;
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        do {
            skipSpace();
            Tensor tensor = tensor();
            if (tensor == null || inputs.put(tensor.name(), tensor) != null) {
                return null;
            }
            skipSpace();
        } while (take(','));
        return take(']') ? inputs : null;
    }

    private Tensor tensor() {
        if (!take('{')) {
            return null;
        }
        String name = null;
        boolean fp32 = false;
        long[] shape = null;
        TensorData data = null;
        do {
            String field = field();
            if (field == null) {
                return null;
            }
            switch (field) {
                case "name" -> {
                    if (name != null || (name = string()) == null || name.isEmpty()) {
                        return null;
                    }
                }
                case "datatype" -> {
                    if (fp32 || !literal("\"FP32\"")) {
                        return null;
                    }
                    fp32 = true;
                }
                case "shape" -> {
                    if (shape != null || (shape = shape()) == null) {
                        return null;
                    }
                }
                case "data" -> {
                    // Data before its name, type and shape is read by the parser through a buffer that keeps
                    // integers as numbers, not text ("-0" comes back as 0): to read it as that path does, leave
                    // it to that path.
                    if (data != null || name == null || !fp32 || shape == null) {
                        return null;
                    }
                    data = new TensorData(shape);
                    if (!data.read()) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
            skipSpace();
        } while (take(','));
        // Data is read only after its name, type and shape.
        if (!take('}') || data == null) {
            return null;
        }
        return Tensor.of(name, DataType.FP32, shape, data.values());
    }

    private long[] shape() {
        if (!take('[')) {
            return null;
        }
        long[] dims = new long[4];
        int rank = 0;
        skipSpace();
        if (take(']')) {
            return new long[0];
        }
        do {
            skipSpace();
            int start = at;
            long dim = 0;
            while (at < end && in[at] >= '0' && in[at] <= '9') {
                dim = dim * 10 + (in[at++] - '0');
            }
            int digits = at - start;
            // JSON allows no leading zero; a sign, fraction or exponent is the parser's to judge or refuse.
            if (digits == 0 || digits > MAX_SHAPE_DIGITS || (digits > 1 && in[start] == '0') || rank == MAX_RANK) {
                return null;
            }
            if (rank == dims.length) {
                dims = Arrays.copyOf(dims, rank * 2);
            }
            dims[rank++] = dim;
            skipSpace();
        } while (take(','));
        return take(']') ? Arrays.copyOf(dims, rank) : null;
    }

    /**
     * One input's data as it is read, against its shape (which the reader has by then): flat, or nested with each
     * array as long as its dimension and the values at the last one, the rules of {@code TensorDataReader}.
     */
    private final class TensorData {

        private final long[] shape;
        private float[] values;
        private int count;

        TensorData(long[] shape) {
            this.shape = shape;
            // Sized by the shape, but never past what the bytes left can hold.
            long room = (end - at) / 2 + 1;
            this.values = new float[(int) Math.max(1, Math.min(room, Tensor.elementCount(shape)))];
        }

        /** Reads the data array at the cursor; false when it is not plain or does not fit the shape. */
        boolean read() {
            return array(0) && count == Tensor.elementCount(shape);
        }

        private boolean array(int level) {
            if (!take('[')) {
                return false;
            }
            skipSpace();
            if (at >= end || in[at] == ']') {
                // An empty array: the parser's rules for it depend on where it is, so it is the parser's.
                return false;
            }
            boolean nested = in[at] == '[';
            // Arrays nest no deeper than the shape; values sit flat at the top or at the shape's last dimension.
            if (nested ? level + 1 >= shape.length : level != 0 && level != shape.length - 1) {
                return false;
            }
            int length = 0;
            do {
                skipSpace();
                if (nested ? !array(level + 1) : !value()) {
                    return false;
                }
                length++;
                skipSpace();
            } while (take(','));
            // A flat top level is checked by its count alone; every other array by its dimension.
            return take(']') && ((level == 0 && !nested) || length == shape[level]);
        }

        private boolean value() {
            float value = number();
            if (Float.isNaN(value)) {
                return false;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = value;
            return true;
        }

        float[] values() {
            return count == values.length ? values : Arrays.copyOf(values, count);
        }
    }

    /**
     * The JSON number at the cursor as {@link ShortDecimalFloats} reads it, or NaN when the text is not a JSON
     * number ending there or is off that fast path. What follows it is the caller's to check.
     */
    private float number() {
        // Locals, not the fields, in the loops: the JIT keeps them in registers.
        byte[] text = in;
        int limit = end;
        int i = at;
        int start = i;
        boolean negative = i < limit && text[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int exponent = 0;
        int first = i;
        for (; i < limit && text[i] >= '0' && text[i] <= '9'; i++) {
            mantissa = mantissa * 10 + (text[i] - '0');
            if (mantissa >= MAX_MANTISSA) {
                return Float.NaN;
            }
        }
        // JSON allows no leading zero.
        if (i == first || (i - first > 1 && text[first] == '0')) {
            return Float.NaN;
        }
        if (i < limit && text[i] == '.') {
            int fraction = ++i;
            for (; i < limit && text[i] >= '0' && text[i] <= '9'; i++) {
                mantissa = mantissa * 10 + (text[i] - '0');
                if (mantissa >= MAX_MANTISSA) {
                    return Float.NaN;
                }
            }
            if (i == fraction) {
                return Float.NaN;
            }
            exponent = fraction - i;
        }
        if (i < limit && (text[i] == 'e' || text[i] == 'E')) {
            i++;
            boolean negativeExponent = i < limit && text[i] == '-';
            if (i < limit && (text[i] == '-' || text[i] == '+')) {
                i++;
            }
            int digits = i;
            int written = 0;
            for (; i < limit && text[i] >= '0' && text[i] <= '9'; i++) {
                if (written > 1_000) {
                    return Float.NaN;
                }
                written = written * 10 + (text[i] - '0');
            }
            if (i == digits) {
                return Float.NaN;
            }
            exponent += negativeExponent ? -written : written;
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            return Float.NaN;
        }
        at = i;
        return ShortDecimalFloats.of(mantissa, exponent, negative);
    }

    /** A string of printable ASCII without escapes at the cursor, or null. */
    private String string() {
        if (at >= end || in[at] != '"') {
            return null;
        }
        int start = ++at;
        for (; at < end && at - start <= MAX_STRING_LENGTH; at++) {
            byte b = in[at];
            if (b == '"') {
                return new String(in, start, at++ - start, StandardCharsets.ISO_8859_1);
            }
            // Bytes of 0x80 and up are negative: UTF-8 beyond ASCII, which the parser validates.
            if (b < 0x20 || b == '\\') {
                return null;
            }
        }
        return null;
    }

    /**
     * An object's next field name, one of {@link #FIELDS} (the constant itself: nothing is allocated), and its
     * colon; null for any other name.
     */
    private String field() {
        skipSpace();
        String field = null;
        for (String known : FIELDS) {
            if (literal(known, true)) {
                field = known;
                break;
            }
        }
        if (field == null) {
            return null;
        }
        skipSpace();
        if (!take(':')) {
            return null;
        }
        skipSpace();
        return field;
    }

    private boolean take(char c) {
        if (at < end && in[at] == c) {
            at++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (at < end) {
            byte b = in[at];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            at++;
        }
    }
}
