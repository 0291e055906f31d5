package io.modelfn.infra.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A dashboard's body as CloudWatch will read it: the template's {@code Fn::Join} with every
 * CloudFormation reference replaced by the text {@code TOKEN}, parsed as JSON.
 */
public final class DashboardBody {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One metric line of a graph: {@code [namespace, name, dim, value, ..., {options}]}. */
    public record MetricLine(String widget, String namespace, String metricName, List<String> dimensionNames,
            List<String> dimensionValues) {
    }

    private DashboardBody() {
    }

    public static JsonNode parse(JsonNode dashboardResource) {
        JsonNode body = dashboardResource.path("Properties").path("DashboardBody");
        StringBuilder text = new StringBuilder();
        if (body.isTextual()) {
            text.append(body.asText());
        } else {
            for (JsonNode part : body.path("Fn::Join").get(1)) {
                text.append(part.isTextual() ? part.asText() : "TOKEN");
            }
        }
        try {
            return MAPPER.readTree(text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Widget titles in order. */
    public static List<String> titles(JsonNode body) {
        List<String> titles = new ArrayList<>();
        body.path("widgets").forEach(w -> {
            if (w.path("properties").has("title")) {
                titles.add(w.path("properties").path("title").asText());
            }
        });
        return titles;
    }

    /** Every metric line (math expressions are skipped; their inputs are metric lines too). */
    public static List<MetricLine> metricLines(JsonNode body) {
        List<MetricLine> lines = new ArrayList<>();
        body.path("widgets").forEach(w -> {
            String title = w.path("properties").path("title").asText("");
            w.path("properties").path("metrics").forEach(line -> {
                if (line.size() == 0 || line.get(0).isObject()) {
                    return;
                }
                List<String> names = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int i = 2; i + 1 < line.size() && line.get(i).isTextual(); i += 2) {
                    names.add(line.get(i).asText());
                    values.add(line.get(i + 1).asText());
                }
                lines.add(new MetricLine(title, line.get(0).asText(), line.get(1).asText(), names, values));
            });
        });
        return lines;
    }
}
