package io.modelfn.core.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ConflictException;
import io.modelfn.core.registry.write.IllegalTransitionException;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.Mutation;
import io.modelfn.core.registry.write.VersionRecord;
import io.modelfn.core.store.ArtifactNotFoundException;
import io.modelfn.core.store.ModelSourceRefusedException;
import io.modelfn.core.store.ModelStore;
import io.modelfn.core.tensor.Tensor;
import io.modelfn.core.testkit.InMemoryModelRegistry;
import io.modelfn.core.testkit.MutableClock;
import io.modelfn.core.testkit.SampleModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rules of {@link AdminService} on the in-memory registry, an in-memory bucket
 * ({@code s3://models-bucket/models/}) and a validation gate whose engine answers with the sample
 * models' reference outputs: refused sources, the validation gate's outcomes, the lifecycle, aliases,
 * endpoints and weights, clean-up and comparison. The artifacts are the real ONNX files of
 * {@code models/}, so the gate's digest, ONNX and signature checks run for real.
 */
class AdminServiceTest {

    private static final String BUCKET = "models-bucket";
    private static final String PREFIX = "s3://" + BUCKET + "/models/";
    private static final ModelKey IRIS_100 = ModelKey.parse("iris/1.0.0");
    private static final ModelKey IRIS_110 = ModelKey.parse("iris/1.1.0");
    private static final Change ALICE = new Change("alice", "ship it", null, "req-1");
    private static final Change SEEDER = Change.by("seeder", "test set-up");
    private static final List<String> PASSED_CHECKS = List.of("sha256", "size", "onnx", "signature", "session", "reference");

    private final MutableClock clock = MutableClock.atEpoch();
    private final InMemoryModelRegistry fake = new InMemoryModelRegistry(clock);
    private final ObservedRegistry registry = new ObservedRegistry(fake);
    private final BucketStore store = new BucketStore();
    private final RecordingStorage storage = new RecordingStorage();
    private final ReferenceEngine engine = new ReferenceEngine().answeringAs(IRIS_100).answeringAs(IRIS_110);

    @TempDir
    Path workDir;

    private AdminService admin;

    @BeforeEach
    void createService() {
        admin = new AdminService(registry, store, storage, new ValidationGate(engine), workDir, clock);
    }

    // ------------------------------------------------------------------------ refused sources

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
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"),
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
        AdminService service = new AdminService(registry, lax, storage, new ValidationGate(engine), workDir, clock);

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
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", PREFIX + "iris/1.5.0/model.onnx",
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("upload it first");
        assertNothingStored("iris", "1.5.0");
        assertThat(Files.exists(workDir) ? list(workDir) : List.of()).as("validation folders left behind").isEmpty();
    }

    // ---------------------------------------------------------------------------- the card

    @Test
    void register_should_refuse_when_the_card_describes_another_version() {
        // GIVEN the 1.1.0 card unchanged, uploaded bytes at 1.5.0's place
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN it is registered as 1.5.0
        // THEN the mismatch is refused before anything is fetched or stored
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.1.0"), null, null,
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
        assertThatThrownBy(() -> admin.register("flowers", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
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
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", source, null, null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("card");
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", source, Json.MAPPER.getNodeFactory().textNode("{}"),
                null, null, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("card");
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", source, noSignature, null, null, ALICE))
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
        assertThatThrownBy(() -> admin.register(model, "1.5.0", PREFIX + "iris/1.5.0/model.onnx",
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
        assertThatThrownBy(() -> admin.register("iris", version, PREFIX + "iris/1.5.0/model.onnx",
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
        assertThatThrownBy(() -> admin.register("iris", "1.5.0", first.version().artifact().uri(),
                card(IRIS_110, "iris", "1.5.0"), null, null, ALICE))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("iris/1.5.0");
        assertThat(store.opens()).isEqualTo(opens);
        assertThat(fake.version(first.version().key())).contains(first);
        assertThat(audit("iris")).hasSize(events);
    }

    // ----------------------------------------------------------------------- validation gate

    @Test
    void register_should_store_a_validated_version_when_every_check_passes() {
        // GIVEN iris 1.1.0's bytes uploaded as 1.5.0, with its card and reference vectors
        String source = upload("iris", "1.5.0", artifact(IRIS_110));

        // WHEN the version is registered
        AdminService.Registration registration = admin.register("iris", "1.5.0", source,
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
        ValidationFailedException failure = catchValidationFailure(() -> admin.register("iris", "1.5.0", source,
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
        assertThatThrownBy(() -> admin.putEndpoint("iris-tampered", List.of(variant("stable", "iris", "1.5.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void register_should_store_the_version_failed_when_the_reference_outputs_do_not_reproduce() {
        // GIVEN iris 1.1.0's artifact and card, with the reference vectors of iris 1.0.0 (other outputs)
        String source = upload("iris", "1.5.0", artifact(IRIS_110));
        ObjectNode otherReference = (ObjectNode) reference(IRIS_100);

        // WHEN it is registered
        ValidationFailedException failure = catchValidationFailure(() -> admin.register("iris", "1.5.0", source,
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
        ValidationFailedException failure = catchValidationFailure(() -> admin.register("iris", "1.5.0", source,
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
        catchValidationFailure(() -> admin.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
                null, ALICE));
        store.put(source, artifact(IRIS_110));

        // WHEN it is validated again with the reference vectors
        AdminService.Registration again = admin.validate("iris", "1.5.0", reference(IRIS_110), null, ALICE);

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
        assertThatThrownBy(() -> admin.validate("iris", "1.5.0", null, null, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("VALIDATED");
    }

    @Test
    void transition_should_refuse_validated_when_the_version_did_not_pass_the_gate() {
        // GIVEN iris 1.5.0 FAILED on a tampered artifact
        byte[] tampered = artifact(IRIS_110);
        tampered[tampered.length - 1] ^= 0x01;
        String source = upload("iris", "1.5.0", tampered);
        catchValidationFailure(() -> admin.register("iris", "1.5.0", source, card(IRIS_110, "iris", "1.5.0"), null,
                null, ALICE));
        admin.transition("iris", "1.5.0", LifecycleState.REGISTERED, "try again", 0, ALICE);

        // WHEN an operator moves it to VALIDATED by hand
        // THEN it is refused: only the validation gate (register, validate) makes a version VALIDATED
        assertThatThrownBy(() -> admin.transition("iris", "1.5.0", LifecycleState.VALIDATED, "trust me", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(state("iris", "1.5.0")).isEqualTo(LifecycleState.REGISTERED);
    }

    // ------------------------------------------------------------------------------ promotion

    @Test
    void promote_should_keep_one_production_version_and_move_the_alias_in_one_atomic_change() {
        // GIVEN iris 1.0.0 in production behind the production alias, and a validated 1.1.0
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        admin.promote("iris", "1.0.0", null, SEEDER);
        int events = audit("iris").size();
        registry.resetCounts();

        // WHEN 1.1.0 is promoted
        AdminService.Promotion promotion = admin.promote("iris", "1.1.0", null, ALICE);

        // THEN it is the only production version, the old one is demoted, and the alias remembers it
        assertThat(promotion.demoted()).isEqualTo("1.0.0");
        assertThat(state("iris", "1.1.0")).isEqualTo(LifecycleState.PRODUCTION);
        assertThat(state("iris", "1.0.0")).isEqualTo(LifecycleState.STAGING);
        assertThat(fake.versions("iris")).filteredOn(v -> v.version().state() == LifecycleState.PRODUCTION)
                .hasSize(1);
        AliasRecord alias = fake.alias("iris", "production").orElseThrow();
        assertThat(alias.version()).isEqualTo("1.1.0");
        assertThat(alias.previousVersion()).isEqualTo("1.0.0");
        assertThat(promotion.alias()).isEqualTo(alias);
        assertThat(promotion.version().version().state()).isEqualTo(LifecycleState.PRODUCTION);

        // AND all three changes went in one transaction, each with its audit event, actor and reason
        assertThat(registry.atomicCalls()).isEqualTo(1);
        assertThat(registry.singleWrites()).isZero();
        List<AuditEvent> added = audit("iris").subList(0, audit("iris").size() - events);
        assertThat(added).hasSize(3);
        assertThat(added).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder(AuditEvent.TRANSITION, AuditEvent.TRANSITION, AuditEvent.SET_ALIAS);
        assertThat(added).extracting(AuditEvent::to).anySatisfy(to -> assertThat(to)
                .contains("\"version\":\"1.1.0\"", "\"state\":\"PRODUCTION\""));
        assertThat(added).extracting(AuditEvent::to).anySatisfy(to -> assertThat(to)
                .contains("\"version\":\"1.0.0\"", "\"state\":\"STAGING\""));
        assertThat(added).extracting(AuditEvent::to).anySatisfy(to -> assertThat(to)
                .contains("\"alias\":\"production\"", "\"version\":\"1.1.0\"", "\"previousVersion\":\"1.0.0\""));
        assertThat(added).allSatisfy(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.reason()).isEqualTo("ship it");
            assertThat(e.at()).isEqualTo(added.get(0).at());
        });
    }

    @Test
    void promote_should_change_nothing_when_another_writer_moves_the_alias_meanwhile() {
        // GIVEN 1.0.0 in production, a validated 1.1.0, and another operator who moves the alias to
        // 1.2.0 just before the promotion is written
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);
        admin.promote("iris", "1.0.0", null, SEEDER);
        registry.beforeAtomically(() -> {
            AliasRecord current = fake.alias("iris", "production").orElseThrow();
            fake.setAlias("iris", "production", "1.2.0", current.revision(), Change.by("bob", "hotfix"));
        });
        int events = audit("iris").size();

        // WHEN 1.1.0 is promoted
        // THEN the promotion conflicts and none of its changes is made
        assertThatThrownBy(() -> admin.promote("iris", "1.1.0", null, ALICE)).isInstanceOf(ConflictException.class);
        assertThat(state("iris", "1.0.0")).isEqualTo(LifecycleState.PRODUCTION);
        assertThat(state("iris", "1.1.0")).isEqualTo(LifecycleState.VALIDATED);
        assertThat(fake.alias("iris", "production").orElseThrow().version()).isEqualTo("1.2.0");
        assertThat(audit("iris")).hasSize(events + 1); // only bob's alias change
    }

    @Test
    void promote_should_point_the_named_alias_and_keep_the_production_version_when_it_is_promoted_again() {
        // GIVEN 1.1.0 in production
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        admin.promote("iris", "1.1.0", null, SEEDER);

        // WHEN it is promoted again under another alias
        AdminService.Promotion promotion = admin.promote("iris", "1.1.0", "live", ALICE);

        // THEN only the alias is written, and nothing was demoted
        assertThat(promotion.demoted()).isNull();
        assertThat(promotion.alias().alias()).isEqualTo("live");
        assertThat(fake.alias("iris", "live").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(fake.alias("iris", "production").orElseThrow().version()).isEqualTo("1.1.0");
        assertThat(state("iris", "1.1.0")).isEqualTo(LifecycleState.PRODUCTION);
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "FAILED", "ARCHIVED"})
    void promote_should_refuse_a_version_that_has_not_passed_validation(LifecycleState state) {
        // GIVEN iris 1.5.0 that may not take traffic
        seed(IRIS_110, "iris", "1.5.0", state);
        int events = audit("iris").size();

        // WHEN it is promoted / THEN the lifecycle refuses it, and nothing changes
        assertThatThrownBy(() -> admin.promote("iris", "1.5.0", null, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(state.name());
        assertThat(state("iris", "1.5.0")).isEqualTo(state);
        assertThat(fake.alias("iris", "production")).isEmpty();
        assertThat(audit("iris")).hasSize(events);
    }

    @Test
    void promote_should_answer_not_found_when_the_version_is_unknown() {
        // GIVEN no iris 9.9.9
        // WHEN it is promoted / THEN it is not found
        assertThatThrownBy(() -> admin.promote("iris", "9.9.9", null, ALICE)).isInstanceOf(VersionNotFoundException.class);
    }

    // ---------------------------------------------------------------------------- transitions

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"VALIDATED", "STAGING", "FAILED", "REGISTERED"})
    void transition_should_refuse_production_whatever_the_state_when_promote_is_not_used(LifecycleState from) {
        // GIVEN a version in some state
        seed(IRIS_110, "iris", "1.5.0", from);
        int events = audit("iris").size();

        // WHEN it is moved to PRODUCTION directly / THEN it is refused: only promote keeps one production version
        assertThatThrownBy(() -> admin.transition("iris", "1.5.0", LifecycleState.PRODUCTION, "now", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("promote");
        assertThat(state("iris", "1.5.0")).isEqualTo(from);
        assertThat(audit("iris")).hasSize(events);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FAILED->VALIDATED", "FAILED->STAGING", "REGISTERED->STAGING", "ARCHIVED->STAGING", "ARCHIVED->FAILED",
        "ARCHIVED->REGISTERED", "VALIDATED->REGISTERED", "PRODUCTION->VALIDATED", "STAGING->REGISTERED"})
    void transition_should_refuse_moves_the_lifecycle_does_not_allow(String move) {
        // GIVEN a version in the move's first state
        LifecycleState from = LifecycleState.valueOf(move.split("->")[0]);
        LifecycleState to = LifecycleState.valueOf(move.split("->")[1]);
        seed(IRIS_110, "iris", "1.5.0", from);
        int events = audit("iris").size();

        // WHEN it is moved to the second / THEN the lifecycle refuses it and nothing is written
        assertThatThrownBy(() -> admin.transition("iris", "1.5.0", to, "why not", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class)
                .hasMessageContaining(from.name()).hasMessageContaining(to.name());
        assertThat(state("iris", "1.5.0")).isEqualTo(from);
        assertThat(audit("iris")).hasSize(events);
    }

    @Test
    void transition_should_move_the_version_and_record_why_when_the_move_is_legal() {
        // GIVEN a validated version
        VersionRecord seeded = seed(IRIS_110, "iris", "1.5.0", LifecycleState.VALIDATED);

        // WHEN it is moved to STAGING at the revision read
        VersionRecord moved = admin.transition("iris", "1.5.0", LifecycleState.STAGING, "soak test", seeded.revision(),
                ALICE);

        // THEN it is STAGING with the reason, one revision later, with one audit event
        assertThat(moved.version().state()).isEqualTo(LifecycleState.STAGING);
        assertThat(moved.stateReason()).isEqualTo("soak test");
        assertThat(moved.revision()).isEqualTo(seeded.revision() + 1);
        AuditEvent event = audit("iris").get(0);
        assertThat(event.action()).isEqualTo(AuditEvent.TRANSITION);
        assertThat(event.from()).contains("\"state\":\"VALIDATED\"");
        assertThat(event.to()).contains("\"state\":\"STAGING\"");
    }

    @Test
    void transition_should_conflict_when_the_revision_read_is_stale() {
        // GIVEN a version that changed since revision 1 was read
        seed(IRIS_110, "iris", "1.5.0", LifecycleState.VALIDATED);
        admin.transition("iris", "1.5.0", LifecycleState.STAGING, "soak", 1, SEEDER);

        // WHEN it is moved on with revision 1 / THEN it conflicts and stays as it is
        assertThatThrownBy(() -> admin.transition("iris", "1.5.0", LifecycleState.ARCHIVED, "old", 1, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThat(state("iris", "1.5.0")).isEqualTo(LifecycleState.STAGING);
    }

    @Test
    void archive_should_refuse_a_version_an_alias_points_at_now_or_before() {
        // GIVEN production moved from 1.0.0 to 1.1.0 (1.0.0 is the alias's previous version)
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        admin.setAlias("iris", "production", "1.0.0", 0, SEEDER);
        admin.setAlias("iris", "production", "1.1.0", 1, SEEDER);

        // WHEN either is archived or failed / THEN each is refused while the alias uses it
        for (String version : List.of("1.0.0", "1.1.0")) {
            assertThatThrownBy(() -> admin.archive("iris", version, "tidy", ALICE))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("alias");
            assertThatThrownBy(() -> admin.transition("iris", version, LifecycleState.FAILED, "bad", 0, ALICE))
                    .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("alias");
            assertThat(state("iris", version)).isEqualTo(LifecycleState.VALIDATED);
        }
    }

    @Test
    void archive_should_refuse_a_version_an_endpoint_uses_even_at_weight_zero_or_as_shadow() {
        // GIVEN an endpoint with a stable variant, a variant at weight 0 and a shadow, on three versions
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.3.0", LifecycleState.VALIDATED);
        admin.putEndpoint("iris", List.of(variant("stable", "iris", "1.1.0", 10_000),
                variant("idle", "iris", "1.2.0", 0)), variant("shadow", "iris", "1.3.0", 500), null, null, 0, SEEDER);

        // WHEN each is archived / THEN each is refused
        for (String version : List.of("1.1.0", "1.2.0", "1.3.0")) {
            assertThatThrownBy(() -> admin.archive("iris", version, "tidy", ALICE))
                    .as(version).isInstanceOf(IllegalTransitionException.class).hasMessageContaining("endpoint");
            assertThat(state("iris", version)).isEqualTo(LifecycleState.VALIDATED);
        }
    }

    @Test
    void archive_should_archive_an_unused_version_and_do_nothing_when_it_is_already_archived() {
        // GIVEN an unused validated version
        seed(IRIS_110, "iris", "1.5.0", LifecycleState.VALIDATED);

        // WHEN it is archived twice
        VersionRecord archived = admin.archive("iris", "1.5.0", "superseded", ALICE);
        int events = audit("iris").size();
        VersionRecord again = admin.archive("iris", "1.5.0", "superseded", ALICE);

        // THEN it is ARCHIVED with the reason, and the second call wrote nothing
        assertThat(archived.version().state()).isEqualTo(LifecycleState.ARCHIVED);
        assertThat(archived.stateReason()).isEqualTo("superseded");
        assertThat(again).isEqualTo(archived);
        assertThat(audit("iris")).hasSize(events);
    }

    // -------------------------------------------------------------------------------- aliases

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "FAILED", "ARCHIVED"})
    void setAlias_should_refuse_a_version_that_may_not_take_traffic(LifecycleState state) {
        // GIVEN a version that has not passed validation (or was archived)
        seed(IRIS_110, "iris", "1.5.0", state);

        // WHEN an alias is pointed at it / THEN it is refused and no alias exists
        assertThatThrownBy(() -> admin.setAlias("iris", "staging", "1.5.0", 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(state.name());
        assertThat(fake.alias("iris", "staging")).isEmpty();
    }

    @Test
    void setAlias_should_refuse_unknown_versions_and_bad_alias_names() {
        // GIVEN one validated version
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);

        // WHEN an alias points at an unknown version, or has a bad name / THEN each is refused
        assertThatThrownBy(() -> admin.setAlias("iris", "staging", "9.9.9", 0, ALICE))
                .isInstanceOf(VersionNotFoundException.class);
        for (String bad : List.of("Staging", "1st", "", "a".repeat(33), "prod/x", "prod uction")) {
            assertThatThrownBy(() -> admin.setAlias("iris", bad, "1.1.0", 0, ALICE))
                    .as(bad).isInstanceOf(InvalidAdminRequestException.class);
        }
        assertThat(fake.aliases("iris")).isEmpty();
    }

    @Test
    void setAlias_should_remember_the_previous_version_and_conflict_on_a_stale_revision() {
        // GIVEN two validated versions, and the staging alias on the first
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.STAGING);
        AliasRecord created = admin.setAlias("iris", "staging", "1.0.0", 0, ALICE);

        // WHEN it is moved to the second at the revision read, then again with the old revision
        AliasRecord moved = admin.setAlias("iris", "staging", "1.1.0", created.revision(), ALICE);

        // THEN it names both versions; the stale writer conflicts
        assertThat(moved.version()).isEqualTo("1.1.0");
        assertThat(moved.previousVersion()).isEqualTo("1.0.0");
        assertThat(moved.revision()).isEqualTo(created.revision() + 1);
        assertThatThrownBy(() -> admin.setAlias("iris", "staging", "1.0.0", created.revision(), ALICE))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> admin.setAlias("iris", "staging", "1.0.0", 0, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThat(fake.alias("iris", "staging")).contains(moved);
    }

    @Test
    void rollbackAlias_should_point_the_alias_back_at_its_previous_version() {
        // GIVEN production moved from 1.0.0 to 1.1.0
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        admin.setAlias("iris", "production", "1.0.0", 0, SEEDER);
        admin.setAlias("iris", "production", "1.1.0", 1, SEEDER);

        // WHEN it is rolled back
        AliasRecord rolledBack = admin.rollbackAlias("iris", "production", Change.by("oncall", "error-rate alarm"));

        // THEN it names 1.0.0 again and remembers 1.1.0, with an audit event saying why
        assertThat(rolledBack.version()).isEqualTo("1.0.0");
        assertThat(rolledBack.previousVersion()).isEqualTo("1.1.0");
        assertThat(rolledBack.revision()).isEqualTo(3);
        AuditEvent event = audit("iris").get(0);
        assertThat(event.action()).isEqualTo(AuditEvent.SET_ALIAS);
        assertThat(event.actor()).isEqualTo("oncall");
        assertThat(event.reason()).isEqualTo("error-rate alarm");
    }

    @Test
    void rollbackAlias_should_refuse_when_there_is_no_previous_version_or_no_alias() {
        // GIVEN an alias set once
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        AliasRecord alias = admin.setAlias("iris", "production", "1.1.0", 0, SEEDER);

        // WHEN it, or an alias that does not exist, is rolled back / THEN each is refused and nothing changes
        assertThatThrownBy(() -> admin.rollbackAlias("iris", "production", ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining("no previous version");
        assertThatThrownBy(() -> admin.rollbackAlias("iris", "staging", ALICE))
                .isInstanceOf(VersionNotFoundException.class);
        assertThat(fake.alias("iris", "production")).contains(alias);
    }

    // ------------------------------------------------------------------------------ endpoints

    @Test
    void putEndpoint_should_store_variants_shadow_and_backend_with_one_audit_event() {
        // GIVEN three validated versions
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.STAGING);
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);

        // WHEN an endpoint is created with a 90/10 split and a shadow
        EndpointConfig stored = admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), variant("shadow", "iris", "1.2.0", 2_500), "salt-1",
                "sagemaker:iris-endpoint", 0, ALICE);

        // THEN it is stored as asked at revision 1, with one audit event
        assertThat(stored.revision()).isEqualTo(1);
        assertThat(stored.variants()).extracting(Variant::name, v -> v.model().toString(), Variant::weight)
                .containsExactly(tuple("stable", "iris/1.0.0", 9_000),
                        tuple("canary", "iris/1.1.0", 1_000));
        assertThat(stored.shadow().model()).isEqualTo(ModelKey.parse("iris/1.2.0"));
        assertThat(stored.shadow().sampleRate()).isEqualTo(2_500);
        assertThat(stored.stickySalt()).isEqualTo("salt-1");
        assertThat(stored.backend()).isEqualTo("sagemaker:iris-endpoint");
        assertThat(fake.endpoint("iris-ab")).contains(stored);
        assertThat(endpointAudit("iris-ab")).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditEvent.PUT_ENDPOINT);
            assertThat(e.from()).isNull();
            assertThat(e.actor()).isEqualTo("alice");
        });
    }

    @Test
    void putEndpoint_should_refuse_a_version_too_large_for_the_function_and_accept_it_on_a_remote_backend() {
        // GIVEN a function whose model disk is smaller than the iris artifact
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        long size = fake.version(ModelKey.parse("iris/1.1.0")).orElseThrow().version().sizeBytes();
        AdminService tight = new AdminService(registry, store, storage, new ValidationGate(engine), workDir, clock,
                new PlacementPolicy(size - 1, 0));

        // WHEN it is put on an endpoint served in the function / THEN refused, with the way out, and nothing written
        assertThatThrownBy(() -> tight.putEndpoint("iris-big", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, "lambda", 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class)
                .hasMessageContaining("iris/1.1.0").hasMessageContaining("sagemaker:<endpoint name>");
        assertThat(fake.endpoint("iris-big")).isEmpty();

        // and on a GPU backend it is accepted without advice
        EndpointConfig remote = tight.putEndpoint("iris-big", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, "http:http://gpu.internal:8080", 0, ALICE);
        assertThat(remote.backend()).isEqualTo("http:http://gpu.internal:8080");
        assertThat(tight.placementAdvice(remote)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sagemaker:bad_name", "http:http://user:pw@host/", "http:http://host/?a=b", "ecs:cluster"})
    void putEndpoint_should_refuse_a_backend_it_could_not_call(String backend) {
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);

        assertThatThrownBy(() -> admin.putEndpoint("iris-x", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, backend, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThat(fake.endpoint("iris-x")).isEmpty();
    }

    @Test
    void putEndpoint_should_refuse_weights_that_do_not_sum_to_10000() {
        // GIVEN two validated versions
        seedTwo();

        // WHEN the weights sum to 99.99 % or 100.01 % / THEN each is refused and nothing stored
        for (int canary : List.of(999, 1_001)) {
            assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                    variant("canary", "iris", "1.1.0", canary)), null, null, null, 0, ALICE))
                    .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("10000");
        }
        assertNoEndpoint("iris-ab");
    }

    @Test
    void putEndpoint_should_refuse_negative_and_oversized_weights() {
        // GIVEN two validated versions
        seedTwo();

        // WHEN a weight is negative (the sum still 10000) or above 10000 / THEN each is refused
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_500),
                variant("canary", "iris", "1.1.0", -500)), null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_001)),
                null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("weight");
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                variant("shadow", "iris", "1.1.0", -1), null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("sample rate");
        assertNoEndpoint("iris-ab");
    }

    @Test
    void putEndpoint_should_refuse_duplicate_variant_names_and_no_variants() {
        // GIVEN two validated versions
        seedTwo();

        // WHEN two variants share a name, or none is given / THEN each is refused
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 5_000),
                variant("stable", "iris", "1.1.0", 5_000)), null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("unique");
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(), null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("at least one variant");
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", null, null, null, null, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertNoEndpoint("iris-ab");
    }

    @Test
    void putEndpoint_should_answer_not_found_when_a_version_is_unknown() {
        // GIVEN iris 1.0.0 only
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN a variant or the shadow names a version that does not exist / THEN it is not found
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "9.9.9", 1_000)), null, null, null, 0, ALICE))
                .isInstanceOf(VersionNotFoundException.class).hasMessageContaining("iris/9.9.9");
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                variant("shadow", "nosuch", "1.0.0", 100), null, null, 0, ALICE))
                .isInstanceOf(VersionNotFoundException.class);
        assertNoEndpoint("iris-ab");
    }

    @ParameterizedTest
    @EnumSource(value = LifecycleState.class, names = {"REGISTERED", "FAILED", "ARCHIVED"})
    void putEndpoint_should_refuse_versions_that_may_not_take_traffic(LifecycleState state) {
        // GIVEN a validated 1.0.0 and a 1.5.0 that may not take traffic
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.5.0", state);

        // WHEN it is given weight, even 0, or shadow traffic / THEN each is refused
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.5.0", 1_000)), null, null, null, 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class).hasMessageContaining(state.name());
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000),
                variant("canary", "iris", "1.5.0", 0)), null, null, null, 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                variant("shadow", "iris", "1.5.0", 100), null, null, 0, ALICE))
                .isInstanceOf(IllegalTransitionException.class);
        assertNoEndpoint("iris-ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp:host", "lambda2", "sagemaker:", "sagemaker:-bad", "sagemaker:a_b", "http:ftp://x",
        "http:", "LAMBDA", "http:https://x y"})
    void putEndpoint_should_refuse_a_backend_that_is_not_lambda_sagemaker_or_http(String backend) {
        // GIVEN a validated version
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN an endpoint names the backend / THEN it is refused
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, backend, 0, ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("backend");
        assertNoEndpoint("iris-ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lambda", "sagemaker:iris-prod", "http:https://models.example.com/v2", " lambda "})
    void putEndpoint_should_accept_the_documented_backends(String backend) {
        // GIVEN a validated version
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN an endpoint names the backend
        EndpointConfig stored = admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, backend, 0, ALICE);

        // THEN it is stored as given (trimmed)
        assertThat(stored.backend()).isEqualTo(backend.trim());
    }

    @Test
    void putEndpoint_should_refuse_bad_endpoint_variant_model_and_version_names() {
        // GIVEN a validated version
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);

        // WHEN any name is not a safe name / THEN each is refused
        for (String endpoint : List.of("Iris", "-iris", "iris_ab", "../iris", "", "a".repeat(65))) {
            assertThatThrownBy(() -> admin.putEndpoint(endpoint, List.of(variant("stable", "iris", "1.0.0", 10_000)),
                    null, null, null, 0, ALICE)).as(endpoint).isInstanceOf(InvalidAdminRequestException.class);
        }
        for (String name : List.of("Stable", "", "-x", "a b", "a".repeat(33))) {
            assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant(name, "iris", "1.0.0", 10_000)),
                    null, null, null, 0, ALICE)).as(name).isInstanceOf(InvalidAdminRequestException.class);
        }
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant(null, "iris", "1.0.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "IRIS", "1.0.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThat(fake.endpoints()).isEmpty();
    }

    @Test
    void putEndpoint_should_conflict_when_the_revision_is_stale_or_the_endpoint_exists() {
        // GIVEN an endpoint updated once (revision 2)
        seedTwo();
        admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)), null, null, null, 0, SEEDER);
        EndpointConfig current = admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.1.0", 10_000)),
                null, null, null, 1, SEEDER);

        // WHEN it is written at revision 1, or created again / THEN each conflicts and it is unchanged
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, null, 1, ALICE)).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 10_000)),
                null, null, null, 0, ALICE)).isInstanceOf(ConflictException.class);
        assertThat(fake.endpoint("iris-ab")).contains(current);
        assertThat(endpointAudit("iris-ab")).hasSize(2);
    }

    @Test
    void setWeights_should_change_only_the_weights_when_every_variant_is_named() {
        // GIVEN a 90/10 endpoint with a shadow, a salt and a backend
        seedTwo();
        seed(IRIS_110, "iris", "1.2.0", LifecycleState.VALIDATED);
        EndpointConfig before = admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), variant("shadow", "iris", "1.2.0", 300), "s1",
                "lambda", 0, SEEDER);

        // WHEN the weights are set to 50/50 at the revision read
        EndpointConfig after = admin.setWeights("iris-ab", Map.of("stable", 5_000, "canary", 5_000),
                before.revision(), ALICE);

        // THEN only the weights changed, one revision later
        assertThat(after.variants()).extracting(Variant::name, Variant::weight)
                .containsExactly(tuple("stable", 5_000),
                        tuple("canary", 5_000));
        assertThat(after.variants()).extracting(v -> v.model().version()).containsExactly("1.0.0", "1.1.0");
        assertThat(after.shadow()).isEqualTo(before.shadow());
        assertThat(after.stickySalt()).isEqualTo("s1");
        assertThat(after.backend()).isEqualTo("lambda");
        assertThat(after.revision()).isEqualTo(before.revision() + 1);
        assertThat(endpointAudit("iris-ab").get(0).to()).contains("\"weight\":5000");
    }

    @Test
    void setWeights_should_refuse_weights_that_leave_out_or_invent_a_variant() {
        // GIVEN a 90/10 endpoint
        seedTwo();
        EndpointConfig before = admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), null, null, null, 0, SEEDER);

        // WHEN a variant is left out, an unknown one named, none given, or the sum is wrong / THEN each is refused
        assertThatThrownBy(() -> admin.setWeights("iris-ab", Map.of("stable", 10_000), before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("canary");
        assertThatThrownBy(() -> admin.setWeights("iris-ab", Map.of("stable", 5_000, "canary", 4_000, "blue", 1_000),
                before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("blue");
        assertThatThrownBy(() -> admin.setWeights("iris-ab", Map.of(), before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> admin.setWeights("iris-ab", Map.of("stable", 5_000, "canary", 4_000),
                before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class).hasMessageContaining("10000");
        assertThatThrownBy(() -> admin.setWeights("iris-ab", Map.of("stable", 11_000, "canary", -1_000),
                before.revision(), ALICE))
                .isInstanceOf(InvalidAdminRequestException.class);
        assertThat(fake.endpoint("iris-ab")).contains(before);
        assertThat(endpointAudit("iris-ab")).hasSize(1);
    }

    @Test
    void setWeights_should_conflict_on_a_stale_revision_and_answer_not_found_for_an_unknown_endpoint() {
        // GIVEN an endpoint changed since revision 1
        seedTwo();
        admin.putEndpoint("iris-ab", List.of(variant("stable", "iris", "1.0.0", 9_000),
                variant("canary", "iris", "1.1.0", 1_000)), null, null, null, 0, SEEDER);
        EndpointConfig current = admin.setWeights("iris-ab", Map.of("stable", 8_000, "canary", 2_000), 1, SEEDER);

        // WHEN weights are set at revision 1, or on an endpoint that does not exist / THEN conflict, not found
        assertThatThrownBy(() -> admin.setWeights("iris-ab", Map.of("stable", 0, "canary", 10_000), 1, ALICE))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> admin.setWeights("nosuch", Map.of("stable", 10_000), 1, ALICE))
                .isInstanceOf(EndpointNotFoundException.class);
        assertThat(fake.endpoint("iris-ab")).contains(current);
    }

    // ------------------------------------------------------------------------------- clean-up

    @Test
    void cleanup_should_keep_the_newest_and_everything_in_use_and_delete_the_rest_with_their_artifacts() {
        // GIVEN fraud versions: some used by aliases (now and before), an endpoint (weight 0, shadow), others not
        givenFraudVersionsInUse();

        // WHEN the model is cleaned up keeping the newest two
        AdminService.Cleanup cleanup = admin.cleanup("fraud", 2, false, ALICE);

        // THEN the newest two by semantic version and every version in use are kept; the rest are gone
        assertThat(cleanup.kept()).containsExactly("1.10.0", "1.9.0", "1.6.0", "1.5.0", "1.4.0", "1.3.0", "1.2.0");
        assertThat(cleanup.deleted()).containsExactly("1.8.0", "1.7.0", "1.1.0", "1.0.0", "0.9.0");
        assertThat(fake.versions("fraud")).extracting(v -> v.version().key().version())
                .containsExactlyInAnyOrderElementsOf(cleanup.kept());
        assertThat(storage.deleted()).containsExactlyInAnyOrderElementsOf(cleanup.deleted().stream()
                .map(v -> PREFIX + "fraud/" + v + "/model.onnx").toList());
        assertThat(audit("fraud")).filteredOn(e -> e.action().equals(AuditEvent.DELETE_VERSION))
                .hasSize(cleanup.deleted().size())
                .allSatisfy(e -> assertThat(e.to()).isNull());
    }

    @Test
    void cleanup_should_delete_nothing_when_it_is_a_dry_run() {
        // GIVEN the same fraud versions
        givenFraudVersionsInUse();
        List<VersionRecord> before = fake.versions("fraud");
        int events = audit("fraud").size();

        // WHEN a dry run keeps the newest two
        AdminService.Cleanup cleanup = admin.cleanup("fraud", 2, true, ALICE);

        // THEN it names what a real run would delete, and deletes nothing
        assertThat(cleanup.deleted()).containsExactly("1.8.0", "1.7.0", "1.1.0", "1.0.0", "0.9.0");
        assertThat(fake.versions("fraud")).isEqualTo(before);
        assertThat(storage.deleted()).isEmpty();
        assertThat(audit("fraud")).hasSize(events);
    }

    @Test
    void cleanup_should_refuse_keeping_fewer_than_one_and_unknown_models() {
        // GIVEN one version
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);

        // WHEN keep is 0, or the model is unknown / THEN each is refused and nothing deleted
        assertThatThrownBy(() -> admin.cleanup("iris", 0, false, ALICE)).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> admin.cleanup("nosuch", 1, false, ALICE)).isInstanceOf(VersionNotFoundException.class);
        assertThat(fake.versions("iris")).hasSize(1);
        assertThat(storage.deleted()).isEmpty();
    }

    @Test
    void cleanup_should_not_delete_an_artifact_a_kept_version_still_uses() {
        // GIVEN iris 1.1.0 in production, 1.2.0 registered from the very same object, and a newer 2.0.0
        VersionRecord production = registerSample(IRIS_110, "iris", "1.1.0");
        admin.promote("iris", "1.1.0", null, SEEDER);
        admin.register("iris", "1.2.0", production.version().artifact().uri(), card(IRIS_110, "iris", "1.2.0"), null,
                null, SEEDER);
        registerSample(IRIS_110, "iris", "2.0.0");

        // WHEN the model is cleaned up keeping the newest one
        AdminService.Cleanup cleanup = admin.cleanup("iris", 1, false, ALICE);

        // THEN 1.2.0 is deleted, but the production version's artifact is not
        assertThat(cleanup.deleted()).containsExactly("1.2.0");
        assertThat(storage.deleted()).doesNotContain(production.version().artifact().uri());
    }

    // -------------------------------------------------------------------------- compare, read

    @Test
    void compare_should_answer_metric_deltas_and_what_differs() {
        // GIVEN iris 1.0.0 and 1.1.0 with their own cards, 1.1.0's with an extra metric
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        ObjectNode card = card(IRIS_110, "iris", "1.1.0");
        ((ObjectNode) card.path("metrics")).put("rocAuc", 0.97);
        seedWithCard(IRIS_110, card, LifecycleState.VALIDATED);

        // WHEN they are compared
        AdminService.Comparison comparison = admin.compare("iris", "1.0.0", "1.1.0");

        // THEN each metric has both values and the delta b - a (none when one side lacks it)
        assertThat(comparison.a().version().key().version()).isEqualTo("1.0.0");
        assertThat(comparison.b().version().key().version()).isEqualTo("1.1.0");
        assertThat(comparison.metrics()).extracting(AdminService.MetricDelta::name)
                .containsExactly("accuracy", "f1Macro", "heldOutSamples", "precisionMacro", "recallMacro", "rocAuc");
        assertThat(metric(comparison, "accuracy")).isEqualTo(new AdminService.MetricDelta("accuracy", 0.733333,
                0.911111, 0.177778));
        assertThat(metric(comparison, "heldOutSamples").delta()).isZero();
        assertThat(metric(comparison, "rocAuc")).isEqualTo(new AdminService.MetricDelta("rocAuc", null, 0.97, null));

        // AND the signatures are equal; training, lineage, description and artifact differ
        assertThat(comparison.signatureEqual()).isTrue();
        assertThat(comparison.differences()).containsExactlyInAnyOrder("training", "lineage", "description", "artifact");
    }

    @Test
    void compare_should_name_the_signature_when_it_differs_and_answer_not_found_for_unknown_versions() {
        // GIVEN two versions whose cards declare different outputs
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        ObjectNode card = card(IRIS_110, "iris", "1.2.0");
        ((ObjectNode) card.path("signature").path("outputs").get(0)).put("name", "scores");
        seedWithCard(IRIS_110, card, LifecycleState.VALIDATED);

        // WHEN they are compared / THEN the signature is a difference; an unknown version is not found
        AdminService.Comparison comparison = admin.compare("iris", "1.1.0", "1.2.0");
        assertThat(comparison.signatureEqual()).isFalse();
        assertThat(comparison.differences()).containsExactly("signature");
        assertThat(comparison.metrics()).allSatisfy(m -> assertThat(m.delta()).isZero());
        assertThatThrownBy(() -> admin.compare("iris", "1.1.0", "9.9.9")).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void models_and_describeModel_should_show_versions_production_aliases_and_endpoints() {
        // GIVEN iris 1.0.0 and 1.1.0, 1.1.0 promoted, and an endpoint on 1.0.0
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
        admin.promote("iris", "1.1.0", null, SEEDER);
        admin.putEndpoint("flowers", List.of(variant("stable", "iris", "1.0.0", 10_000)), null, null, null, 0, SEEDER);

        // WHEN the models are listed and iris described
        List<AdminService.ModelSummary> models = admin.models();
        AdminService.ModelDetails details = admin.describeModel("iris");

        // THEN they show where iris stands
        assertThat(models).containsExactly(new AdminService.ModelSummary("iris", 2, "1.1.0", Map.of("production", "1.1.0")));
        assertThat(details.versions()).extracting(v -> v.version().key().version()).containsExactly("1.0.0", "1.1.0");
        assertThat(details.aliases()).extracting(AliasRecord::alias).containsExactly("production");
        assertThat(details.endpoints()).containsExactly("flowers");
        assertThatThrownBy(() -> admin.describeModel("nosuch")).isInstanceOf(VersionNotFoundException.class);
        assertThatThrownBy(() -> admin.describeVersion("iris", "9.9.9")).isInstanceOf(VersionNotFoundException.class);
    }

    @Test
    void audit_should_refuse_subjects_that_are_not_an_endpoint_or_a_model() {
        // GIVEN nothing
        // WHEN the trail of another kind of subject is asked for / THEN it is an invalid request
        for (String subject : Arrays.asList(null, "", "iris", "version:iris/1.0.0")) {
            assertThatThrownBy(() -> admin.audit(subject, 10)).as(String.valueOf(subject))
                    .isInstanceOf(InvalidAdminRequestException.class);
        }
    }

    @Test
    void prepareUpload_should_refuse_names_that_could_leave_the_models_folder() {
        // GIVEN nothing
        // WHEN an upload is prepared for a bad name or version / THEN it is refused before the storage is asked
        assertThatThrownBy(() -> admin.prepareUpload("../etc", "1.0.0")).isInstanceOf(InvalidAdminRequestException.class);
        assertThatThrownBy(() -> admin.prepareUpload("iris", "../../x")).isInstanceOf(InvalidAdminRequestException.class);
        assertThat(storage.prepared()).isEmpty();

        // AND a good one is delegated to the storage
        assertThat(admin.prepareUpload("iris", "1.5.0").location()).isEqualTo(PREFIX + "iris/1.5.0/model.onnx");
    }

    // --------------------------------------------------------------------------------- helpers

    /**
     * fraud 0.9.0 … 1.10.0: production alias moved 1.2.0 → 1.3.0, an endpoint on 1.4.0 with 1.5.0 at
     * weight 0 and 1.6.0 as shadow; 1.7.0 archived, 1.0.0 failed, the rest unused.
     */
    private void givenFraudVersionsInUse() {
        for (String v : List.of("0.9.0", "1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0", "1.6.0", "1.7.0",
                "1.8.0", "1.9.0", "1.10.0")) {
            seed(IRIS_110, "fraud", v, v.equals("1.7.0") ? LifecycleState.ARCHIVED
                    : v.equals("1.0.0") ? LifecycleState.FAILED : LifecycleState.VALIDATED);
        }
        admin.setAlias("fraud", "production", "1.2.0", 0, SEEDER);
        admin.setAlias("fraud", "production", "1.3.0", 1, SEEDER);
        admin.putEndpoint("fraud", List.of(variant("stable", "fraud", "1.4.0", 10_000),
                variant("next", "fraud", "1.5.0", 0)), variant("shadow", "fraud", "1.6.0", 100), null, null, 0, SEEDER);
    }

    private void seedTwo() {
        seed(IRIS_100, "iris", "1.0.0", LifecycleState.VALIDATED);
        seed(IRIS_110, "iris", "1.1.0", LifecycleState.VALIDATED);
    }

    /** Stores a version directly (no gate), with the sample's card renamed, at its place in the bucket. */
    private VersionRecord seed(ModelKey sample, String model, String version, LifecycleState state) {
        return seedWithCard(sample, card(sample, model, version), state);
    }

    private VersionRecord seedWithCard(ModelKey sample, ObjectNode cardJson, LifecycleState state) {
        ModelCard card = SampleModels.card(sample);
        ModelKey key = new ModelKey(cardJson.path("name").asText(), cardJson.path("version").asText());
        ModelVersion version = new ModelVersion(key, ArtifactLocation.of(location(key.name(), key.version())),
                card.artifact().sha256(), card.artifact().sizeBytes(), card.signature(), state, card.task(),
                card.labels(), card.features(), clock.instant());
        return fake.createVersion(version, cardJson.toString(), SEEDER);
    }

    /** Uploads a sample's artifact as model/version and registers it through the gate. */
    private VersionRecord registerSample(ModelKey sample, String model, String version) {
        String source = upload(model, version, artifact(sample));
        return admin.register(model, version, source, card(sample, model, version), reference(sample), null, SEEDER)
                .version();
    }

    private String upload(String model, String version, byte[] bytes) {
        String uri = location(model, version);
        store.put(uri, bytes);
        return uri;
    }

    private static String location(String model, String version) {
        return PREFIX + model + "/" + version + "/model.onnx";
    }

    private static ObjectNode card(ModelKey sample, String model, String version) {
        ObjectNode card = (ObjectNode) readJson(SampleModels.folder(sample).resolve("model.json"));
        card.put("name", model);
        card.put("version", version);
        return card;
    }

    private static JsonNode reference(ModelKey sample) {
        return readJson(SampleModels.folder(sample).resolve("reference.json"));
    }

    private static byte[] artifact(ModelKey sample) {
        try {
            return Files.readAllBytes(SampleModels.modelFile(sample));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AdminService.VariantRequest variant(String name, String model, String version, int weight) {
        return new AdminService.VariantRequest(name, model, version, weight);
    }

    private LifecycleState state(String model, String version) {
        return fake.version(new ModelKey(model, version)).orElseThrow().version().state();
    }

    private List<AuditEvent> audit(String model) {
        return fake.audit(AuditEvent.modelSubject(model), 500);
    }

    private List<AuditEvent> endpointAudit(String endpoint) {
        return fake.audit(AuditEvent.endpointSubject(endpoint), 500);
    }

    private void assertNothingStored(String model, String version) {
        assertThat(fake.version(new ModelKey(model, version))).isEmpty();
        assertThat(audit(model)).isEmpty();
    }

    private void assertNoEndpoint(String endpoint) {
        assertThat(fake.endpoint(endpoint)).isEmpty();
        assertThat(endpointAudit(endpoint)).isEmpty();
    }

    private static AdminService.MetricDelta metric(AdminService.Comparison comparison, String name) {
        return comparison.metrics().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static ValidationFailedException catchValidationFailure(Runnable call) {
        try {
            call.run();
        } catch (ValidationFailedException e) {
            return e;
        }
        throw new AssertionError("expected the version to fail validation");
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ----------------------------------------------------------------------------------- fakes

    /**
     * The model bucket in memory, with S3ModelStore's rules: only {@code s3://models-bucket/models/}
     * keys made of safe segments (no {@code ..}, {@code .}, empty segments). Counts opens, so a test
     * proves a refused source was never fetched. A {@code lax} store accepts every location.
     */
    private static final class BucketStore implements ModelStore {

        private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        private final AtomicInteger opens = new AtomicInteger();
        private final boolean lax;

        BucketStore() {
            this(false);
        }

        BucketStore(boolean lax) {
            this.lax = lax;
        }

        void put(String uri, byte[] bytes) {
            objects.put(uri, bytes.clone());
        }

        int opens() {
            return opens.get();
        }

        @Override
        public InputStream open(ArtifactLocation location) {
            if (!accepts(location)) {
                throw new ModelSourceRefusedException("refused " + location.uri());
            }
            opens.incrementAndGet();
            byte[] bytes = objects.get(location.uri());
            if (bytes == null) {
                throw new ArtifactNotFoundException("no object at " + location.uri());
            }
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public boolean accepts(ArtifactLocation location) {
            if (lax) {
                return true;
            }
            String uri = location.uri();
            if (!uri.startsWith(PREFIX)) {
                return false;
            }
            return Arrays.stream(uri.substring(PREFIX.length()).split("/", -1))
                    .allMatch(s -> s.matches("[A-Za-z0-9_+=-][A-Za-z0-9._+=-]*"));
        }

        @Override
        public String describe() {
            return PREFIX;
        }
    }

    /** The bucket's write side: hands out tickets and records what clean-up deleted. */
    private static final class RecordingStorage implements ArtifactStorage {

        private final List<String> deleted = new CopyOnWriteArrayList<>();
        private final List<ModelKey> prepared = new CopyOnWriteArrayList<>();

        List<String> deleted() {
            return deleted;
        }

        List<ModelKey> prepared() {
            return prepared;
        }

        @Override
        public UploadTicket prepareUpload(ModelKey key) {
            prepared.add(key);
            return new UploadTicket("https://upload.example/" + key, "PUT", Map.of(), locationOf(key).uri(),
                    java.time.Instant.EPOCH.plus(Duration.ofMinutes(15)));
        }

        @Override
        public void delete(ArtifactLocation location) {
            deleted.add(location.uri());
        }

        @Override
        public ArtifactLocation locationOf(ModelKey key) {
            return ArtifactLocation.of(location(key.name(), key.version()));
        }
    }

    /**
     * An engine that plays the sample models: given a file with a sample's digest, its model answers
     * each reference input with the reference output Python's ONNX Runtime computed.
     */
    private static final class ReferenceEngine implements InferenceEngine {

        private final Map<String, Answers> bySha256 = new ConcurrentHashMap<>();
        private final AtomicInteger loads = new AtomicInteger();

        private record Answers(Signature signature, ReferenceSuite suite) {
        }

        ReferenceEngine answeringAs(ModelKey sample) {
            ModelCard card = SampleModels.card(sample);
            bySha256.put(card.artifact().sha256(), new Answers(card.signature(), ReferenceSuite.parse(reference(sample))));
            return this;
        }

        int loads() {
            return loads.get();
        }

        @Override
        public LoadedModel load(ModelKey key, Path modelFile) {
            loads.incrementAndGet();
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(modelFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Answers answers = bySha256.get(sha256(bytes));
            if (answers == null) {
                throw new IllegalStateException("not a model this engine knows");
            }
            return new LoadedModel() {
                @Override
                public ModelKey key() {
                    return key;
                }

                @Override
                public Signature signature() {
                    return answers.signature();
                }

                @Override
                public long memoryBytes() {
                    return bytes.length;
                }

                @Override
                public Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs) {
                    return answers.suite().cases().stream().filter(c -> c.inputs().equals(inputs))
                            .map(ReferenceSuite.Case::outputs).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no reference answer for these inputs"));
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public String name() {
            return "reference";
        }
    }

    /**
     * The registry as the service sees it, counting its writes (one {@link #atomically} call versus
     * single-item writes) and letting a test slip in another writer's change just before a transaction.
     */
    private static final class ObservedRegistry implements ModelRegistry {

        private final InMemoryModelRegistry delegate;
        private final AtomicInteger atomicCalls = new AtomicInteger();
        private final AtomicInteger singleWrites = new AtomicInteger();
        private volatile Runnable beforeAtomically;

        ObservedRegistry(InMemoryModelRegistry delegate) {
            this.delegate = delegate;
        }

        void resetCounts() {
            atomicCalls.set(0);
            singleWrites.set(0);
        }

        int atomicCalls() {
            return atomicCalls.get();
        }

        int singleWrites() {
            return singleWrites.get();
        }

        void beforeAtomically(Runnable interference) {
            beforeAtomically = interference;
        }

        @Override
        public List<String> models() {
            return delegate.models();
        }

        @Override
        public List<VersionRecord> versions(String model) {
            return delegate.versions(model);
        }

        @Override
        public Optional<VersionRecord> version(ModelKey key) {
            return delegate.version(key);
        }

        @Override
        public List<AliasRecord> aliases(String model) {
            return delegate.aliases(model);
        }

        @Override
        public Optional<AliasRecord> alias(String model, String alias) {
            return delegate.alias(model, alias);
        }

        @Override
        public List<EndpointConfig> endpoints() {
            return delegate.endpoints();
        }

        @Override
        public Optional<EndpointConfig> endpoint(String name) {
            return delegate.endpoint(name);
        }

        @Override
        public List<AuditEvent> audit(String subject, int limit) {
            return delegate.audit(subject, limit);
        }

        @Override
        public VersionRecord createVersion(ModelVersion version, String cardJson, Change change) {
            singleWrites.incrementAndGet();
            return delegate.createVersion(version, cardJson, change);
        }

        @Override
        public VersionRecord transition(ModelKey key, LifecycleState to, String reason, long expectedRevision,
                Change change) {
            singleWrites.incrementAndGet();
            return delegate.transition(key, to, reason, expectedRevision, change);
        }

        @Override
        public AliasRecord setAlias(String model, String alias, String version, long expectedRevision, Change change) {
            singleWrites.incrementAndGet();
            return delegate.setAlias(model, alias, version, expectedRevision, change);
        }

        @Override
        public EndpointConfig putEndpoint(EndpointConfig endpoint, long expectedRevision, Change change) {
            singleWrites.incrementAndGet();
            return delegate.putEndpoint(endpoint, expectedRevision, change);
        }

        @Override
        public void deleteVersion(ModelKey key, long expectedRevision, Change change) {
            singleWrites.incrementAndGet();
            delegate.deleteVersion(key, expectedRevision, change);
        }

        @Override
        public void atomically(List<Mutation> mutations, Change change) {
            atomicCalls.incrementAndGet();
            Runnable interference = beforeAtomically;
            if (interference != null) {
                beforeAtomically = null;
                interference.run();
            }
            delegate.atomically(new ArrayList<>(mutations), change);
        }

        @Override
        public String idempotent(String key, String fingerprint, Supplier<String> mutation) {
            return delegate.idempotent(key, fingerprint, mutation);
        }
    }
}
