package io.modelfn.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfn.core.model.DataType;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultCacheTest {

    private static final ModelKey V1 = ModelKey.parse("iris/1.0.0");
    private static final ModelKey V2 = ModelKey.parse("iris/1.1.0");

    private static Map<String, Tensor> input(float... values) {
        return Map.of("input", Tensor.ofFloats("input", new long[] {1, values.length}, values));
    }

    private static Map<String, Tensor> answer(long label) {
        return Map.of("label", Tensor.ofLongs("label", new long[] {1}, new long[] {label}));
    }

    @Test
    void key_should_be_equal_only_for_the_same_version_inputs_and_outputs() {
        ResultCache.Key key = ResultCache.key(V1, input(1, 2, 3, 4), List.of());

        assertThat(ResultCache.key(V1, input(1, 2, 3, 4), List.of())).isEqualTo(key).hasSameHashCodeAs(key);
        assertThat(ResultCache.key(V2, input(1, 2, 3, 4), List.of())).isNotEqualTo(key);
        assertThat(ResultCache.key(V1, input(1, 2, 3, 5), List.of())).isNotEqualTo(key);
        assertThat(ResultCache.key(V1, input(1, 2, 3, 4), List.of("label"))).isNotEqualTo(key);
        // same values, other shape or datatype: another input
        assertThat(ResultCache.key(V1, Map.of("input", Tensor.ofFloats("input", new long[] {2, 2},
                new float[] {1, 2, 3, 4})), List.of())).isNotEqualTo(key);
        assertThat(ResultCache.key(V1, Map.of("input", Tensor.of("input", DataType.FP64, new long[] {1, 4},
                new double[] {1, 2, 3, 4})), List.of())).isNotEqualTo(key);
        // -0.0 and 0.0 are different inputs to a model; the digest sees the bits
        assertThat(ResultCache.key(V1, input(0f), List.of())).isNotEqualTo(ResultCache.key(V1, input(-0f), List.of()));
    }

    @Test
    void get_should_answer_the_outputs_in_the_order_they_were_computed_in() {
        // GIVEN an answer whose outputs come in the model's order (not alphabetical, not hashed)
        Map<String, Tensor> computed = new LinkedHashMap<>();
        for (String name : List.of("probabilities", "label", "embedding", "attention", "b", "a")) {
            computed.put(name, Tensor.ofFloats(name, new long[] {1}, new float[] {1}));
        }
        ResultCache cache = new ResultCache(10, 1 << 20);
        ResultCache.Key key = ResultCache.key(V1, input(1, 2, 3, 4), List.of());

        // WHEN it is kept and read back
        cache.put(key, computed);

        // THEN it reads as computed: a client sees the same response bytes from a hit as from a miss
        assertThat(cache.get(key).keySet()).containsExactlyElementsOf(computed.keySet());
    }

    @Test
    void key_should_not_depend_on_the_order_inputs_are_given_in() {
        Map<String, Tensor> ab = new LinkedHashMap<>();
        ab.put("a", Tensor.ofFloats("a", new long[] {1}, new float[] {1}));
        ab.put("b", Tensor.ofFloats("b", new long[] {1}, new float[] {2}));
        Map<String, Tensor> ba = new LinkedHashMap<>();
        ba.put("b", ab.get("b"));
        ba.put("a", ab.get("a"));

        assertThat(ResultCache.key(V1, ab, List.of())).isEqualTo(ResultCache.key(V1, ba, List.of()));
    }

    @Test
    void key_should_digest_every_datatype_and_long_names() {
        String longName = "x".repeat(9_000); // longer than the digest's scratch buffer
        for (DataType type : DataType.values()) {
            Object data = java.lang.reflect.Array.newInstance(Tensor.arrayClass(type).getComponentType(), 3);
            if (type == DataType.BYTES) {
                data = new String[] {"a", "", longName};
            }
            Tensor tensor = Tensor.of(longName, type, new long[] {3}, data);

            assertThat(ResultCache.key(V1, Map.of(longName, tensor), List.of()))
                    .isEqualTo(ResultCache.key(V1, Map.of(longName, tensor), List.of()));
        }
    }

    @Test
    void get_should_return_what_was_put_for_that_version_only() {
        ResultCache cache = new ResultCache(10, 1 << 20);
        ResultCache.Key key = ResultCache.key(V1, input(1, 2, 3, 4), List.of());

        assertThat(cache.get(key)).isNull();
        cache.put(key, answer(2));

        assertThat(cache.get(ResultCache.key(V1, input(1, 2, 3, 4), List.of()))).isEqualTo(answer(2));
        assertThat(cache.get(ResultCache.key(V2, input(1, 2, 3, 4), List.of()))).isNull();
    }

    @Test
    void put_should_evict_the_least_recently_used_past_the_entry_bound() {
        ResultCache cache = new ResultCache(2, 1 << 20);
        ResultCache.Key a = ResultCache.key(V1, input(1), List.of());
        ResultCache.Key b = ResultCache.key(V1, input(2), List.of());
        ResultCache.Key c = ResultCache.key(V1, input(3), List.of());
        cache.put(a, answer(1));
        cache.put(b, answer(2));
        cache.get(a); // a is now the most recently used

        cache.put(c, answer(3));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get(a)).isNotNull();
        assertThat(cache.get(b)).isNull();
        assertThat(cache.get(c)).isNotNull();
    }

    @Test
    void put_should_stay_within_the_byte_bound_and_skip_answers_over_a_quarter_of_it() {
        // GIVEN room for about 3 answers of 1000 floats (4 KB each plus overhead)
        long bound = 3 * (4000 + ResultCache.ENTRY_OVERHEAD) + 100;
        ResultCache cache = new ResultCache(1000, bound * 4);
        ResultCache small = new ResultCache(1000, bound);
        Map<String, Tensor> big = Map.of("y", Tensor.ofFloats("y", new long[] {1000}, new float[1000]));

        // WHEN 10 are put
        for (int i = 0; i < 10; i++) {
            cache.put(ResultCache.key(V1, input(i), List.of()), big);
            small.put(ResultCache.key(V1, input(i), List.of()), big);
        }

        // THEN the cache holds what fits, and the small one (each answer over a quarter of it) holds none
        assertThat(cache.bytes()).isLessThanOrEqualTo(bound * 4);
        assertThat(cache.size()).isBetween(10, 10);
        assertThat(small.size()).isZero();
        ResultCache tight = new ResultCache(1000, 4 * (4000 + ResultCache.ENTRY_OVERHEAD));
        for (int i = 0; i < 10; i++) {
            tight.put(ResultCache.key(V1, input(i), List.of()), big);
        }
        assertThat(tight.size()).isEqualTo(4);
        assertThat(tight.bytes()).isLessThanOrEqualTo(4 * (4000 + ResultCache.ENTRY_OVERHEAD));
    }
}
