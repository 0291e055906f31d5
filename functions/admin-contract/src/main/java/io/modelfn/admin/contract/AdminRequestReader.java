package io.modelfn.admin.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads an admin request body into its record, strictly: an unknown field, a string where a number
 * belongs (or the reverse) and a missing required field are refused with an
 * {@link InvalidAdminCallException} that names the field. Thread-safe.
 */
public final class AdminRequestReader {

    private static final ObjectMapper STRICT = strictMapper();

    private AdminRequestReader() {
    }

    /**
     * @param body the request body; null or JSON null reads as an empty object
     * @throws InvalidAdminCallException when the body does not fit the request's contract
     */
    public static <T> T read(JsonNode body, Class<T> type) {
        if (body != null && !body.isNull() && !body.isMissingNode() && !body.isObject()) {
            throw new InvalidAdminCallException("the request body must be a JSON object");
        }
        JsonNode object = body == null || body.isNull() || body.isMissingNode() ? STRICT.createObjectNode() : body;
        refuseUnknownFields(object, type);
        try {
            return STRICT.treeToValue(object, type);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidAdminCallException("unknown field '" + abbreviate(e.getPropertyName()) + "' (expected "
                    + expected(e.getKnownPropertyIds()) + ")");
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof InvalidAdminCallException invalid) {
                throw invalid;
            }
            throw new InvalidAdminCallException("invalid request: " + e.getOriginalMessage());
        } catch (MismatchedInputException e) {
            throw new InvalidAdminCallException("'" + path(e) + "' must be " + kind(e.getTargetType()));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidAdminCallException("the request body does not fit this function");
        }
    }

    /**
     * Jackson builds a record before it reports an unknown field, so a misspelt required field would
     * be reported as missing; naming the misspelling first tells the operator what to fix.
     */
    private static void refuseUnknownFields(JsonNode object, Class<?> type) {
        if (!type.isRecord()) {
            return;
        }
        Set<String> known = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new InvalidAdminCallException("unknown field '" + abbreviate(name) + "' (expected "
                        + String.join(", ", known) + ")");
            }
        }
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        // No guessing: "5" is not a number, 5 is not a string, "true" is not a boolean.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(abbreviate(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "the body" : path.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String expected(Collection<Object> known) {
        return known == null ? "" : known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 64 ? text.substring(0, 64) + "..." : text;
    }
}
