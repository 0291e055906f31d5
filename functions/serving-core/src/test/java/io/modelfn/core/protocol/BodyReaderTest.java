package io.modelfn.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading request bodies under a size limit, declared or not. */
class BodyReaderTest {

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** A stream that hands out at most {@code chunk} bytes per read and counts what it gave. */
    private static final class TrickleStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        int given;

        TrickleStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return given < data.length ? data[given++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (given >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - given);
            System.arraycopy(data, given, b, off, n);
            given += n;
            return n;
        }
    }

    /** An endless stream of zeros that counts the bytes it gave. */
    private static final class EndlessStream extends InputStream {
        long given;

        @Override
        public int read() {
            given++;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            given += len;
            return len;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 1000})
    void read_should_return_the_whole_body_when_it_is_under_the_limit(long declared) {
        // GIVEN a 1,000-byte body, with or without its Content-Length
        byte[] body = bytes(1000);

        // WHEN read under a 4 KiB limit
        byte[] read = BodyReader.read(new ByteArrayInputStream(body), declared, 4096);

        // THEN every byte is returned, nothing more
        assertThat(read).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 4096})
    void read_should_accept_a_body_of_exactly_the_limit(long declared) {
        // GIVEN a body as large as the limit
        byte[] body = bytes(4096);

        // WHEN read THEN it is accepted whole
        assertThat(BodyReader.read(new ByteArrayInputStream(body), declared, 4096)).isEqualTo(body);
    }

    @Test
    void read_should_refuse_a_declared_length_over_the_limit_without_reading_the_body() {
        // GIVEN a Content-Length one byte over the limit
        TrickleStream in = new TrickleStream(bytes(10), 10);

        // WHEN read THEN it is refused before the stream is touched
        assertThatThrownBy(() -> BodyReader.read(in, 4097, 4096))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("larger than the limit of 4096 bytes");
        assertThat(in.given).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 100})
    void read_should_refuse_a_body_one_byte_over_the_limit_whatever_length_it_declared(long declared) {
        // GIVEN a body of limit + 1 bytes, undeclared, declared empty, or declared short
        byte[] body = bytes(4097);

        // WHEN read THEN the actual size is what counts
        assertThatThrownBy(() -> BodyReader.read(new ByteArrayInputStream(body), declared, 4096))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("4096");
    }

    @Test
    void read_should_stop_reading_soon_after_an_endless_body_passes_the_limit() {
        // GIVEN a body that never ends
        EndlessStream in = new EndlessStream();

        // WHEN read under a 1 MiB limit THEN it is refused without reading much past the limit
        assertThatThrownBy(() -> BodyReader.read(in, -1, 1 << 20)).isInstanceOf(PayloadTooLargeException.class);
        assertThat(in.given).isLessThanOrEqualTo((1 << 20) + 1);
    }

    @Test
    void read_should_read_a_body_shorter_than_its_declared_length() {
        // GIVEN a body of 10 bytes that declared 100
        byte[] body = bytes(10);

        // WHEN read THEN the 10 bytes are returned
        assertThat(BodyReader.read(new ByteArrayInputStream(body), 100, 4096)).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0})
    void read_should_return_an_empty_body_even_under_a_zero_limit_and_refuse_one_byte_more(long declared) {
        // WHEN an empty body is read under limits of 4096 and 0 THEN it is an empty array
        assertThat(BodyReader.read(new ByteArrayInputStream(new byte[0]), declared, 4096)).isEmpty();
        assertThat(BodyReader.read(new ByteArrayInputStream(new byte[0]), declared, 0)).isEmpty();

        // WHEN one byte is read under a zero limit THEN it is too large
        assertThatThrownBy(() -> BodyReader.read(new ByteArrayInputStream(new byte[1]), declared, 0))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    @Test
    void read_should_assemble_a_large_body_that_arrives_in_small_chunks() {
        // GIVEN 100 KB (beyond the 16 KiB first buffer) trickling 7 bytes per read
        byte[] body = bytes(100_000);

        // WHEN read without a declared length
        byte[] read = BodyReader.read(new TrickleStream(body, 7), -1, 1 << 20);

        // THEN the bytes are all there, in order
        assertThat(read).isEqualTo(body);
    }

    @Test
    void read_should_report_a_failing_stream_as_an_unchecked_io_error() {
        // GIVEN a stream that fails
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        // WHEN read THEN the failure is wrapped with its cause
        assertThatThrownBy(() -> BodyReader.read(failing, -1, 4096))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("reading the request body failed")
                .hasRootCauseMessage("connection reset");
    }
    @ParameterizedTest
    @ValueSource(longs = {-1, 3})
    void read_should_return_the_body_when_the_limit_is_the_largest_long(long declared) {
        // GIVEN a 3-byte body and no practical limit
        byte[] body = {1, 2, 3};

        // WHEN read THEN it comes back promptly
        byte[] read = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> BodyReader.read(new ByteArrayInputStream(body), declared, Long.MAX_VALUE));
        assertThat(read).isEqualTo(body);
    }
}
