package io.modelfn.aws.lean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB items as DynamoDB's own JSON ({@code {"S":"..."}}, {@code {"N":"1"}}, {@code {"M":{...}}}...),
 * the form the service's API and {@code aws dynamodb get-item} use: an item read back is the item written, types
 * included. The lean DynamoDB client's own calls speak it, and the registry's snapshot object stores its items in it.
 *
 * <p>Thread-safe (stateless).
 */
public final class DynamoDbJson {

    private static final ObjectMapper MAPPER = SdkPojoJson.JSON;

    private DynamoDbJson() {
    }

    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = MAPPER.createObjectNode();
        item.forEach((name, value) -> node.set(name, value(value)));
        return node;
    }

    /** @throws IllegalArgumentException when {@code node} is not an item in DynamoDB's JSON */
    public static Map<String, AttributeValue> item(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("an item is a JSON object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            item.put(field.getKey(), value(field.getValue()));
        }
        return item;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode node = MAPPER.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case B -> node.put("B", value.b().asByteArray());
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(b.asByteArray()));
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(element -> list.add(value(element)));
            }
            case M -> {
                ObjectNode map = node.putObject("M");
                value.m().forEach((name, element) -> map.set(name, value(element)));
            }
            default -> throw new IllegalArgumentException("an attribute of unknown type " + value.type());
        }
        return node;
    }

    private static AttributeValue value(JsonNode node) {
        if (!node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException("an attribute is an object with one type key, not " + node.getNodeType());
        }
        Map.Entry<String, JsonNode> typed = node.properties().iterator().next();
        JsonNode v = typed.getValue();
        try {
            return switch (typed.getKey()) {
                case "S" -> AttributeValue.fromS(text(v));
                case "N" -> AttributeValue.fromN(text(v));
                case "BOOL" -> AttributeValue.fromBool(v.booleanValue());
                case "NULL" -> AttributeValue.fromNul(true);
                case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(v.binaryValue()));
                case "SS" -> AttributeValue.fromSs(texts(v));
                case "NS" -> AttributeValue.fromNs(texts(v));
                case "BS" -> {
                    List<SdkBytes> bytes = new ArrayList<>();
                    for (JsonNode element : v) {
                        bytes.add(SdkBytes.fromByteArray(element.binaryValue()));
                    }
                    yield AttributeValue.fromBs(bytes);
                }
                case "L" -> {
                    List<AttributeValue> list = new ArrayList<>();
                    for (JsonNode element : v) {
                        list.add(value(element));
                    }
                    yield AttributeValue.fromL(list);
                }
                case "M" -> AttributeValue.fromM(item(v));
                default -> throw new IllegalArgumentException("unknown attribute type " + typed.getKey());
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("a binary attribute is not base64: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException("expected a string, not " + node.getNodeType());
        }
        return node.textValue();
    }

    private static List<String> texts(JsonNode node) {
        List<String> texts = new ArrayList<>();
        for (JsonNode element : node) {
            texts.add(text(element));
        }
        return texts;
    }
}
