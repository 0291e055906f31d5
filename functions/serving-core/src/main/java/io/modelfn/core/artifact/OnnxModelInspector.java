package io.modelfn.core.artifact;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX {@code ModelProto}'s declarations (IR version, opsets, graph inputs and outputs with
 * element types and shapes) and finds every tensor that refers to external data, including those in
 * node attributes and sub-graphs. Works on the bytes alone: no ONNX Runtime, no session, so a file
 * can be vetted before anything native touches it.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxModelInspector {

    private static final int MAX_GRAPH_DEPTH = 32;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    // GraphProto
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // NodeProto / AttributeProto
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_T = 5;
    private static final int ATTRIBUTE_G = 6;
    private static final int ATTRIBUTE_TENSORS = 10;
    private static final int ATTRIBUTE_GRAPHS = 11;
    // TensorProto
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    private static final int DATA_LOCATION_EXTERNAL = 1;
    // SparseTensorProto
    private static final int SPARSE_VALUES = 1;
    private static final int SPARSE_INDICES = 2;

    private OnnxModelInspector() {
    }

    /** Inspects a model file (memory-mapped, not copied). */
    public static OnnxModelInfo inspect(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                throw new InvalidModelArtifactException("ONNX files over 2 GB must use external data, which we refuse");
            }
            return inspect(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
        }
    }

    public static OnnxModelInfo inspect(byte[] model) {
        return inspect(ByteBuffer.wrap(model));
    }

    /**
     * Inspects the bytes between the buffer's position and limit.
     *
     * @throws InvalidModelArtifactException when the bytes are not an ONNX model with a graph
     */
    public static OnnxModelInfo inspect(ByteBuffer model) {
        ProtobufReader reader = ProtobufReader.of(model.duplicate());
        long irVersion = -1;
        String producer = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        GraphScan graph = null;
        while (reader.hasMore()) {
            int tag = reader.readTag();
            switch (tag >>> 3) {
                case MODEL_IR_VERSION -> {
                    expect(tag, ProtobufReader.VARINT);
                    irVersion = reader.readVarint();
                }
                case MODEL_PRODUCER_NAME -> {
                    expect(tag, ProtobufReader.LENGTH_DELIMITED);
                    producer = reader.readString();
                }
                case MODEL_OPSET_IMPORT -> readOpset(message(reader, tag), opsets);
                case MODEL_GRAPH -> {
                    graph = new GraphScan();
                    graph.scanTopLevel(message(reader, tag));
                }
                default -> reader.skip(tag & 7);
            }
        }
        if (irVersion <= 0 || graph == null || opsets.isEmpty()) {
            throw new InvalidModelArtifactException("not a valid ONNX model: no IR version, graph or opset import");
        }
        return new OnnxModelInfo(irVersion, producer, opsets,
                new Signature(graph.signatureInputs(), graph.outputs), graph.nodeCount,
                graph.externalData, graph.unsupported, graph.opTypes);
    }

    private static void expect(int tag, int wireType) {
        if ((tag & 7) != wireType) {
            throw new InvalidModelArtifactException("not a valid ONNX model: field " + (tag >>> 3)
                    + " has wire type " + (tag & 7));
        }
    }

    private static ProtobufReader message(ProtobufReader reader, int tag) {
        expect(tag, ProtobufReader.LENGTH_DELIMITED);
        return reader.readMessage();
    }

    private static void readOpset(ProtobufReader opset, Map<String, Long> opsets) {
        String domain = "";
        long version = -1;
        while (opset.hasMore()) {
            int tag = opset.readTag();
            if (tag >>> 3 == 1 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                domain = opset.readString();
            } else if (tag >>> 3 == 2 && (tag & 7) == ProtobufReader.VARINT) {
                version = opset.readVarint();
            } else {
                opset.skip(tag & 7);
            }
        }
        opsets.put(domain, version);
    }

    /** Walks a graph, its nodes' attribute tensors and sub-graphs. */
    private static final class GraphScan {
        final List<TensorSpec> inputs = new ArrayList<>();
        final List<TensorSpec> outputs = new ArrayList<>();
        final Set<String> initializerNames = new HashSet<>();
        final List<String> externalData = new ArrayList<>();
        final List<String> unsupported = new ArrayList<>();
        final Set<String> opTypes = new java.util.TreeSet<>();
        int nodeCount;

        void scanTopLevel(ProtobufReader graph) {
            scan(graph, 0, true);
        }

        List<TensorSpec> signatureInputs() {
            return inputs.stream().filter(spec -> !initializerNames.contains(spec.name())).toList();
        }

        private void scan(ProtobufReader graph, int depth, boolean topLevel) {
            if (depth > MAX_GRAPH_DEPTH) {
                throw new InvalidModelArtifactException("not a valid ONNX model: sub-graphs nested deeper than "
                        + MAX_GRAPH_DEPTH);
            }
            while (graph.hasMore()) {
                int tag = graph.readTag();
                int field = tag >>> 3;
                switch (field) {
                    case GRAPH_NODE -> {
                        nodeCount++;
                        scanNode(message(graph, tag), depth);
                    }
                    case GRAPH_INITIALIZER -> {
                        String name = scanTensor(message(graph, tag));
                        if (topLevel) {
                            initializerNames.add(name);
                        }
                    }
                    case GRAPH_SPARSE_INITIALIZER -> scanSparseTensor(message(graph, tag));
                    case GRAPH_INPUT, GRAPH_OUTPUT -> {
                        ProtobufReader valueInfo = message(graph, tag);
                        if (topLevel) {
                            TensorSpec spec = valueInfo(valueInfo);
                            if (spec != null) {
                                (field == GRAPH_INPUT ? inputs : outputs).add(spec);
                            }
                        }
                    }
                    default -> graph.skip(tag & 7);
                }
            }
        }

        private void scanNode(ProtobufReader node, int depth) {
            while (node.hasMore()) {
                int tag = node.readTag();
                if (tag >>> 3 == NODE_ATTRIBUTE) {
                    scanAttribute(message(node, tag), depth);
                } else if (tag >>> 3 == NODE_OP_TYPE && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    opTypes.add(node.readString());
                } else {
                    node.skip(tag & 7);
                }
            }
        }

        private void scanAttribute(ProtobufReader attribute, int depth) {
            while (attribute.hasMore()) {
                int tag = attribute.readTag();
                switch (tag >>> 3) {
                    case ATTRIBUTE_T, ATTRIBUTE_TENSORS -> scanTensor(message(attribute, tag));
                    case ATTRIBUTE_G, ATTRIBUTE_GRAPHS -> scan(message(attribute, tag), depth + 1, false);
                    default -> attribute.skip(tag & 7);
                }
            }
        }

        private void scanSparseTensor(ProtobufReader sparse) {
            while (sparse.hasMore()) {
                int tag = sparse.readTag();
                if (tag >>> 3 == SPARSE_VALUES || tag >>> 3 == SPARSE_INDICES) {
                    scanTensor(message(sparse, tag));
                } else {
                    sparse.skip(tag & 7);
                }
            }
        }

        /** Returns the tensor's name; records it when its data is external. */
        private String scanTensor(ProtobufReader tensor) {
            String name = "";
            boolean external = false;
            while (tensor.hasMore()) {
                int tag = tensor.readTag();
                switch (tag >>> 3) {
                    case TENSOR_NAME -> {
                        expect(tag, ProtobufReader.LENGTH_DELIMITED);
                        name = tensor.readString();
                    }
                    case TENSOR_EXTERNAL_DATA -> {
                        external = true;
                        tensor.skip(tag & 7);
                    }
                    case TENSOR_DATA_LOCATION -> {
                        if ((tag & 7) == ProtobufReader.VARINT) {
                            external |= tensor.readVarint() == DATA_LOCATION_EXTERNAL;
                        } else {
                            tensor.skip(tag & 7);
                        }
                    }
                    default -> tensor.skip(tag & 7);
                }
            }
            if (external) {
                externalData.add(name.isEmpty() ? "(unnamed)" : name);
            }
            return name;
        }

        /** ValueInfoProto → TensorSpec, or null (recorded as unsupported) for non-tensor types. */
        private TensorSpec valueInfo(ProtobufReader valueInfo) {
            String name = "";
            ProtobufReader type = null;
            while (valueInfo.hasMore()) {
                int tag = valueInfo.readTag();
                if (tag >>> 3 == 1 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    name = valueInfo.readString();
                } else if (tag >>> 3 == 2 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    type = valueInfo.readMessage();
                } else {
                    valueInfo.skip(tag & 7);
                }
            }
            ProtobufReader tensorType = null;
            while (type != null && type.hasMore()) {
                int tag = type.readTag();
                if (tag >>> 3 == 1 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    tensorType = type.readMessage();
                } else {
                    type.skip(tag & 7);
                }
            }
            if (tensorType == null) {
                unsupported.add(name + " (not a tensor)");
                return null;
            }
            int elemType = 0;
            List<Long> dims = null;
            while (tensorType.hasMore()) {
                int tag = tensorType.readTag();
                if (tag >>> 3 == 1 && (tag & 7) == ProtobufReader.VARINT) {
                    elemType = (int) tensorType.readVarint();
                } else if (tag >>> 3 == 2 && (tag & 7) == ProtobufReader.LENGTH_DELIMITED) {
                    dims = shape(tensorType.readMessage());
                } else {
                    tensorType.skip(tag & 7);
                }
            }
            DataType dataType = elementType(elemType);
            if (dataType == null || dims == null) {
                unsupported.add(name + (dataType == null ? " (element type " + elemType + ")" : " (no shape)"));
                return null;
            }
            return new TensorSpec(name, dataType, dims.stream().mapToLong(Long::longValue).toArray());
        }

        private static List<Long> shape(ProtobufReader shape) {
            List<Long> dims = new ArrayList<>();
            while (shape.hasMore()) {
                int tag = shape.readTag();
                if (tag >>> 3 != 1 || (tag & 7) != ProtobufReader.LENGTH_DELIMITED) {
                    shape.skip(tag & 7);
                    continue;
                }
                ProtobufReader dim = shape.readMessage();
                long value = -1;
                while (dim.hasMore()) {
                    int dimTag = dim.readTag();
                    if (dimTag >>> 3 == 1 && (dimTag & 7) == ProtobufReader.VARINT) {
                        long v = dim.readVarint();
                        value = v >= 0 ? v : -1;
                    } else {
                        dim.skip(dimTag & 7);
                    }
                }
                dims.add(value);
            }
            return dims;
        }
    }

    /** ONNX {@code TensorProto.DataType} number → our type; null for types we cannot serve. */
    static DataType elementType(int onnxElemType) {
        return switch (onnxElemType) {
            case 1 -> DataType.FP32;
            case 2 -> DataType.UINT8;
            case 3 -> DataType.INT8;
            case 4 -> DataType.UINT16;
            case 5 -> DataType.INT16;
            case 6 -> DataType.INT32;
            case 7 -> DataType.INT64;
            case 8 -> DataType.BYTES;
            case 9 -> DataType.BOOL;
            case 10 -> DataType.FP16;
            case 11 -> DataType.FP64;
            case 12 -> DataType.UINT32;
            case 13 -> DataType.UINT64;
            default -> null;
        };
    }
}
