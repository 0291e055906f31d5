package io.modelfn.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackendTest {

    @Test
    void parse_should_read_the_three_forms_of_the_registry() {
        assertThat(Backend.parse(null)).isEqualTo(Backend.IN_PROCESS);
        assertThat(Backend.parse("lambda")).isEqualTo(Backend.IN_PROCESS);
        assertThat(Backend.parse("sagemaker:modelfn-prod-gpu")).isEqualTo(new Backend.SageMaker("modelfn-prod-gpu"));
        Backend http = Backend.parse("http:http://internal-alb.example:8080/base");

        assertThat(http).isInstanceOf(Backend.Http.class);
        assertThat(http.remote()).isTrue();
        assertThat(http.text()).isEqualTo("http:http://internal-alb.example:8080/base");
        assertThat(((Backend.Http) http).resolve("/v2/models/iris/versions/1.0.0/infer").toString())
                .isEqualTo("http://internal-alb.example:8080/base/v2/models/iris/versions/1.0.0/infer");
        assertThat(Backend.IN_PROCESS.remote()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ecs", "sagemaker:", "sagemaker:bad_name", "sagemaker:-x", "http:ftp://host/",
        "http:http://user:secret@host/", "http:http://host/?q=1", "http:not a url", "http:http:///path"})
    void parse_should_refuse_what_is_not_a_usable_backend(String text) {
        assertThatThrownBy(() -> Backend.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void http_resolve_should_not_double_the_slash_when_the_base_ends_with_one() {
        Backend.Http http = new Backend.Http("https://gpu.internal/");

        assertThat(http.resolve("/v2/health/ready").toString()).isEqualTo("https://gpu.internal/v2/health/ready");
    }

    @Test
    void rejected_should_only_carry_client_statuses() {
        assertThat(new BackendRejectedException(413, "too large").status()).isEqualTo(413);
        assertThatThrownBy(() -> new BackendRejectedException(500, "no")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackendFailureException(500, "no", null)).isInstanceOf(IllegalArgumentException.class);
    }
}
