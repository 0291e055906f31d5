package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.testkit.SampleModels;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How a version enters the registry: refused sources, the card, and the validation gate's outcomes.
 */
class VersionRegistrationTest extends AdminUseCaseFixture {
    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ",
        "http://example.com/m.onnx",
        "https://example.com/models/iris/1.5.0/model.onnx",
        "https://models-bucket.s3.amazonaws.com/models/iris/1.5.0/model.onnx",
        "file:///etc/passwd",
        "file://models-bucket/models/iris/1.5.0/model.onnx",
        "s3://other-bucket/models/iris/1.5.0/model.onnx",
        "s3://models-bucket/elsewhere/iris/1.5.0/model.onnx",
        "s3://models-bucket/models/../secrets/model.onnx",
        "s3://models-bucket/models/iris/../../etc/passwd",
        "s3://models-bucket/models/iris/1.5.0/../../../x",
        "local:iris/1.5.0/model.onnx",
        "models/iris/1.5.0/model.onnx",
        "/etc/passwd"})
    void register_should_refuse_the_source_before_anything_is_fetched_when_it_is_outside_the_bucket_and_prefix(String source) {
        // GIVEN a valid card and artifact bytes wherever the source could point
        store.put(PREFIX + "iris/1.5.0/model.onnx", artifact(IRIS_110));

        // WHEN the version is registered from the refused source
        // THEN it is an invalid request naming the allowed place, nothing was read and nothing stored
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"),
                reference(IRIS_110), null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("source");
        assertThat(store.opens()).isZero();
        assertNothingStored("iris", "1.5.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://example.com/m.onnx",
        "https://example.com/m.onnx",
        "file:///etc/passwd",
        "ftp://models-bucket/models/iris/1.5.0/model.onnx",
        "jar:file:/x.jar!/model.onnx"})
    void register_should_refuse_other_schemes_even_when_the_store_would_read_them(String source) {
        // GIVEN a store that would read anything (a misconfigured adapter)
        BucketStore lax = new BucketStore(true);
        lax.put(source, artifact(IRIS_110));
        VersionRegistration service = new VersionRegistration(registry, lax, storage, new ValidationGate(engine), workDir, clock);

        // WHEN a version is registered from a URL or a file
        // THEN the service itself refuses the scheme before opening anything
        assertThatThrownBy(() -> service.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
                null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("refused");
        assertThat(lax.opens()).isZero();
        assertNothingStored("iris", "1.5.0");
    }

    @Test
    void register_should_refuse_when_nothing_was_uploaded_at_the_source() {
        // GIVEN an allowed location with no object

        // WHEN a version is registered from it
        // THEN the caller is told to upload first, and nothing is stored
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", PREFIX + "iris/1.5.0/model.onnx",
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("upload it first");
        assertNothingStored("iris", "1.5.0");
        assertThat(Files.exists(workDir) ? list(workDir) : List.of()).as("validation folders left behind").isEmpty();
    }


    @Test
    void register_should_refuse_when_the_card_describes_another_version() {
        // GIVEN the 1.1.0 card unchanged, uploaded bytes at 1.5.0's place
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN it is registered as 1.5.0
        // THEN the mismatch is refused before anything is fetched or stored
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.1.0"), null, null,
                ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("iris/1.1.0").hasMessageContaining("iris/1.5.0");
        assertThat(store.opens()).isZero();
        assertNothingStored("iris", "1.5.0");
    }

    @Test
    void register_should_refuse_when_the_card_describes_another_model() {
        // GIVEN a card named iris, registered under another model's name
        String source = upload("flowers", "1.5.0", artifact(IRIS_110));

        // WHEN it is registered as flowers/1.5.0
        // THEN it is refused and nothing is stored
        assertThatThrownBy(() -> registrations.register("flowers", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
                null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("flowers/1.5.0");
        assertThat(store.opens()).isZero();
        assertNothingStored("flowers", "1.5.0");
    }

    @Test
    void register_should_refuse_when_the_card_is_missing_or_invalid() {
        // GIVEN an uploaded artifact, and a card without a signature
        String source = upload("iris", "1.5.0", artifact(IRIS_110));
        ObjectNode noSignature = card(IRIS_110, "iris", "1.5.0");
        noSignature.remove("signature");

        // WHEN it is registered with no card, a card that is not an object, or the broken card
        // THEN each is an invalid request, and nothing is fetched or stored
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", source, null, null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("card");
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", source, Json.MAPPER.getNodeFactory().textNode("{}"),
                null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("card");
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", source, noSignature, null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("signature");
        assertThat(store.opens()).isZero();
        assertNothingStored("iris", "1.5.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Iris", "../iris", "iris/1.0.0", "iris_x", "-iris", ""})
    void register_should_refuse_when_the_model_name_is_not_a_safe_name(String model) {
        // GIVEN a name that could not be a folder of models/

        // WHEN a version is registered under it
        // THEN it is refused before anything else
        assertThatThrownBy(() -> registrations.register(model, "1.5.0", PREFIX + "iris/1.5.0/model.onnx",
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("'model'");
        assertThat(store.opens()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "v1.5.0", "1.5.0/../..", "latest", ""})
    void register_should_refuse_when_the_version_is_not_a_semantic_version(String version) {
        // GIVEN a version that is not major.minor.patch

        // WHEN it is registered
        // THEN it is refused before anything else
        assertThatThrownBy(() -> registrations.register("iris", version, PREFIX + "iris/1.5.0/model.onnx",
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("'version'");
        assertThat(store.opens()).isZero();
    }

    @Test
    void register_should_conflict_and_fetch_nothing_when_the_version_exists() {
        // GIVEN iris 1.5.0 registered and validated
        VersionRecord first = registerSample(IRIS_110, "iris", "1.5.0");
        int opens = store.opens();
        int events = audit("iris").size();

        // WHEN it is registered again
        // THEN it is a conflict, nothing is downloaded and the stored version is untouched
        assertThatThrownBy(() -> registrations.register("iris", "1.5.0", first.version().artifact().uri(),
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/1.5.0");
        assertThat(store.opens()).isEqualTo(opens);
        assertThat(fake.version(first.version().key())).contains(first);
        assertThat(audit("iris")).hasSize(events);
    }


    @Test
    void register_should_store_a_validated_version_when_every_check_passes() {
        // GIVEN iris 1.1.0's bytes uploaded as 1.5.0, with its card and reference vectors
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN the version is registered
        VersionRegistration.Registration registration = registrations.register("iris", "1.5.0", source,
                card(IRIS_110, "iris", "1.5.0"), reference(IRIS_110), null, ALICE);

        // THEN it passed every check and is stored VALIDATED with the card's digest, signature and metadata
        assertThat(registration.report().passed()).isTrue();
        assertThat(registration.report().checks()).extracting(ValidationReport.Check::name)
                .containsExactlyElementsOf(PASSED_CHECKS);
        assertThat(registration.report().checks()).allMatch(ValidationReport.Check::passed);
        VersionRecord stored = fake.version(ModelKey.parse("iris/1.5.0")).orElseThrow();
        assertThat(registration.version()).isEqualTo(stored);
        assertThat(stored.version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(stored.stateReason()).isEqualTo("passed validation");
        ModelCard card = SampleModels.card(IRIS_110);
        assertThat(stored.version().sha256()).isEqualTo(card.artifact().sha256());
        assertThat(stored.version().sizeBytes()).isEqualTo(card.artifact().sizeBytes());
        assertThat(stored.version().signature()).isEqualTo(card.signature());
        assertThat(stored.version().labels()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(stored.version().artifact().uri()).isEqualTo(source);
        assertThat(json(stored.cardJson()).path("training").path("algorithm").asText())
                .isEqualTo("sklearn.neural_network.MLPClassifier");
        assertThat(stored.createdBy()).isEqualTo("alice");

        // AND the trail shows the creation, then the gate's verdict; the engine ran once; no temporary files remain
        assertThat(audit("iris")).extracting(AuditEvent::action)
                .containsExactly(AuditEvent.TRANSITION, AuditEvent.CREATE_VERSION);
        assertThat(audit("iris").get(0).to()).contains("\"state\":\"VALIDATED\"");
        assertThat(engine.loads()).isEqualTo(1);
        assertThat(list(workDir)).isEmpty();
    }

    @Test
    void register_should_store_the_version_failed_with_the_reason_when_the_artifact_was_tampered_with() {
        // GIVEN iris 1.1.0's card, but one byte of the uploaded artifact changed
        byte[] tampered = artifact(IRIS_110);
        tampered[tampered.length - 1] ^= 0x01;
        String source = upload("iris", "1.5.0", tampered);

        // WHEN it is registered
        ValidationFailedException failure = catchValidationFailure(() -> registrations.register("iris", "1.5.0", source,
                card(IRIS_110, "iris", "1.5.0"), reference(IRIS_110), null, ALICE));

        // THEN the gate failed on the digest and never handed the file to the runtime
        assertThat(failure.report().passed()).isFalse();
        assertThat(failure.report().checks()).extracting(ValidationReport.Check::name).containsExactly("sha256", "size");
        assertThat(failure.report().checks().get(0).passed()).isFalse();
        assertThat(failure.report().checks().get(0).detail()).contains(sha256(tampered))
                .contains(SampleModels.card(IRIS_110).artifact().sha256());
        assertThat(engine.loads()).isZero();

        // AND the version is stored FAILED with the reason, and cannot take traffic
        VersionRecord stored = fake.version(ModelKey.parse("iris/1.5.0")).orElseThrow();
        assertThat(failure.version()).isEqualTo(stored);
        assertThat(stored.version().state()).isEqualTo(LifecycleState.FAILED);
        assertThat(stored.stateReason()).startsWith("sha256: ").contains("tampered");
        assertThat(stored.version().sha256()).isEqualTo(sha256(tampered));
        assertThat(audit("iris")).extracting(AuditEvent::action)
                .containsExactly(AuditEvent.TRANSITION, AuditEvent.CREATE_VERSION);
        assertThatThrownBy(() -> endpoints.putEndpoint("iris-tampered", List.of(variant("stable", "iris", "1.5.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void register_should_store_the_version_failed_when_the_reference_outputs_do_not_reproduce() {
        // GIVEN iris 1.1.0's artifact and card, with the reference vectors of iris 1.0.0 (other outputs)
        String source = upload("iris", "1.5.0", artifact(IRIS_110));
        ObjectNode otherReference = (ObjectNode) reference(IRIS_100);

        // WHEN it is registered
        ValidationFailedException failure = catchValidationFailure(() -> registrations.register("iris", "1.5.0", source,
                card(IRIS_110, "iris", "1.5.0"), otherReference, null, ALICE));

        // THEN every check ran, only the reference check failed, and the version is FAILED with that reason
        assertThat(failure.report().checks()).extracting(ValidationReport.Check::name)
                .containsExactlyElementsOf(PASSED_CHECKS);
        assertThat(failure.report().checks()).filteredOn(c -> !c.passed()).extracting(ValidationReport.Check::name)
                .containsExactly("reference");
        VersionRecord stored = fake.version(ModelKey.parse("iris/1.5.0")).orElseThrow();
        assertThat(stored.version().state()).isEqualTo(LifecycleState.FAILED);
        assertThat(stored.stateReason()).startsWith("reference: ");
    }

    @Test
    void register_should_store_the_version_failed_when_the_model_declares_another_signature() {
        // GIVEN iris 1.1.0's artifact, with a card (digest and size right) whose signature names another input
        String source = upload("iris", "1.5.0", artifact(IRIS_110));
        ObjectNode card = card(IRIS_110, "iris", "1.5.0");
        ((ObjectNode) card.path("signature").path("inputs").get(0)).put("name", "features");

        // WHEN it is registered
        ValidationFailedException failure = catchValidationFailure(() -> registrations.register("iris", "1.5.0", source,
                card, null, null, ALICE));

        // THEN the signature check failed, no session was created, and the version is FAILED
        assertThat(failure.report().checks()).extracting(ValidationReport.Check::name)
                .containsExactly("sha256", "size", "onnx", "signature");
        assertThat(failure.report().failures()).startsWith("signature: ").contains("features");
        assertThat(engine.loads()).isZero();
        assertThat(fake.version(ModelKey.parse("iris/1.5.0")).orElseThrow().version().state())
                .isEqualTo(LifecycleState.FAILED);
    }

    @Test
    void validate_should_move_a_failed_version_to_validated_when_the_artifact_was_fixed() {
        // GIVEN iris 1.5.0 FAILED on a tampered upload, then the right bytes uploaded at the same place
        byte[] tampered = artifact(IRIS_110);
        tampered[10] ^= 0x7f;
        String source = upload("iris", "1.5.0", tampered);
        catchValidationFailure(() -> registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
                null, ALICE));
        store.put(source, artifact(IRIS_110));

        // WHEN it is validated again with the reference vectors
        VersionRegistration.Registration again = registrations.validate("iris", "1.5.0", reference(IRIS_110), null, ALICE);

        // THEN it passed and is VALIDATED, through REGISTERED (FAILED never jumps to VALIDATED)
        assertThat(again.report().passed()).isTrue();
        assertThat(again.version().version().state()).isEqualTo(LifecycleState.VALIDATED);
        assertThat(audit("iris")).extracting(e -> json(e.to()).path("state").asText())
                .containsExactly("VALIDATED", "REGISTERED", "FAILED", "REGISTERED");
    }

    @Test
    void validate_should_refuse_a_version_that_already_passed() {
        // GIVEN a validated version
        registerSample(IRIS_110, "iris", "1.5.0");

        // WHEN it is validated again / THEN the lifecycle refuses it
        assertThatThrownBy(() -> registrations.validate("iris", "1.5.0", null, null, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("VALIDATED");
    }

    @Test
    void transition_should_refuse_validated_when_the_version_did_not_pass_the_gate() {
        // GIVEN iris 1.5.0 FAILED on a tampered artifact
        byte[] tampered = artifact(IRIS_110);
        tampered[tampered.length - 1] ^= 0x01;
        String source = upload("iris", "1.5.0", tampered);
        catchValidationFailure(() -> registrations.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
                null, ALICE));
        lifecycle.transition("iris", "1.5.0", LifecycleState.REGISTERED, "try again", 0, ALICE);

        // WHEN an operator moves it to VALIDATED by hand
        // THEN it is refused: only the validation gate (register, validate) makes a version VALIDATED
        assertThatThrownBy(() -> lifecycle.transition("iris", "1.5.0", LifecycleState.VALIDATED, "trust me", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(state("iris", "1.5.0")).isEqualTo(LifecycleState.REGISTERED);
    }
}
