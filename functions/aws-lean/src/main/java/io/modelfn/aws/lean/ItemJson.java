package io.modelfn.aws.lean;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's Query and GetItem request bodies, written with no class of the SDK's but {@link AttributeValue}, the
 * item type every caller holds anyway ({@link DynamoDbJson}). Stateless.
 */
final class ItemJson {

    private ItemJson() {
    }

    static byte[] query(String table, String index, String keyCondition, Map<String, String> names,
            Map<String, AttributeValue> values, Map<String, AttributeValue> exclusiveStartKey) {
        return write(json -> {
            json.writeStringField("TableName", table);
            if (index != null) {
                json.writeStringField("IndexName", index);
            }
            json.writeStringField("KeyConditionExpression", keyCondition);
            if (!names.isEmpty()) {
                json.writeObjectFieldStart("ExpressionAttributeNames");
                for (Map.Entry<String, String> name : names.entrySet()) {
                    json.writeStringField(name.getKey(), name.getValue());
                }
                json.writeEndObject();
            }
            if (!values.isEmpty()) {
                writeItem(json, "ExpressionAttributeValues", values);
            }
            if (exclusiveStartKey != null) {
                writeItem(json, "ExclusiveStartKey", exclusiveStartKey);
            }
        });
    }

    static byte[] getItem(String table, Map<String, AttributeValue> key, boolean consistentRead) {
        return write(json -> {
            json.writeStringField("TableName", table);
            writeItem(json, "Key", key);
            if (consistentRead) {
                json.writeBooleanField("ConsistentRead", true);
            }
        });
    }

    private static void writeItem(JsonGenerator json, String field, Map<String, AttributeValue> item) throws IOException {
        json.writeFieldName(field);
        json.writeTree(DynamoDbJson.item(item));
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Fields fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = SdkPojoJson.JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
