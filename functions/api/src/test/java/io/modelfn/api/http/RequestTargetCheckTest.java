package io.modelfn.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The request-target check answers as {@link URI} does, whether or not it builds one. */
class RequestTargetCheckTest {

    /** Characters of every kind the check treats apart: plain, escapes, delimiters, spaces, controls, non-ASCII. */
    private static final String ALPHABET = "aZ09-_.!~*'(),;:$&+=@/?%zF#[] \"<>\\^`{|}\t\u00e9\u0001";

    @Test
    void isValidTarget_should_agree_with_the_uri_parser_on_random_targets() {
        // GIVEN targets drawn from characters of every kind, most starting with a slash
        Random random = new Random(20261206L);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder target = new StringBuilder();
            if (random.nextInt(8) != 0) {
                target.append('/');
            }
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                target.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            // THEN the check says what the parser says
            assertThat(HttpPipeline.isValidTarget(target.toString())).as("'%s'", target).isEqualTo(parses(target.toString()));
        }
    }

    @Test
    void isValidTarget_should_take_the_infer_path_and_refuse_a_bad_escape() {
        assertThat(HttpPipeline.isValidTarget("/v2/models/iris/versions/1.1.0/infer")).isTrue();
        assertThat(HttpPipeline.isValidTarget("/v2/models/iris/infer?routing_key=a:b&x=1?2")).isTrue();
        assertThat(HttpPipeline.isValidTarget("/v2/models/%zz/infer")).isFalse();
        assertThat(HttpPipeline.isValidTarget("/v2/models/a b/infer")).isFalse();
        assertThat(HttpPipeline.isValidTarget("/v2/models/%41/infer")).isTrue();
    }

    private static boolean parses(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
