package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A client that offers an upgrade to HTTP/2 in clear text (the JDK client does by default) with a
 * POST body is served as HTTP/1.1. With HTTP/2 on, the server took the upgrade and then failed with
 * 500 ("request has already been read").
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class H2cUpgradeIT {

    @Test
    void a_post_offering_an_h2c_upgrade_should_be_served_as_http_1_1() throws Exception {
        // GIVEN a client that prefers HTTP/2
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/v2/models/iris/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\","
                        + "\"shape\":[1,4],\"data\":[5.1,3.5,1.4,0.2]}]}"))
                .build();

        // WHEN it posts an inference request
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        // THEN it is answered, over HTTP/1.1
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }
}
