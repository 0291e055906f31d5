package io.modelfn.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfn.infra.support.ImageStages;
import io.modelfn.infra.support.TestSettings;
import org.junit.jupiter.api.Test;

class PackagingSettingsTest {

    @Test
    void packaging_should_be_zip_when_the_stage_says_nothing() {
        ModelfnSettings dev = TestSettings.dev();

        assertThat(dev.functions().prediction().packaging().type()).isEqualTo(ModelfnSettings.Packaging.Type.ZIP);
        assertThat(dev.functions().admin().packaging().isImage()).isFalse();
        assertThat(dev.functions().rollout().packaging().isImage()).isFalse();
    }

    @Test
    void packaging_should_name_the_repository_and_digest_when_the_stage_asks_for_the_image() {
        ModelfnSettings settings = ImageStages.devWithImages();

        ModelfnSettings.Packaging packaging = settings.functions().prediction().packaging();
        assertThat(packaging.isImage()).isTrue();
        assertThat(packaging.repository()).isEqualTo(ImageStages.REPOSITORY);
        assertThat(packaging.tagOrDigest()).isEqualTo(ImageStages.DIGEST);
    }

    @Test
    void packaging_should_be_refused_when_an_image_names_no_repository_or_a_malformed_digest() {
        assertThatThrownBy(() -> new ModelfnSettings.Packaging(ModelfnSettings.Packaging.Type.IMAGE, null, "v1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packaging.repository");
        assertThatThrownBy(() -> new ModelfnSettings.Packaging(ModelfnSettings.Packaging.Type.IMAGE, "modelfn/api", "sha256:abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("packaging.tagOrDigest");
        assertThatThrownBy(() -> new ModelfnSettings.Packaging(ModelfnSettings.Packaging.Type.ZIP, "modelfn/api", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type IMAGE only");
    }

    @Test
    void packaging_should_be_refused_when_the_rollout_function_asks_for_the_image() {
        ModelfnSettings.FunctionSize image = new ModelfnSettings.FunctionSize(512, 60,
                new ModelfnSettings.Packaging(ModelfnSettings.Packaging.Type.IMAGE, "modelfn/api", "v1"));

        assertThatThrownBy(() -> new ModelfnSettings.Functions(null, null, image, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("functions.rollout.packaging");
    }
}
