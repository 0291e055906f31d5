package io.modelfn.api.oip;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the infer route takes itself and what it leaves to the JAX-RS resource or refuses. */
class OipInferRouteTest {

    @Test
    void acceptable_should_take_json_binary_wildcards_and_no_header() {
        for (String accept : new String[] {null, "", "*/*", "application/json", "application/*",
                "application/octet-stream", "text/html, application/json;q=0.9", "APPLICATION/JSON"}) {
            assertThat(OipInferRoute.acceptable(accept)).as(String.valueOf(accept)).isTrue();
        }
        for (String accept : new String[] {"text/html", "text/csv", "application/xml"}) {
            assertThat(OipInferRoute.acceptable(accept)).as(accept).isFalse();
        }
    }

    @Test
    void well_formed_should_refuse_a_content_type_without_type_and_subtype() {
        for (String type : new String[] {null, "", "application/json", "application/json; charset=utf-8", "text/plain"}) {
            assertThat(OipInferRoute.wellFormed(type)).as(String.valueOf(type)).isTrue();
        }
        for (String type : new String[] {"json", "application/", "/json", "a/b/c"}) {
            assertThat(OipInferRoute.wellFormed(type)).as(type).isFalse();
        }
    }
}
