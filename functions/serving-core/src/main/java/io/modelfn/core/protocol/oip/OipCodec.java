package io.modelfn.core.protocol.oip;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.modelfn.core.model.DataType;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.prediction.Answer;
import io.modelfn.core.prediction.ModelMetadata;
import io.modelfn.core.prediction.Prediction;
import io.modelfn.core.protocol.DocumentBytes;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.TensorDataReader;
import io.modelfn.core.protocol.TensorDataWriter;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The Open Inference Protocol v2 (KServe / Triton REST) wire format: inference requests and
 * responses, model and server metadata, errors. Requests are decoded in one streaming pass; tensor
 * data may be flat or nested and may come before or after its {@code datatype} and {@code shape}.
 * Unknown fields are refused, so a misspelt field is an error rather than silently ignored.
 *
 * <p>Stateless and thread-safe.
 *
 * <p>Over 400 lines on purpose: one wire format, decoding beside encoding, sharing the tensor readers
 * and writers and their limits.
 */
public final class OipCodec {

    /** Reported as {@code platform} in model metadata. */
    public static final String PLATFORM = "onnxruntime_onnx";
    /** The protocol's readiness routes answer "not ready" with a 4xx status. */
    public static final int NOT_READY_STATUS = 400;

    /**
     * Decodes an inference request body that is JSON only.
     *
     * @throws MalformedRequestException describing the first problem
     */
    public OipInferRequest decodeInferRequest(byte[] body) {
        return decodeInferRequest(body, body.length);
    }

    /**
     * Decodes an inference request body in the binary tensor data extension's framing: a JSON request
     * of {@code headerLength} bytes, then the data of the inputs that carry
     * {@value BinaryTensorExtension#DATA_SIZE}, in their order, read straight into their tensors.
     *
     * @param headerLength the length of the JSON part, from 0 to {@code body.length}
     * @throws MalformedRequestException describing the first problem
     */
    public OipInferRequest decodeInferRequest(byte[] body, int headerLength) {
        if (headerLength == body.length) {
            // Most requests are plain JSON that a reader of their bytes takes in half the parser's time;
            // the reader declines everything else, errors included, and the parser reads those.
            OipInferRequest plain = PlainRequestReader.read(body, headerLength);
            if (plain != null) {
                return plain;
            }
        }
        return decodeWithParser(body, headerLength);
    }

