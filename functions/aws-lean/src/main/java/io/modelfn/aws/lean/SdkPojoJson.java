package io.modelfn.aws.lean;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.traits.TimestampFormatTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The AWS JSON protocol (DynamoDB's 1.0, Secrets Manager's 1.1) for the SDK's own model classes, read from the
 * field descriptions every model class carries ({@link SdkPojo#sdkFields()}): a member's wire name, its type,
 * and for lists, maps and structures their members'. So a lean client sends exactly what the SDK's client would
 * for the same request object, and fills the SDK's response object the same way.
 *
 * <p>Timestamps are epoch seconds unless a field says ISO 8601; binary values are base64; unset lists and maps
 * (the SDK's auto-constructed ones) are left out. Stateless and thread-safe.
 */
final class SdkPojoJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private SdkPojoJson() {
    }

    /** {@code pojo}'s payload members as a JSON object. */
    static byte[] write(SdkPojo pojo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            writeStructure(json, pojo);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeStructure(JsonGenerator json, SdkPojo pojo) throws IOException {
        json.writeStartObject();
        for (SdkField<?> field : pojo.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD) {
                continue;
            }
            Object value = field.getValueOrDefault(pojo);
            if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
                continue;
            }
            json.writeFieldName(field.locationName());
            writeValue(json, field, value);
        }
        json.writeEndObject();
    }

    private static void writeValue(JsonGenerator json, SdkField<?> field, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (field.marshallingType().getKnownType()) {
            case STRING -> json.writeString((String) value);
            case INTEGER, LONG, SHORT, BYTE -> json.writeNumber(((Number) value).longValue());
            case FLOAT, DOUBLE -> {
                double d = ((Number) value).doubleValue();
                if (Double.isFinite(d)) {
                    json.writeNumber(d);
                } else {
                    json.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                }
            }
            case BIG_DECIMAL -> json.writeNumber((BigDecimal) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case INSTANT -> {
                Instant instant = (Instant) value;
                if (isoTimestamp(field)) {
                    json.writeString(instant.toString());
                } else {
                    json.writeNumber(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
                }
            }
            case SDK_BYTES -> json.writeString(Base64.getEncoder().encodeToString(((SdkBytes) value).asByteArrayUnsafe()));
            case SDK_POJO -> writeStructure(json, (SdkPojo) value);
            case LIST -> {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                json.writeStartArray();
                for (Object element : (List<?>) value) {
                    writeValue(json, member, element);
                }
                json.writeEndArray();
            }
            case MAP -> {
                SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                json.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    json.writeFieldName((String) entry.getKey());
                    writeValue(json, member, entry.getValue());
                }
                json.writeEndObject();
            }
            default -> throw new IllegalArgumentException("the lean clients do not write a member of type "
                    + field.marshallingType() + " (" + field.memberName() + ")");
        }
    }

    /** Fills {@code builder} (a model class's builder) from the JSON object {@code node} and builds it. */
    @SuppressWarnings("unchecked")
    static <T> T read(JsonNode node, SdkPojo builder) {
        fill(node, builder);
        return ((SdkBuilder<?, T>) builder).build();
    }

    /** Sets every payload member of {@code builder} that {@code node} holds. */
    static void fill(JsonNode node, SdkPojo builder) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + node.getNodeType());
        }
        for (SdkField<?> field : builder.sdkFields()) {
            if (field.location() != MarshallLocation.PAYLOAD) {
                continue;
            }
            JsonNode value = node.get(field.unmarshallLocationName());
            if (value != null && !value.isNull()) {
                field.set(builder, readValue(field, value));
            }
        }
    }

    private static Object readValue(SdkField<?> field, JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        return switch (field.marshallingType().getKnownType()) {
            case STRING -> node.asText();
            case INTEGER -> node.intValue();
            case LONG -> node.longValue();
            case SHORT -> (short) node.intValue();
            case BYTE -> (byte) node.intValue();
            case FLOAT -> node.isTextual() ? Float.valueOf(node.asText()) : node.floatValue();
            case DOUBLE -> node.isTextual() ? Double.valueOf(node.asText()) : node.doubleValue();
            case BIG_DECIMAL -> node.isTextual() ? new BigDecimal(node.asText()) : node.decimalValue();
            case BOOLEAN -> node.booleanValue();
            case INSTANT -> node.isNumber()
                    ? Instant.ofEpochMilli(node.decimalValue().movePointRight(3).longValue())
                    : Instant.parse(node.asText());
            case SDK_BYTES -> SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(node.asText()));
            case SDK_POJO -> read(node, field.constructor().get());
            case LIST -> {
                SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(element -> list.add(readValue(member, element)));
                yield list;
            }
            case MAP -> {
                SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
                Map<String, Object> map = new LinkedHashMap<>();
                node.properties().forEach(entry -> map.put(entry.getKey(), readValue(member, entry.getValue())));
                yield map;
            }
            default -> throw new IllegalArgumentException("the lean clients do not read a member of type "
                    + field.marshallingType() + " (" + field.memberName() + ")");
        };
    }

    private static boolean isoTimestamp(SdkField<?> field) {
        return field.getOptionalTrait(TimestampFormatTrait.class)
                .map(trait -> trait.format() == TimestampFormatTrait.Format.ISO_8601)
                .orElse(false);
    }
}
