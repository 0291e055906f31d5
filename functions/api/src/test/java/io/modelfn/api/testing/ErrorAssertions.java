package io.modelfn.api.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.Response;

/** What every error answer of the application looks like: a status and {@code {"error": "..."}}. */
public final class ErrorAssertions {

    private ErrorAssertions() {
    }

    /**
     * Asserts the status and a JSON error body whose message contains each of {@code fragments}.
     *
     * @return the message
     */
    public static String assertJsonError(Response response, int status, String... fragments) {
        String body = response.asString();
        assertThat(response.statusCode()).as("status of %s", body).isEqualTo(status);
        return assertJsonErrorBody(response.contentType(), body, fragments);
    }

    /** Asserts a JSON error body ({@code {"error": "..."}} and nothing else) containing each fragment. */
    public static String assertJsonErrorBody(String contentType, String body, String... fragments) {
        assertThat(contentType).as("content type of %s", body).startsWith("application/json");
        JsonNode error = TensorJson.parse(body);
        assertThat(error.isObject()).as(body).isTrue();
        assertThat(error.size()).as("fields of %s", body).isEqualTo(1);
        String message = error.path("error").asText();
        assertThat(message).as(body).isNotBlank();
        for (String fragment : fragments) {
            assertThat(message).contains(fragment);
        }
        return message;
    }
}
