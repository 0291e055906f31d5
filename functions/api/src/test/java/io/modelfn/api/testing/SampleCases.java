package io.modelfn.api.testing;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.testkit.ReferenceVectors;
import io.modelfn.core.testkit.SampleModels;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The reference cases of the sample models, as arguments of parameterized tests. Arguments are plain
 * strings ({@code "iris/1.1.0"}, {@code "batch-of-8"}) that tests look up here.
 */
public final class SampleCases {

    private SampleCases() {
    }

    /** Every version of every sample model with each of its reference cases: (version key, case name). */
    public static Stream<Arguments> everyVersionAndCase() {
        return SampleModels.versions().stream().flatMap(key -> SampleModels.reference(key).cases().stream()
                .map(c -> Arguments.of(key.toString(), c.name())));
    }

    /** Each seeded endpoint (named after its model) with each reference case of the version it serves. */
    public static Stream<Arguments> everyEndpointAndCase() {
        return servedVersions().entrySet().stream().flatMap(e -> SampleModels.reference(e.getValue()).cases().stream()
                .map(c -> Arguments.of(e.getKey(), c.name())));
    }

    /** Each seeded endpoint and the version it serves: the model's highest version. */
    public static Map<String, ModelKey> servedVersions() {
        Map<String, ModelKey> served = new TreeMap<>();
        for (ModelKey key : SampleModels.versions()) {
            served.merge(key.name(), key, (a, b) ->
                    SemanticVersion.parse(a.version()).compareTo(SemanticVersion.parse(b.version())) >= 0 ? a : b);
        }
        return served;
    }

    public static ModelKey servedVersion(String endpoint) {
        ModelKey key = servedVersions().get(endpoint);
        if (key == null) {
            throw new IllegalArgumentException("no sample model " + endpoint);
        }
        return key;
    }

    public static ReferenceVectors.Case referenceCase(String versionKey, String caseName) {
        return referenceCase(ModelKey.parse(versionKey), caseName);
    }

    public static ReferenceVectors.Case referenceCase(ModelKey key, String caseName) {
        return SampleModels.reference(key).cases().stream().filter(c -> c.name().equals(caseName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(key + " has no reference case " + caseName));
    }

    /** Whether the version's card names classes (so answers carry class names). */
    public static boolean hasLabels(ModelKey key) {
        return !SampleModels.card(key).labels().isEmpty();
    }
}
