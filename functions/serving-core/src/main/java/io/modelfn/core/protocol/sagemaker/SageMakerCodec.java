package io.modelfn.core.protocol.sagemaker;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.protocol.ContentTypes;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.NestedArrays;
import io.modelfn.core.protocol.NotAcceptableException;
import io.modelfn.core.protocol.OutputRows;
import io.modelfn.core.protocol.UnsupportedContentTypeException;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SageMaker inference container contract ({@code POST /invocations}): request bodies in
 * {@code application/json} ({@code {"instances": [...]}} one example per entry, {@code {"inputs": ...}}
 * a whole batch per input, or a bare array of instances) or {@code text/csv} (one example per line,
 * for single-input models); responses in JSON ({@code {"predictions": [...]}}) or CSV.
 *
 * <p>Stateless and thread-safe.
 */
public final class SageMakerCodec {

    public static final String JSON = "application/json";
    public static final String CSV = "text/csv";
    /** The container contract's {@code /ping} answers "not healthy" with 503. */
    public static final int UNHEALTHY_STATUS = 503;

    /** A response body and its content type. */
    public record Encoded(String contentType, byte[] body) {
    }

    /**
     * Decodes the body into input tensors for {@code signature}.
     *
     * @throws UnsupportedContentTypeException for other content types
     * @throws MalformedRequestException for bodies that do not fit
     */
    public Map<String, Tensor> decode(String contentType, byte[] body, Signature signature) {
        String type = ContentTypes.mediaType(contentType);
        return switch (type) {
            case JSON, "" -> decodeJson(body, signature);
            case CSV -> decodeCsv(body, signature);
            default -> throw new UnsupportedContentTypeException("content type '" + abbreviate(contentType)
                    + "' is not supported; send application/json or text/csv");
        };
    }

