package io.modelfn.api.oip;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.http.RequestContext;
import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The infer route: a target moves onto the event loop once its warm calls are measured small, and
 * answers there exactly as a worker (and the JAX-RS resource) did; what it does not take goes on to the
 * resource.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class OipInferRouteIT {

    private static final String IRIS = "{\"id\":\"r1\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,4],"
            + "\"data\":[5.1,3.5,1.4,0.2,6.7,3.0,5.2,2.3]}]}";

    @Inject
    OipInferRoute route;

    @Test
    void infer_should_answer_the_same_on_the_event_loop_as_on_a_worker() {
        // GIVEN the first answer, from a worker (the target is not measured yet)
        Response first = infer("iris", null);
        first.then().statusCode(200);
        // WHEN the target has answered enough warm calls
        for (int i = 0; i < 40 && !route.onEventLoop("iris", null); i++) {
            infer("iris", null).then().statusCode(200);
        }
        // THEN its calls run on the event loop, with the same body and the same headers naming who answered
        assertThat(route.onEventLoop("iris", null)).as("average %d ns", route.averageNanos("iris", null)).isTrue();
        Response later = infer("iris", null);
        later.then().statusCode(200).contentType("application/json");
        assertThat(later.asByteArray()).isEqualTo(first.asByteArray());
        for (String header : new String[] {RequestContext.MODEL_HEADER, RequestContext.VERSION_HEADER,
                RequestContext.VARIANT_HEADER, RequestContext.ENDPOINT_HEADER}) {
            assertThat(later.header(header)).as(header).isEqualTo(first.header(header)).isNotBlank();
        }
        assertThat(later.header(RequestContext.REQUEST_ID_HEADER)).isEqualTo("event-loop-check");
        // AND a version pinned by path is a target of its own, not measured yet
        assertThat(route.onEventLoop("iris", first.header(RequestContext.VERSION_HEADER))).isFalse();
    }

    @Test
    void infer_should_leave_an_unacceptable_accept_header_to_the_resource() {
        // WHEN the caller accepts only HTML
        Response response = given().contentType("application/json").accept("text/html").body(IRIS)
                .when().post("/v2/models/iris/infer");
        // THEN the resource answers 406 with a JSON error, as before the route existed
        response.then().statusCode(406).contentType("application/json");
        assertThat(response.jsonPath().getString("error")).isNotBlank();
    }

    @Test
    void infer_should_answer_a_client_mistake_with_a_json_4xx() {
        // WHEN the body is not JSON, and when the endpoint does not exist
        Response malformed = given().contentType("application/json").body("{\"inputs\":[").when()
                .post("/v2/models/iris/infer");
        Response unknown = given().contentType("application/json").body(IRIS).when()
                .post("/v2/models/no-such-model/infer");
        // THEN 400 and 404, each with an error message
        malformed.then().statusCode(400).contentType("application/json");
        assertThat(malformed.jsonPath().getString("error")).isNotBlank();
        unknown.then().statusCode(404).contentType("application/json");
        assertThat(unknown.jsonPath().getString("error")).contains("no-such-model");
    }

    private static Response infer(String name, String version) {
        String path = version == null ? "/v2/models/" + name + "/infer" : "/v2/models/" + name + "/versions/" + version + "/infer";
        return given().contentType("application/json").header(RequestContext.REQUEST_ID_HEADER, "event-loop-check")
                .body(IRIS).when().post(path);
    }
}
