package io.modelfn.core.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.protocol.BodyReader;
import io.modelfn.core.protocol.MalformedRequestException;
import io.modelfn.core.protocol.PayloadTooLargeException;
import io.modelfn.core.protocol.oip.OipCodec;
import io.modelfn.core.protocol.sagemaker.SageMakerCodec;
import io.modelfn.core.protocol.simple.SimpleJsonCodec;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No allocation proportional to a claimed size: a request that claims a huge tensor (or a huge body)
 * but carries a few bytes is refused quickly, and decoding it allocates about what it carries, not
 * what it claims. Measured per thread with {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}
 * (the bytes this thread allocated on the heap, so the figure is exact and not disturbed by other
 * threads or the collector).
 */
class ClaimedSizeAllocationTest {

    /** What refusing one of these requests may allocate: parser buffers and the message, far below the claims. */
    private static final long ALLOWED_BYTES = 2L << 20;
    /**
     * A refusal that scanned the claimed size would take seconds of CPU; these take microseconds. Measured as
     * this thread's CPU time, so a busy machine that keeps the thread waiting for a core does not count.
     */
    private static final long ALLOWED_NANOS = 50_000_000L;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Signature IRIS = new Signature(
            List.of(new TensorSpec("input", DataType.FP32, new long[] {-1, 4})),
            List.of(new TensorSpec("probabilities", DataType.FP32, new long[] {-1, 3})));

    private final OipCodec oip = new OipCodec();

    @BeforeAll
    static void warmUp() {
        assertThat(THREADS.isThreadAllocatedMemorySupported()).isTrue();
        THREADS.setThreadAllocatedMemoryEnabled(true);
        assertThat(THREADS.isCurrentThreadCpuTimeSupported()).isTrue();
        THREADS.setThreadCpuTimeEnabled(true);
        // Load and JIT-warm the decoding classes so their one-time costs are not measured.
        OipCodec codec = new OipCodec();
        for (int i = 0; i < 2000; i++) {
            try {
                codec.decodeInferRequest(request("FP32", "[1000000000]", "[1,2,3]").getBytes(StandardCharsets.UTF_8));
            } catch (MalformedRequestException expected) {
                // warming up
            }
        }
    }

    private static String request(String datatype, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape + ",\"data\":"
                + data + "}]}";
    }

    private static String dataFirst(String datatype, String shape, String data) {
        return "{\"inputs\":[{\"data\":" + data + ",\"name\":\"input\",\"datatype\":\"" + datatype + "\",\"shape\":"
                + shape + "}]}";
    }

    /** Runs {@code action} (which must throw), returning the bytes this thread allocated and the CPU time it took. */
    private static long[] measure(Runnable action) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long start = THREADS.getCurrentThreadCpuTime();
        Throwable thrown = null;
        try {
            action.run();
        } catch (RuntimeException e) {
            thrown = e;
        }
        long nanos = THREADS.getCurrentThreadCpuTime() - start;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertThat(thrown).as("the claimed-size request is refused").isNotNull();
        return new long[] {allocated, nanos};
    }

    private static void report(String what, long[] figures) {
        System.out.printf(Locale.ROOT, "claimed-size refusal: %-60s allocated %,8d bytes in %,8.3f ms of CPU%n", what,
                figures[0], figures[1] / 1e6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FP32|[1000000000]", "FP64|[1000000000]", "BYTES|[1000000000]", "INT64|[2147483647]",
            "BOOL|[1000000,1000]", "FP32|[2147483648,2147483648]", "UINT8|[9223372036854775807]",
            "FP32|[3037000500,3037000500]", "FP16|[65536,65536,65536]"})
    void decodeInferRequest_should_refuse_a_huge_claimed_shape_without_allocating_it(String claim) {
        // GIVEN a request whose shape claims up to 2^63 elements while its data holds three values
        String[] parts = claim.split("\\|");
        String datatype = parts[0];
        String shape = parts[1];

        for (String body : List.of(request(datatype, shape, datatype.equals("BYTES") ? "[\"a\",\"b\",\"c\"]"
                : datatype.equals("BOOL") ? "[true,false,true]" : "[1,2,3]"),
                dataFirst(datatype, shape, datatype.equals("BYTES") ? "[\"a\",\"b\",\"c\"]"
                        : datatype.equals("BOOL") ? "[true,false,true]" : "[1,2,3]"))) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

            // WHEN it is decoded
            long[] figures = measure(() -> oip.decodeInferRequest(bytes));

            // THEN it is refused as malformed, fast, having allocated about what the request holds
            assertThatThrownBy(() -> oip.decodeInferRequest(bytes)).isInstanceOf(MalformedRequestException.class);
            report(datatype + " " + shape + (body.startsWith("{\"inputs\":[{\"data\"") ? " (data first)" : ""), figures);
            assertThat(figures[0]).as("bytes allocated refusing %s %s", datatype, shape).isLessThan(ALLOWED_BYTES);
            assertThat(figures[1]).as("nanoseconds refusing %s %s", datatype, shape).isLessThan(ALLOWED_NANOS);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {5L << 20, 1L << 40, Long.MAX_VALUE})
    void read_should_refuse_or_read_a_body_without_allocating_its_claimed_length(long claimed) {
        // GIVEN a 10-byte body whose Content-Length claims 5 MiB, 1 TiB or 2^63 bytes, under a 5 MiB limit
        byte[] body = "{\"a\":[1]}\n".getBytes(StandardCharsets.UTF_8);

        // WHEN it is read
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long start = THREADS.getCurrentThreadCpuTime();
        Throwable thrown = null;
        try {
            BodyReader.read(new ByteArrayInputStream(body), claimed, 5L << 20);
        } catch (PayloadTooLargeException e) {
            thrown = e;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long nanos = THREADS.getCurrentThreadCpuTime() - start;

        // THEN a claim over the limit is refused before reading; one under it reads the 10 bytes; neither
        // allocates the claimed length
        report("body of 10 bytes claiming " + claimed + " bytes" + (thrown == null ? " (read)" : " (refused)"),
                new long[] {allocated, nanos});
        assertThat(thrown != null).isEqualTo(claimed > (5L << 20));
        assertThat(allocated).as("bytes allocated reading a body that claims %d bytes", claimed).isLessThan(ALLOWED_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
            "{\"instances\":[[1,2,3,4]],\"inputs\":[[1]]}"})
    void other_decoders_should_refuse_hostile_nesting_and_mixed_forms_cheaply(String body) {
        // GIVEN JSON nested 50 deep (deeper than any tensor) or mixing both SageMaker forms
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        // WHEN the SageMaker and predict decoders see it
        long[] sagemaker = measure(() -> new SageMakerCodec().decode("application/json", bytes, IRIS));
        long[] simple = measure(() -> {
            try {
                new SimpleJsonCodec().decodeInputs(new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes), IRIS);
            } catch (java.io.IOException e) {
                throw new MalformedRequestException("not JSON");
            }
        });

        // THEN both refuse, cheaply
        report("SageMaker JSON " + body.substring(0, Math.min(30, body.length())), sagemaker);
        report("predict inputs " + body.substring(0, Math.min(30, body.length())), simple);
        assertThat(sagemaker[0]).isLessThan(ALLOWED_BYTES);
        assertThat(simple[0]).isLessThan(ALLOWED_BYTES);
    }
}
