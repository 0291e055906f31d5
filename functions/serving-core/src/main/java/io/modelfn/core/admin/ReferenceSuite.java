package io.modelfn.core.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reference vectors a version must reproduce to pass validation: the {@code reference.json} of the
 * model repository, cases of OIP tensors ({@code {"cases":[{"name","inputs":[...],"outputs":[...]}]}}).
 */
public record ReferenceSuite(List<Case> cases) {

    private static final OipCodec OIP = new OipCodec();
    private static final int MAX_CASES = 100;

    /** One case: inputs and the outputs they must give. */
    public record Case(String name, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
    }

    /**
     * @throws InvalidAdminRequestException when the document is not a reference suite
     */
    public static ReferenceSuite parse(JsonNode document) {
        JsonNode cases = document == null ? null : document.get("cases");
        if (cases == null || !cases.isArray() || cases.isEmpty()) {
            throw new InvalidAdminRequestException("reference vectors need a non-empty 'cases' array");
        }
        if (cases.size() > MAX_CASES) {
            throw new InvalidAdminRequestException("at most " + MAX_CASES + " reference cases are run");
        }
        List<Case> parsed = new ArrayList<>();
        int index = 0;
        for (JsonNode c : cases) {
            String name = c.path("name").asText("case-" + index++);
            try {
                parsed.add(new Case(name, tensors(c.get("inputs")), tensors(c.get("outputs"))));
            } catch (MalformedRequestException e) {
                throw new InvalidAdminRequestException("reference case '" + name + "': " + e.getMessage());
            }
        }
        return new ReferenceSuite(parsed);
    }

    private static Map<String, Tensor> tensors(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new MalformedRequestException("needs 'inputs' and 'outputs' arrays of tensors");
        }
        ObjectNode request = Json.MAPPER.createObjectNode();
        request.set("inputs", array);
        try {
            return OIP.decodeInferRequest(Json.MAPPER.writeValueAsBytes(request)).inputs();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedRequestException(Json.describe(e));
        }
    }
}
