package io.modelfn.core.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Element types of tensors, with their names in the two vocabularies we speak: the Open Inference
 * Protocol ({@code FP32}, {@code BYTES}...) on the wire, and ONNX's {@code TensorProto} element types
 * ({@code FLOAT}, {@code STRING}...) in model cards and signatures.
 */
public enum DataType {
    BOOL("BOOL", "BOOL", 1),
    UINT8("UINT8", "UINT8", 1),
    INT8("INT8", "INT8", 1),
    UINT16("UINT16", "UINT16", 2),
    INT16("INT16", "INT16", 2),
    UINT32("UINT32", "UINT32", 4),
    INT32("INT32", "INT32", 4),
    UINT64("UINT64", "UINT64", 8),
    INT64("INT64", "INT64", 8),
    FP16("FP16", "FLOAT16", 2),
    FP32("FP32", "FLOAT", 4),
    FP64("FP64", "DOUBLE", 8),
    /** Variable-length strings; {@link #byteSize()} is 0. */
    BYTES("BYTES", "STRING", 0);

    private static final Map<String, DataType> BY_OIP_NAME = new HashMap<>();
    private static final Map<String, DataType> BY_ONNX_NAME = new HashMap<>();

    static {
        for (DataType type : values()) {
            BY_OIP_NAME.put(type.oipName, type);
            BY_ONNX_NAME.put(type.onnxName, type);
        }
    }

    private final String oipName;
    private final String onnxName;
    private final int byteSize;

    DataType(String oipName, String onnxName, int byteSize) {
        this.oipName = oipName;
        this.onnxName = onnxName;
        this.byteSize = byteSize;
    }

    /** The Open Inference Protocol name, e.g. {@code FP32}. */
    public String oipName() {
        return oipName;
    }

    /** The ONNX {@code TensorProto.DataType} name, e.g. {@code FLOAT}. */
    public String onnxName() {
        return onnxName;
    }

    /** Bytes per element, 0 for {@link #BYTES}. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == FP32 || this == FP64;
    }

    /** Parses an Open Inference Protocol datatype name (exact, upper case as the spec writes them). */
    public static Optional<DataType> fromOipName(String name) {
        return Optional.ofNullable(name == null ? null : BY_OIP_NAME.get(name));
    }

    /** Parses an ONNX element type name, case-insensitively ({@code FLOAT}, {@code float}). */
    public static Optional<DataType> fromOnnxName(String name) {
        return Optional.ofNullable(name == null ? null : BY_ONNX_NAME.get(name.toUpperCase(Locale.ROOT)));
    }
}