    /** {@link #decodeInferRequest(byte[], int)} by the JSON parser alone: the way every request can take. */
    OipInferRequest decodeWithParser(byte[] body, int headerLength) {
        BinaryInputs binary = new BinaryInputs(body, headerLength);
        try (JsonParser p = Json.FACTORY.createParser(body, 0, headerLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("an inference request is a JSON object");
            }
            String id = null;
            JsonNode parameters = null;
            Map<String, Tensor> inputs = null;
            List<String> outputs = List.of();
            Map<String, Boolean> binaryData = new LinkedHashMap<>();
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw new MalformedRequestException("'id' must be a string");
                        }
                        id = p.getText();
                    }
                    case "parameters" -> {
                        parameters = parameters(p, value, "parameters");
                        requireBoolean(parameters, BinaryTensorExtension.DATA_OUTPUT, "request");
                    }
                    case "inputs" -> inputs = inputs(p, value, binary);
                    case "outputs" -> outputs = outputs(p, value, binaryData);
                    default -> throw new MalformedRequestException("unknown field '" + abbreviate(field)
                            + "' in the inference request (expected id, parameters, inputs, outputs)");
                }
            }
            if (p.nextToken() != null) {
                throw new MalformedRequestException("unexpected content after the inference request object");
            }
            if (inputs == null || inputs.isEmpty()) {
                throw new MalformedRequestException("'inputs' must list at least one input tensor");
            }
            binary.finish();
            return new OipInferRequest(id, parameters, inputs, outputs, binaryData);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(Json.describe(e));
        } catch (java.io.CharConversionException e) {
            // Bytes that look like UTF-16/32 JSON but do not decode: the client's mistake, not an I/O failure.
            throw new MalformedRequestException(Json.NOT_TEXT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parameters(JsonParser p, JsonToken value, String where) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw new MalformedRequestException("'" + where + "' must be a JSON object");
        }
        JsonNode node = Json.MAPPER.readTree(p);
        for (JsonNode parameter : node) {
            if (!parameter.isValueNode()) {
                throw new MalformedRequestException("'" + where + "' values must be strings, numbers or booleans");
            }
        }
        return node;
    }

    private static void requireBoolean(JsonNode parameters, String name, String where) {
        JsonNode value = parameters.get(name);
        if (value != null && !value.isBoolean()) {
            throw new MalformedRequestException("the " + where + " parameter '" + name + "' must be true or false");
        }
    }

    private static Map<String, Tensor> inputs(JsonParser p, JsonToken value, BinaryInputs binary) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedRequestException("'inputs' must be an array of tensors");
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("each input must be a JSON object");
            }
            Tensor tensor = inputTensor(p, binary);
            if (inputs.put(tensor.name(), tensor) != null) {
                throw new MalformedRequestException("input '" + abbreviate(tensor.name()) + "' is given twice");
            }
        }
        return inputs;
    }

    private static Tensor inputTensor(JsonParser p, BinaryInputs binary) throws IOException {
        String name = null;
        long binarySize = -1;
        DataType type = null;
        long[] shape = null;
        TokenBuffer pendingData = null;
        Tensor tensor = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "name" -> {
                    if (value != JsonToken.VALUE_STRING || p.getText().isEmpty()) {
                        throw new MalformedRequestException("input 'name' must be a non-empty string");
                    }
                    name = p.getText();
                }
                case "datatype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw new MalformedRequestException("input 'datatype' must be a string");
                    }
                    String text = p.getText();
                    type = DataType.fromOipName(text).orElseThrow(() -> new MalformedRequestException(
                            "unknown datatype '" + abbreviate(text) + "' (expected BOOL, UINT8..UINT64, INT8..INT64, FP16, FP32, FP64 or BYTES)"));
                }
                case "shape" -> shape = shape(p, value);
                case "parameters" -> {
                    JsonNode parameters = parameters(p, value, "input parameters");
                    binarySize = binaryDataSize(parameters);
                }
                case "data" -> {
                    if (name != null && type != null && shape != null) {
                        tensor = TensorDataReader.read(p, name, type, shape);
                    } else {
                        pendingData = new TokenBuffer(p);
                        pendingData.copyCurrentStructure(p);
                    }
                }
                default -> throw new MalformedRequestException("unknown field '" + abbreviate(field)
                        + "' in an input tensor (expected name, datatype, shape, parameters, data)");
            }
        }
        if (name == null || type == null || shape == null) {
            throw new MalformedRequestException("each input needs 'name', 'datatype' and 'shape'");
        }
        if (binarySize >= 0) {
            if (tensor != null || pendingData != null) {
                throw new MalformedRequestException("input '" + abbreviate(name) + "' has both 'data' and "
                        + BinaryTensorExtension.DATA_SIZE + "; send its data one way");
            }
            return binary.next(name, type, shape, binarySize);
        }
        if (tensor == null) {
            if (pendingData == null) {
                throw new MalformedRequestException("input '" + abbreviate(name) + "' has no 'data'");
            }
            try (JsonParser replay = pendingData.asParser()) {
                replay.nextToken();
                tensor = TensorDataReader.read(replay, name, type, shape);
            }
        }
        return tensor;
    }

    /** The input's binary_data_size, or -1 when it has none. */
    private static long binaryDataSize(JsonNode parameters) {
        JsonNode size = parameters.get(BinaryTensorExtension.DATA_SIZE);
        if (size == null) {
            return -1;
        }
        if (!size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
            throw new MalformedRequestException("'" + BinaryTensorExtension.DATA_SIZE
                    + "' must be a non-negative integer (bytes)");
        }
        return size.asLong();
    }

    private static long[] shape(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedRequestException("'shape' must be an array of integers");
        }
        long[] dims = new long[8];
        int rank = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new MalformedRequestException("'shape' must be an array of integers");
            }
            long dim = p.getLongValue();
            if (dim < 0) {
                throw new MalformedRequestException("'shape' dimensions cannot be negative");
            }
            if (rank == 32) {
                throw new MalformedRequestException("'shape' has more than 32 dimensions");
            }
            if (rank == dims.length) {
                dims = java.util.Arrays.copyOf(dims, dims.length * 2);
            }
            dims[rank++] = dim;
        }
        return java.util.Arrays.copyOf(dims, rank);
    }

    private static List<String> outputs(JsonParser p, JsonToken value, Map<String, Boolean> binaryData)
            throws IOException {
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedRequestException("'outputs' must be an array");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("each requested output must be a JSON object");
            }
            String name = null;
            Boolean binary = null;
            for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "name" -> {
                        if (v != JsonToken.VALUE_STRING) {
                            throw new MalformedRequestException("output 'name' must be a string");
                        }
                        name = p.getText();
                    }
                    // classification is accepted and ignored; binary_data chooses the output's encoding.
                    case "parameters" -> {
                        JsonNode parameters = parameters(p, v, "output parameters");
                        requireBoolean(parameters, BinaryTensorExtension.DATA, "output");
                        binary = parameters.has(BinaryTensorExtension.DATA)
                                ? parameters.get(BinaryTensorExtension.DATA).booleanValue() : null;
                    }
                    default -> throw new MalformedRequestException("unknown field '" + abbreviate(field)
                            + "' in a requested output (expected name, parameters)");
                }
            }
            if (name == null) {
                throw new MalformedRequestException("each requested output needs a 'name'");
            }
            if (!names.add(name)) {
                throw new MalformedRequestException("output '" + abbreviate(name) + "' is requested twice");
            }
            if (binary != null) {
                binaryData.put(name, binary);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The answer to an inference request as JSON only, naming the endpoint and variant that gave it in
     * its parameters; a forwarded request's answer carries none (the front end adds its own).
     */
    public byte[] encodeInferResponse(Answer<OipRequest> answer) {
        return encodeInferAnswer(answer, name -> false).bytes();
    }

    /**
     * The answer to an inference request with each output in the encoding the request asked for
     * ({@link OipRequest#binaryOutput}): JSON only when it asked for no binary output.
     */
    public EncodedInferResponse encodeInferAnswer(Answer<OipRequest> answer) {
        return encodeInferAnswer(answer, answer.request()::binaryOutput);
    }

    private EncodedInferResponse encodeInferAnswer(Answer<OipRequest> answer, Predicate<String> binary) {
        Prediction prediction = answer.prediction();
        OipRequest request = answer.request();
        Map<String, String> parameters = new LinkedHashMap<>(4);
        if (!request.forwarded()) {
            parameters.put("endpoint", prediction.endpoint());
            parameters.put("variant", prediction.variant());
        }
        return encodeInferResponse(prediction.version().key().name(), prediction.version().key().version(),
                request.id(), parameters, ordered(prediction.outputs(), request.outputs()), binary);
    }

    /** The metadata of a model, as the protocol's model route answers it. */
    public byte[] encodeModelMetadata(ModelMetadata metadata) {
        return encodeModelMetadata(metadata.name(), metadata.versions(), metadata.signature());
    }

    /**
     * Encodes an inference response as JSON only.
     *
     * @param id the request's id, or null to leave it out
     * @param parameters response-level parameters (which endpoint and variant answered)
     */
    public byte[] encodeInferResponse(String modelName, String modelVersion, String id, Map<String, String> parameters,
            Collection<Tensor> outputs) {
        return encodeInferResponse(modelName, modelVersion, id, parameters, outputs, name -> false).bytes();
    }

    /**
     * Encodes an inference response, the outputs {@code binary} names as binary data after the JSON part
     * (their JSON carries {@value BinaryTensorExtension#DATA_SIZE} instead of {@code data}), in the order
     * they are listed.
     */
    public EncodedInferResponse encodeInferResponse(String modelName, String modelVersion, String id,
            Map<String, String> parameters, Collection<Tensor> outputs, Predicate<String> binary) {
        List<Tensor> binaryOutputs = new ArrayList<>(0);
        long binarySize = 0;
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("model_name", modelName);
            g.writeStringField("model_version", modelVersion);
            if (id != null) {
                g.writeStringField("id", id);
            }
            if (parameters != null && !parameters.isEmpty()) {
                g.writeObjectFieldStart("parameters");
                for (Map.Entry<String, String> e : parameters.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor tensor : outputs) {
                if (binary.test(tensor.name())) {
                    long size = BinaryTensorData.size(tensor);
                    writeBinaryTensor(g, tensor, size);
                    binaryOutputs.add(tensor);
                    binarySize += size;
                } else {
                    writeTensor(g, tensor);
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (binaryOutputs.isEmpty()) {
            return new EncodedInferResponse(bytes.toByteArray(), -1);
        }
        int headerLength = bytes.size();
        if (headerLength + binarySize > Tensor.MAX_ELEMENTS) {
            throw new IllegalStateException("the binary outputs (" + binarySize + " bytes) do not fit one response body");
        }
        byte[] body = bytes.toByteArray((int) binarySize);
        int at = headerLength;
        for (Tensor tensor : binaryOutputs) {
            at = BinaryTensorData.write(tensor, body, at);
        }
        return new EncodedInferResponse(body, headerLength);
    }

    /** One tensor whose data follows the JSON part: {@code {"name","datatype","shape","parameters"}}. */
    private static void writeBinaryTensor(JsonGenerator g, Tensor tensor, long size) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", tensor.name());
        g.writeStringField("datatype", tensor.dataType().oipName());
        g.writeArrayFieldStart("shape");
        for (long dim : tensor.shape()) {
            g.writeNumber(dim);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("parameters");
        g.writeNumberField(BinaryTensorExtension.DATA_SIZE, size);
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Encodes an inference request, as a front end forwards it to a backend.
     *
     * @param outputs the outputs wanted; empty for all
     */
    public byte[] encodeInferRequest(String id, Collection<Tensor> inputs, List<String> outputs) {
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            if (id != null) {
                g.writeStringField("id", id);
            }
            g.writeArrayFieldStart("inputs");
            for (Tensor tensor : inputs) {
                writeTensor(g, tensor);
            }
            g.writeEndArray();
            if (!outputs.isEmpty()) {
                g.writeArrayFieldStart("outputs");
                for (String output : outputs) {
                    g.writeStartObject();
                    g.writeStringField("name", output);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes an inference response's output tensors, as a front end reads a backend's answer.
     *
     * @throws MalformedRequestException describing the first problem
     */
    public Map<String, Tensor> decodeInferResponse(byte[] body) {
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedRequestException("an inference response is a JSON object");
            }
            Map<String, Tensor> outputs = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("outputs")) {
                    outputs = inputs(p, value, BinaryInputs.none());
                } else {
                    p.skipChildren();
                }
            }
            if (outputs == null) {
                throw new MalformedRequestException("the inference response has no 'outputs'");
            }
            return outputs;
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException(Json.describe(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One tensor as {@code {"name","datatype","shape","data"}} with flat data. */
    public static void writeTensor(JsonGenerator g, Tensor tensor) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", tensor.name());
        g.writeStringField("datatype", tensor.dataType().oipName());
        g.writeArrayFieldStart("shape");
        for (long dim : tensor.shape()) {
            g.writeNumber(dim);
        }
        g.writeEndArray();
        g.writeFieldName("data");
        TensorDataWriter.write(g, tensor);
        g.writeEndObject();
    }

    /** Model metadata: {@code {"name","versions","platform","inputs","outputs"}}. */
    public byte[] encodeModelMetadata(String name, List<String> versions, Signature signature) {
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeArrayFieldStart("versions");
            for (String v : versions) {
                g.writeString(v);
            }
            g.writeEndArray();
            g.writeStringField("platform", PLATFORM);
            writeSpecs(g, "inputs", signature.inputs());
            writeSpecs(g, "outputs", signature.outputs());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeSpecs(JsonGenerator g, String field, List<TensorSpec> specs) throws IOException {
        g.writeArrayFieldStart(field);
        for (TensorSpec spec : specs) {
            g.writeStartObject();
            g.writeStringField("name", spec.name());
            g.writeStringField("datatype", spec.dataType().oipName());
            g.writeArrayFieldStart("shape");
            for (long dim : spec.shape()) {
                g.writeNumber(dim);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** Server metadata: {@code {"name","version","extensions"}}. */
    public byte[] encodeServerMetadata(String name, String version, List<String> extensions) {
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeStringField("version", version);
            g.writeArrayFieldStart("extensions");
            for (String extension : extensions) {
                g.writeString(extension);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Model readiness, the protocol's {@code $ready_model_response}: {@code {"name","ready"}}, plus
     * {@code "backend"} when it is not null (e.g. {@code remote}).
     */
    public byte[] encodeModelReady(String name, boolean ready, String backend) {
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("name", name);
            g.writeBooleanField("ready", ready);
            if (backend != null) {
                g.writeStringField("backend", backend);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The protocol's error object: {@code {"error": "..."}}. */
    public static byte[] encodeError(String message) {
        return encodeError(message, null);
    }

    /**
     * The protocol's error object with the fields of {@code details} after the message (e.g. the
     * validation report of a refused version): the one writer of error bodies.
     */
    public static byte[] encodeError(String message, JsonNode details) {
        DocumentBytes bytes = new DocumentBytes();
        try (JsonGenerator g = Json.FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("error", message == null ? "error" : message);
            if (details != null && details.isObject()) {
                g.setCodec(Json.MAPPER);
                for (var fields = details.fields(); fields.hasNext(); ) {
                    var field = fields.next();
                    if (!field.getKey().equals("error")) {
                        g.writeFieldName(field.getKey());
                        g.writeTree(field.getValue());
                    }
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String abbreviate(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }

    /** Output tensors in the order requested, or in the model's order when none were named. */
    public static List<Tensor> ordered(Map<String, Tensor> outputs, List<String> requested) {
        if (requested.isEmpty()) {
            return new ArrayList<>(outputs.values());
        }
        List<Tensor> ordered = new ArrayList<>(requested.size());
        for (String name : requested) {
            Tensor t = outputs.get(name);
            if (t != null) {
                ordered.add(t);
            }
        }
        return ordered;
    }
}
