package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    private static final int IDS_PER_COPY = 100_000;

    @Test
    void copies_restored_from_one_snapshot_should_repeat_no_id_once_reseeded() {
        // GIVEN a process that served a while, then two copies of it restored from one snapshot
        SecureRandom entropy = new SecureRandom();
        RequestIds original = new RequestIds(entropy::nextLong);
        draw(original, 1_000);
        RequestIds first = original.snapshotCopy();
        RequestIds second = original.snapshotCopy();
        assertThat(draw(first.snapshotCopy(), 100)).as("copies that are not reseeded repeat each other's ids")
                .isEqualTo(draw(second.snapshotCopy(), 100));

        // WHEN each is reseeded after its restore and draws 100,000 ids
        first.reseed();
        second.reseed();
        List<String> fromFirst = draw(first, IDS_PER_COPY);
        List<String> fromSecond = draw(second, IDS_PER_COPY);

        // THEN no id repeats, within a copy or between them
        Set<String> all = new HashSet<>(fromFirst);
        all.addAll(fromSecond);
        assertThat(all).hasSize(2 * IDS_PER_COPY);
    }

    @Test
    void next_should_give_version_4_uuids_unique_under_concurrent_draws() {
        // GIVEN the process's ids, drawn from 8 threads at once
        Set<String> seen = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 8).parallel().forEach(thread -> {
            for (int i = 0; i < 20_000; i++) {
                seen.add(RequestIds.process().next());
            }
        });

        // THEN none repeats, and each reads as an RFC 4122 version 4 UUID
        assertThat(seen).hasSize(8 * 20_000);
        UUID sample = UUID.fromString(seen.iterator().next());
        assertThat(sample.version()).isEqualTo(4);
        assertThat(sample.variant()).isEqualTo(2);
    }

    private static List<String> draw(RequestIds ids, int count) {
        List<String> drawn = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            drawn.add(ids.next());
        }
        return drawn;
    }
}
