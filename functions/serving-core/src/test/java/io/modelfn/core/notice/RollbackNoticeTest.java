package io.modelfn.core.notice;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RollbackNoticeTest {

    private static final Instant AT = Instant.parse("2026-12-05T22:00:00Z");

    @Test
    void message_should_name_the_endpoint_the_versions_the_alarm_its_reason_and_the_time() throws Exception {
        // GIVEN a canary rolled back by its error-rate alarm
        RollbackNotice notice = new RollbackNotice("ROLLED_BACK", "iris", null, "iris/1.1.0", "iris/1.0.0",
                "production -> 1.0.0", "modelfn-iris-canary-error-rate", "Threshold Crossed: 2 datapoints > 0.05",
                "alarm modelfn-iris-canary-error-rate: Threshold Crossed", AT);

        // WHEN it is rendered
        JsonNode message = new ObjectMapper().readTree(notice.message());

        // THEN the subject and the JSON say what was rolled back to what, why and when
        assertThat(notice.subject()).isEqualTo("modelfn rollback: endpoint iris, iris/1.1.0 -> iris/1.0.0");
        assertThat(message.path("type").asText()).isEqualTo("modelfn.rollback");
        assertThat(message.path("action").asText()).isEqualTo("ROLLED_BACK");
        assertThat(message.path("endpoint").asText()).isEqualTo("iris");
        assertThat(message.path("rolledBack").asText()).isEqualTo("iris/1.1.0");
        assertThat(message.path("restored").asText()).isEqualTo("iris/1.0.0");
        assertThat(message.path("alias").asText()).isEqualTo("production -> 1.0.0");
        assertThat(message.path("alarm").path("name").asText()).isEqualTo("modelfn-iris-canary-error-rate");
        assertThat(message.path("alarm").path("reason").asText()).isEqualTo("Threshold Crossed: 2 datapoints > 0.05");
        assertThat(message.path("at").asText()).isEqualTo("2026-12-05T22:00:00Z");
        assertThat(message.has("function")).isFalse();
    }

    @Test
    void subject_should_stay_one_printable_line_of_at_most_100_characters() {
        // GIVEN a function alias with a long name and a line break in it
        RollbackNotice notice = new RollbackNotice("ALIAS_RESET", null, "f".repeat(120) + "\n:live", "a", "b", null,
                null, null, "reset", AT);

        // WHEN its subject is made
        String subject = notice.subject();

        // THEN SNS takes it: no control character, 100 characters at most, cut visibly
        assertThat(subject).hasSize(RollbackNotice.MAX_SUBJECT).endsWith("...").startsWith("modelfn rollback: function ff");
        assertThat(subject.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(notice.message()).doesNotContain("\"alarm\"");
    }
}
