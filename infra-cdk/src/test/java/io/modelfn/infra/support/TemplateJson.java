package io.modelfn.infra.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Reading synthesised templates as JSON: resources by type, IAM statements, values as lists. */
public final class TemplateJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TemplateJson() {
    }

    public static JsonNode of(Template template) {
        return MAPPER.valueToTree(template.toJSON());
    }

    /** Logical id to resource, for every resource of {@code type}. */
    public static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").fields().forEachRemaining(e -> {
            if (type.equals(e.getValue().path("Type").asText())) {
                found.put(e.getKey(), e.getValue());
            }
        });
        return found;
    }

    /** A JSON value that may be one item or a list, as a list. */
    public static List<JsonNode> list(JsonNode value) {
        List<JsonNode> items = new ArrayList<>();
        if (value == null || value.isMissingNode() || value.isNull()) {
            return items;
        }
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        return items;
    }

    public static List<String> strings(JsonNode value) {
        return list(value).stream().map(JsonNode::asText).toList();
    }

    /**
     * A value as one string, for matching: {@code Fn::Join} flattened, {@code {"Ref": "X"}} as
     * {@code {X}}, {@code Fn::GetAtt} as {@code {Id.Attr}}, {@code Fn::ImportValue} as {@code {import:Name}}.
     */
    public static String joined(JsonNode value) {
        if (value.isTextual() || value.isNumber()) {
            return value.asText();
        }
        if (value.has("Fn::Join")) {
            StringBuilder text = new StringBuilder();
            value.path("Fn::Join").path(1).forEach(part -> text.append(joined(part)));
            return text.toString();
        }
        if (value.has("Ref")) {
            return "{" + value.path("Ref").asText() + "}";
        }
        if (value.has("Fn::GetAtt")) {
            return "{" + value.path("Fn::GetAtt").path(0).asText() + "." + value.path("Fn::GetAtt").path(1).asText() + "}";
        }
        if (value.has("Fn::ImportValue")) {
            return "{import:" + joined(value.path("Fn::ImportValue")) + "}";
        }
        return value.toString();
    }

    /** One IAM statement, with where it was found. */
    public record Statement(String stackName, String owner, JsonNode json) {
        public List<String> actions() {
            return strings(json.path("Action"));
        }

        public List<JsonNode> resources() {
            return list(json.path("Resource"));
        }

        public boolean hasWildcardResource() {
            return resources().stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"));
        }
    }

    /**
     * Every statement of every identity policy in the template: AWS::IAM::Policy documents and
     * roles' inline policies (resource policies such as bucket or key policies are not included).
     */
    public static List<Statement> identityStatements(String stackName, JsonNode template) {
        List<Statement> statements = new ArrayList<>();
        resources(template, "AWS::IAM::Policy").forEach((id, policy) ->
                policy.path("Properties").path("PolicyDocument").path("Statement")
                        .forEach(s -> statements.add(new Statement(stackName, id, s))));
        resources(template, "AWS::IAM::Role").forEach((id, role) ->
                role.path("Properties").path("Policies").forEach(p ->
                        p.path("PolicyDocument").path("Statement").forEach(s -> statements.add(new Statement(stackName, id, s)))));
        return statements;
    }

    /** The statements of the policies attached to the role with logical id {@code roleId}. */
    public static List<Statement> statementsOfRole(JsonNode template, String roleId) {
        List<Statement> statements = new ArrayList<>();
        resources(template, "AWS::IAM::Policy").forEach((id, policy) -> {
            for (JsonNode role : policy.path("Properties").path("Roles")) {
                if (roleId.equals(role.path("Ref").asText())) {
                    policy.path("Properties").path("PolicyDocument").path("Statement")
                            .forEach(s -> statements.add(new Statement("", id, s)));
                }
            }
        });
        template.path("Resources").path(roleId).path("Properties").path("Policies").forEach(p ->
                p.path("PolicyDocument").path("Statement").forEach(s -> statements.add(new Statement("", roleId, s))));
        return statements;
    }
}