    private Map<String, Tensor> decodeJson(byte[] body, Signature signature) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(Json.describe(e));
        } catch (java.io.CharConversionException e) {
            // Bytes that look like UTF-16/32 JSON but do not decode: the client's mistake, not an I/O failure.
            throw new MalformedRequestException(Json.NOT_TEXT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || root.isMissingNode()) {
            throw new MalformedRequestException("the request body is empty");
        }
        if (root.isArray()) {
            return instances((ArrayNode) root, signature);
        }
        if (!root.isObject()) {
            throw new MalformedRequestException("send {\"instances\": [...]}, {\"inputs\": ...} or an array of instances");
        }
        Iterator<String> fields = root.fieldNames();
        while (fields.hasNext()) {
            String field = fields.next();
            if (!field.equals("instances") && !field.equals("inputs")) {
                throw new MalformedRequestException("unknown field '" + abbreviate(field) + "' (expected instances or inputs)");
            }
        }
        if (root.has("instances") == root.has("inputs")) {
            throw new MalformedRequestException("send exactly one of 'instances' and 'inputs'");
        }
        if (root.has("instances")) {
            JsonNode instances = root.get("instances");
            if (!instances.isArray() || instances.isEmpty()) {
                throw new MalformedRequestException("'instances' must be a non-empty array");
            }
            return instances((ArrayNode) instances, signature);
        }
        return columns(root.get("inputs"), signature);
    }

    /** One example per entry: a value for a single-input model, or an object of inputs. */
    private static Map<String, Tensor> instances(ArrayNode instances, Signature signature) {
        if (instances.isEmpty()) {
            throw new MalformedRequestException("no instances to predict");
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        boolean objects = instances.get(0).isObject();
        if (!objects) {
            TensorSpec only = singleInput(signature, "instances that are not objects");
            inputs.put(only.name(), NestedArrays.read(instances, only));
            return inputs;
        }
        for (TensorSpec spec : signature.inputs()) {
            ArrayNode column = Json.MAPPER.createArrayNode();
            for (JsonNode instance : instances) {
                if (!instance.isObject() || !instance.has(spec.name())) {
                    throw new MalformedRequestException("every instance must be an object with input '" + spec.name() + "'");
                }
                column.add(instance.get(spec.name()));
            }
            inputs.put(spec.name(), NestedArrays.read(column, spec));
        }
        for (JsonNode instance : instances) {
            instance.fieldNames().forEachRemaining(name -> {
                if (signature.input(name).isEmpty()) {
                    throw new MalformedRequestException("unknown input '" + abbreviate(name) + "' in an instance");
                }
            });
        }
        return inputs;
    }

    /** A whole batch per input: a nested array for a single-input model, or an object of inputs. */
    private static Map<String, Tensor> columns(JsonNode inputsNode, Signature signature) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        if (inputsNode.isArray()) {
            TensorSpec only = singleInput(signature, "'inputs' given as an array");
            inputs.put(only.name(), NestedArrays.read(inputsNode, only));
            return inputs;
        }
        if (!inputsNode.isObject()) {
            throw new MalformedRequestException("'inputs' must be an array or an object of named inputs");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = inputsNode.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            TensorSpec spec = signature.input(e.getKey()).orElseThrow(() -> new MalformedRequestException(
                    "unknown input '" + abbreviate(e.getKey()) + "'"));
            inputs.put(spec.name(), NestedArrays.read(e.getValue(), spec));
        }
        return inputs;
    }

    private Map<String, Tensor> decodeCsv(byte[] body, Signature signature) {
        TensorSpec only = singleInput(signature, "CSV");
        String text = new String(body, StandardCharsets.UTF_8);
        List<String[]> rows = new ArrayList<>();
        int width = -1;
        int lineNumber = 0;
        for (String line : text.split("\r?\n")) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (width >= 0 && cells.length != width) {
                throw new MalformedRequestException("CSV line " + lineNumber + " has " + cells.length
                        + " values, the first row has " + width);
            }
            width = cells.length;
            rows.add(cells);
        }
        if (rows.isEmpty()) {
            throw new MalformedRequestException("the CSV body has no rows");
        }
        final int columns = width;
        int n = rows.size() * columns;
        long[] shape = {rows.size(), columns};
        Tensor tensor = switch (only.dataType()) {
            case FP32 -> {
                float[] v = new float[n];
                forEachCell(rows, (i, cell) -> v[i] = (float) finite(cell, i, columns));
                yield Tensor.of(only.name(), DataType.FP32, shape, v);
            }
            case FP64 -> {
                double[] v = new double[n];
                forEachCell(rows, (i, cell) -> v[i] = finite(cell, i, columns));
                yield Tensor.of(only.name(), DataType.FP64, shape, v);
            }
            case INT64 -> {
                long[] v = new long[n];
                forEachCell(rows, (i, cell) -> v[i] = integer(cell, i, columns));
                yield Tensor.of(only.name(), DataType.INT64, shape, v);
            }
            case INT32 -> {
                int[] v = new int[n];
                forEachCell(rows, (i, cell) -> v[i] = int32(cell, i, columns));
                yield Tensor.of(only.name(), DataType.INT32, shape, v);
            }
            default -> throw new UnsupportedContentTypeException("CSV is supported for FP32, FP64, INT32 and INT64 "
                    + "inputs; input '" + only.name() + "' is " + only.dataType().oipName());
        };
        return Map.of(only.name(), NestedArrays.fitToSignature(tensor, only));
    }

    private interface CellConsumer {
        void accept(int index, String cell);
    }

    private static void forEachCell(List<String[]> rows, CellConsumer consumer) {
        int i = 0;
        for (String[] row : rows) {
            for (String cell : row) {
                consumer.accept(i++, cell.trim());
            }
        }
    }

    private static double finite(String cell, int index, int width) {
        try {
            double v = Double.parseDouble(cell);
            if (Double.isFinite(v) && cell.matches("[-+0-9.eE]+")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new MalformedRequestException("CSV row " + (index / width + 1) + ", column " + (index % width + 1)
                + " is not a finite number");
    }

    private static long integer(String cell, int index, int width) {
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("CSV row " + (index / width + 1) + ", column " + (index % width + 1)
                    + " is not an integer");
        }
    }

    private static int int32(String cell, int index, int width) {
        long v = integer(cell, index, width);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new MalformedRequestException("CSV row " + (index / width + 1) + ", column " + (index % width + 1)
                    + " is outside the range of INT32");
        }
        return (int) v;
    }

    private static TensorSpec singleInput(Signature signature, String what) {
        if (signature.inputs().size() != 1) {
            throw new MalformedRequestException(what + " need a model with one input; this one takes "
                    + signature.inputs().size() + ": name them in an object");
        }
        return signature.inputs().get(0);
    }

    /**
     * Encodes the prediction in the format the client accepts (JSON unless it asks for CSV only).
     *
     * @throws NotAcceptableException when the Accept header names neither JSON nor CSV nor a wildcard
     */
    public Encoded encode(String accept, Prediction prediction) {
        String wanted = preferred(accept);
        return CSV.equals(wanted) ? new Encoded(CSV, csv(prediction)) : new Encoded(JSON, json(prediction));
    }

    /**
     * Checks the Accept header before any work is done.
     *
     * @throws NotAcceptableException when it names neither JSON nor CSV nor a wildcard
     */
    public void requireAcceptable(String accept) {
        preferred(accept);
    }

    /**
     * The format the Accept header prefers: the one with the highest quality ({@code q}) among
     * JSON and CSV, counting wildcards; JSON wins ties. No header means JSON.
     */
    static String preferred(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        double json = -1;
        double csv = -1;
        for (String part : accept.split(",")) {
            String type = ContentTypes.mediaType(part);
            double q = quality(part);
            switch (type) {
                case JSON, "application/*" -> json = Math.max(json, q);
                case CSV, "text/*" -> csv = Math.max(csv, q);
                case "*/*" -> {
                    json = Math.max(json, q);
                    csv = Math.max(csv, q);
                }
                default -> {
                    // a format we do not produce
                }
            }
        }
        if (json <= 0 && csv <= 0) {
            throw new NotAcceptableException("cannot answer in '" + abbreviate(accept) + "'; accept application/json or text/csv");
        }
        return csv > json ? CSV : JSON;
    }

    private static double quality(String mediaRange) {
        for (String parameter : mediaRange.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("q")) {
                try {
                    double q = Double.parseDouble(pair[1].trim());
                    return Double.isFinite(q) ? Math.max(0, Math.min(1, q)) : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static byte[] json(Prediction prediction) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeArrayFieldStart("predictions");
            OutputRows.writeRows(g, prediction);
            g.writeEndArray();
            g.writeStringField("model", prediction.version().key().name());
            g.writeStringField("version", prediction.version().key().version());
            g.writeStringField("variant", prediction.variant());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** One line per example: the label output when the model has one, else every output's values. */
    private static byte[] csv(Prediction prediction) {
        StringBuilder out = new StringBuilder();
        int rows = OutputRows.rows(prediction);
        Tensor label = prediction.outputs().get(OutputRows.LABEL_OUTPUT);
        List<Tensor> columns = label != null ? List.of(label) : List.copyOf(prediction.outputs().values());
        for (int row = 0; row < rows; row++) {
            boolean first = true;
            for (Tensor t : columns) {
                int width = t.rank() == 0 ? 1 : t.size() / (int) Math.max(1, t.dimension(0));
                for (int i = 0; i < width; i++) {
                    out.append(first ? "" : ",").append(cell(t, row * width + i));
                    first = false;
                }
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String cell(Tensor t, int i) {
        return switch (t.dataType()) {
            case FP32 -> Float.toString(t.floats()[i]);
            case FP64 -> Double.toString(t.doubles()[i]);
            case BOOL -> Boolean.toString(t.booleans()[i]);
            case BYTES -> '"' + t.strings()[i].replace("\"", "\"\"") + '"';
            case FP16 -> Float.toString(Float.float16ToFloat(t.shorts()[i]));
            case UINT64 -> Long.toUnsignedString(t.longs()[i]);
            default -> Long.toString(NestedArrays.integerAt(t, i));
        };
    }

    private static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
