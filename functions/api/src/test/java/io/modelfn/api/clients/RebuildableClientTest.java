package io.modelfn.api.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.aws.lean.RenewableClient;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A rebuild after a SnapStart restore: an SDK client is replaced behind its view; a lean one renews in place. */
class RebuildableClientTest {

    /** Stands in for an SDK client: only its name is called. */
    private static class NamedClient implements DynamoDbClient {
        private final String name;

        NamedClient(String name) {
            this.name = name;
        }

        @Override
        public String serviceName() {
            return name;
        }

        @Override
        public void close() {
        }
    }

    /** Stands in for a lean client: renews itself. */
    private static final class RenewingClient extends NamedClient implements RenewableClient {
        final AtomicInteger renewals = new AtomicInteger();

        RenewingClient() {
            super("lean");
        }

        @Override
        public void renew() {
            renewals.incrementAndGet();
        }
    }

    @Test
    void an_sdk_clients_view_should_forward_to_the_client_built_by_the_last_rebuild() {
        AtomicInteger built = new AtomicInteger();
        RebuildableClient<DynamoDbClient> client = new RebuildableClient<>(DynamoDbClient.class,
                () -> new NamedClient("client-" + built.incrementAndGet()));
        DynamoDbClient view = client.view();

        assertThat(view.serviceName()).isEqualTo("client-1");
        assertThat(client.rebuild()).isTrue();
        assertThat(view.serviceName()).isEqualTo("client-2");
        assertThat(view).isNotSameAs(client.get());
        assertThat(client.builds()).isEqualTo(2);
    }

    @Test
    void a_lean_client_should_be_its_own_view_and_be_renewed_not_replaced() {
        AtomicInteger built = new AtomicInteger();
        RenewingClient lean = new RenewingClient();
        RebuildableClient<DynamoDbClient> client = new RebuildableClient<>(DynamoDbClient.class, () -> {
            built.incrementAndGet();
            return lean;
        });

        DynamoDbClient view = client.view();
        boolean rebuilt = client.rebuild();

        assertThat(view).isSameAs(lean);
        assertThat(rebuilt).isTrue();
        assertThat(lean.renewals).hasValue(1);
        assertThat(built).as("built once, renewed after").hasValue(1);
        assertThat(client.get()).isSameAs(lean);
        assertThat(client.builds()).isEqualTo(2);
    }
}
