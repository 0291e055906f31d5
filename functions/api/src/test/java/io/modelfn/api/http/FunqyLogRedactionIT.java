package io.modelfn.api.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.api.testing.RegistryTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/**
 * Clients' mistakes on the Funqy path (an unparsable body, a method other than GET or POST) get their
 * 4xx JSON error and leave no record in the logs: Funqy would log each at ERROR, the first quoting the
 * body.
 */
@QuarkusTest
@QuarkusTestResource(RegistryTestResource.class)
class FunqyLogRedactionIT {

    /** Every record of Funqy's category that reaches the root logger's handlers. */
    private static final class FunqyRecords extends Handler {
        final List<String> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            if (record.getLoggerName() != null && record.getLoggerName().startsWith(FunqyLogRedaction.FUNQY_CATEGORY)) {
                records.add(record.getLevel() + " " + record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void funqy_should_log_nothing_when_a_client_sends_an_unparsable_body_or_a_wrong_method() {
        // GIVEN a handler on the root logger that keeps Funqy's records
        Logger root = LogContext.getLogContext().getLogger("");
        FunqyRecords handler = new FunqyRecords();
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        try {
            // WHEN a client sends a body that is not JSON, and calls the function with PUT and DELETE
            given().contentType("application/json").body("{\"endpoint\": iris-not-json")
                    .post("/predict").then().statusCode(400);
            given().contentType("application/json").body("{\"endpoint\":\"iris\",\"inputs\":{\"input\":[[1,2,3,4]]}}")
                    .put("/predict").then().statusCode(405);
            given().delete("/predict").then().statusCode(405);
        } finally {
            root.removeHandler(handler);
        }

        // THEN Funqy wrote no record of them
        assertThat(handler.records).isEmpty();
    }

    @Test
    void isClientMistake_should_match_only_funqys_records_of_clients_mistakes() {
        assertThat(FunqyLogRedaction.isClientMistake("Failed to unmarshal input")).isTrue();
        assertThat(FunqyLogRedaction.isClientMistake("Must be POST or GET for: predict")).isTrue();
        assertThat(FunqyLogRedaction.isClientMistake("Failed to invoke function")).isFalse();
        assertThat(FunqyLogRedaction.isClientMistake(null)).isFalse();
    }
}
