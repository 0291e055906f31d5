package io.modelfn.localcloudwatch.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The form parameters of an awsQuery request ({@code Action=...&Version=...}) and its list convention:
 * {@code Name.member.1}, {@code Name.member.2}, ... (members may have fields: {@code Name.member.1.Field}).
 */
final class QueryParameters {

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    static QueryParameters parse(String form) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return new QueryParameters(values);
    }

    String get(String name) {
        return values.get(name);
    }

    String required(String name) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            throw new ValidationException("missing required parameter " + name);
        }
        return value;
    }

    int integer(String name, int otherwise) {
        String value = values.get(name);
        try {
            return value == null ? otherwise : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ValidationException(name + " must be an integer");
        }
    }

    double number(String name) {
        try {
            return Double.parseDouble(required(name));
        } catch (NumberFormatException e) {
            throw new ValidationException(name + " must be a number");
        }
    }

    /** The prefixes {@code name.member.1}, {@code name.member.2}, ... that are present, in order. */
    List<String> members(String name) {
        List<String> members = new ArrayList<>();
        for (int i = 1; ; i++) {
            String prefix = name + ".member." + i;
            String p = prefix;
            if (values.containsKey(prefix) || values.keySet().stream().anyMatch(k -> k.startsWith(p + "."))) {
                members.add(prefix);
            } else {
                return members;
            }
        }
    }

    /** The values of a list of strings. */
    List<String> strings(String name) {
        return members(name).stream().map(values::get).toList();
    }
}
