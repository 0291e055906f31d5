package io.modelfn.inference.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The native memory lent to input tensors: reused, in the native order, and kept within bounds. */
class InputBuffersTest {

    @Test
    void a_buffer_given_back_should_be_lent_again_cleared_and_at_most_the_kept_number_stay() {
        InputBuffers buffers = new InputBuffers();

        // GIVEN a buffer taken, used and given back
        ByteBuffer first = buffers.take();
        assertThat(first.isDirect()).isTrue();
        assertThat(first.order()).isEqualTo(ByteOrder.nativeOrder());
        assertThat(first.capacity()).isEqualTo(InputBuffers.SIZE);
        first.position(1000);
        buffers.give(first);

        // WHEN it is taken again: THEN it is the same memory, from its start
        ByteBuffer again = buffers.take();
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.remaining()).isEqualTo(InputBuffers.SIZE);

        // AND of more buffers given back than it keeps, the rest is left to the collector
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < InputBuffers.KEPT + 5; i++) {
            taken.add(buffers.take());
        }
        taken.forEach(buffers::give);
        assertThat(buffers.kept()).isEqualTo(InputBuffers.KEPT);
    }
}
