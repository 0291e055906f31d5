package io.modelfn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemanticVersionTest {

    /** The precedence example of semver.org 2.0.0, section 11, plus numeric ordering. */
    private static final List<String> ORDERED = List.of(
            "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
            "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0", "10.0.0");

    @Test
    void compareTo_should_follow_semver_precedence() {
        List<SemanticVersion> shuffled = new ArrayList<>(ORDERED.stream().map(SemanticVersion::parse).toList());
        Collections.shuffle(shuffled, new Random(7));

        Collections.sort(shuffled);

        assertThat(shuffled).extracting(SemanticVersion::toString).containsExactlyElementsOf(ORDERED);
    }

    @Test
    void sortKey_should_order_lexicographically_like_precedence() {
        List<String> keys = new ArrayList<>(ORDERED.stream().map(v -> SemanticVersion.parse(v).sortKey()).toList());
        List<String> sorted = new ArrayList<>(keys);
        Collections.sort(sorted);

        assertThat(sorted).containsExactlyElementsOf(keys);
    }

    @Test
    void build_metadata_should_be_kept_but_not_change_precedence() {
        SemanticVersion withBuild = SemanticVersion.parse("1.0.0+int8");

        assertThat(withBuild.toString()).isEqualTo("1.0.0+int8");
        assertThat(withBuild.compareTo(SemanticVersion.parse("1.0.0"))).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "v1.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0 ", "../1.0.0", "1.0.0/x", ""})
    void parse_should_refuse_what_is_not_a_semantic_version(String text) {
        assertThat(SemanticVersion.isValid(text)).isFalse();
        assertThatThrownBy(() -> SemanticVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
