package io.modelfn.lambda.afterresponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The socket client's reading of the Extensions API's HTTP/1.1 responses. */
class ExtensionsApiClientTest {

    @Test
    void a_response_with_a_content_length_should_be_read_with_its_headers() throws IOException {
        ExtensionsApiClient.Response response = read("HTTP/1.1 200 OK\r\nLambda-Extension-Identifier: abc\r\n"
                + "Content-Length: 2\r\n\r\n{}trailing");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("lambda-extension-identifier", "abc");
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void a_chunked_response_should_be_joined() throws IOException {
        ExtensionsApiClient.Response response = read("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"a\":\r\n3;x=y\r\n1}\n\r\n0\r\n\r\n");

        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void a_response_cut_short_or_not_http_should_fail() {
        assertThatThrownBy(() -> read("HTTP/1.1 200 OK\r\nContent-Le")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> read("SSH-2.0-OpenSSH\r\n\r\n")).isInstanceOf(IOException.class);
    }

    private static ExtensionsApiClient.Response read(String raw) throws IOException {
        return ExtensionsApiClient.read(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
