package io.modelfn.registry.dynamodb;

import static io.modelfn.registry.dynamodb.RegistryTableSchema.*;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.AlarmLimits;
import io.modelfn.core.registry.ArtifactLocation;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.ModelVersion;
import io.modelfn.core.registry.RolloutPlan;
import io.modelfn.core.registry.RolloutPromotion;
import io.modelfn.core.registry.ShadowConfig;
import io.modelfn.core.registry.Variant;
import io.modelfn.core.registry.write.AliasMove;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.VersionRecord;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Maps the registry's domain records to DynamoDB items and back, following
 * {@link RegistryTableSchema}. Pure: no client, no I/O, so every layout rule is tested in
 * milliseconds.
 *
 * <p>Reading refuses an item it cannot map with {@link MalformedRegistryItemException}, naming the
 * item's key and the attribute at fault; the reader skips such an item rather than lose the whole
 * snapshot to it.
 *
 * <p>Thread-safe (stateless).
 *
 * <p>Over 400 lines on purpose: the table is one layout, and each record's mapping stands beside its
 * inverse, so a change to the layout is made and tested in one place.
 */
public final class RegistryItems {

    private RegistryItems() {
    }

    // ---------------------------------------------------------------- versions

    /** The version item of a version in its first revision or any later one. */
    public static Map<String, AttributeValue> versionItem(ModelVersion version, WriteStamp stamp) {
        return versionItem(version, null, stamp);
    }

    /**
     * The version item.
     *
     * @param stateReason why the version is in its state (e.g. what failed validation), or null
     * @param stamp {@code by} is recorded as {@code createdBy}; {@code createdAt} is the version's own,
     *     or the stamp's time when the version has none
     * @throws IllegalArgumentException when the version is not a semantic version
     */
    public static Map<String, AttributeValue> versionItem(ModelVersion version, String stateReason, WriteStamp stamp) {
        ModelKey key = version.key();
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(modelPk(key.name())));
        item.put(SK, s(versionSk(SemanticVersion.parse(key.version()))));
        item.put(KIND, s(KIND_VERSION));
        item.put(NAME, s(key.name()));
        item.put(VERSION, s(key.version()));
        item.put(ARTIFACT_URI, s(version.artifact().uri()));
        if (version.artifact().versionId() != null) {
            item.put(ARTIFACT_VERSION_ID, s(version.artifact().versionId()));
        }
        item.put(SHA256, s(version.sha256()));
        item.put(SIZE_BYTES, n(version.sizeBytes()));
        item.put(FORMAT, s(FORMAT_ONNX));
        item.put(SIGNATURE, s(CardJson.signatureJson(version.signature())));
        if (version.task() != null) {
            item.put(TASK, s(version.task().name().toLowerCase(Locale.ROOT)));
        }
        if (!version.labels().isEmpty()) {
            item.put(LABELS, AttributeValue.fromL(version.labels().stream().map(RegistryItems::s).toList()));
        }
        if (!version.features().isEmpty()) {
            item.put(FEATURES, s(CardJson.featuresJson(version.features())));
        }
        item.put(STATE, s(version.state().name()));
        if (stateReason != null) {
            item.put(STATE_REASON, s(stateReason));
        }
        Instant createdAt = version.createdAt() == null ? stamp.at() : version.createdAt();
        item.put(CREATED_AT, s(createdAt.toString()));
        item.put(CREATED_BY, s(stamp.by()));
        item.put(REVISION, n(stamp.revision()));
        item.put(UPDATED_AT, s(stamp.at().toString()));
        return item;
    }

    /**
     * The version a version item describes.
     *
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static ModelVersion version(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        try {
            ModelKey key = new ModelKey(r.string(NAME), r.string(VERSION));
            ArtifactLocation artifact = new ArtifactLocation(r.string(ARTIFACT_URI), r.optionalString(ARTIFACT_VERSION_ID));
            String taskText = r.optionalString(TASK);
            ModelCard.Task task = taskText == null ? null : r.constant(TASK, ModelCard.Task.class);
            String features = r.optionalString(FEATURES);
            String createdAt = r.optionalString(CREATED_AT);
            return new ModelVersion(
                    key,
                    artifact,
                    r.string(SHA256),
                    r.number(SIZE_BYTES),
                    r.json(SIGNATURE, CardJson::signature),
                    r.constant(STATE, LifecycleState.class),
                    task,
                    r.optionalStrings(LABELS),
                    features == null ? List.of() : r.json(FEATURES, CardJson::features),
                    createdAt == null ? null : Instant.parse(createdAt));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw r.malformed(e.getMessage(), e);
        }
    }

    /**
     * A version as the admin side sees it: the version item, with the card item's text when there is
     * one.
     *
     * @param cardItem the version's card item, or null
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static VersionRecord versionRecord(Map<String, AttributeValue> versionItem, Map<String, AttributeValue> cardItem) {
        Reading r = new Reading(versionItem);
        ModelVersion version = version(versionItem);
        try {
            String updatedAt = r.optionalString(UPDATED_AT);
            return new VersionRecord(version, cardItem == null ? null : card(cardItem),
                    stateReason(versionItem).orElse(""), r.optionalString(CREATED_BY), updatedAt == null ? null
                    : Instant.parse(updatedAt), revision(versionItem));
        } catch (DateTimeException e) {
            throw r.malformed(e.getMessage(), e);
        }
    }

    /** Why a version item's version is in its state, when the item says. */
    public static Optional<String> stateReason(Map<String, AttributeValue> item) {
        return Optional.ofNullable(new Reading(item).optionalString(STATE_REASON));
    }

    // ---------------------------------------------------------------- cards

    /** The card item: the version's {@code model.json} as written, apart from the version item. */
    public static Map<String, AttributeValue> cardItem(ModelKey key, String cardJson) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(modelPk(key.name())));
        item.put(SK, s(cardSk(SemanticVersion.parse(key.version()))));
        item.put(CARD, s(cardJson));
        return item;
    }

    /** The {@code model.json} text of a card item. */
    public static String card(Map<String, AttributeValue> item) {
        return new Reading(item).string(CARD);
    }

    // ---------------------------------------------------------------- aliases

    public static Map<String, AttributeValue> aliasItem(ModelAlias alias, WriteStamp stamp) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(modelPk(alias.model())));
        item.put(SK, s(aliasSk(alias.alias())));
        item.put(KIND, s(KIND_ALIAS));
        item.put(NAME, s(alias.model()));
        item.put(ALIAS, s(alias.alias()));
        item.put(VERSION, s(alias.version()));
        if (alias.previousVersion() != null) {
            item.put(PREVIOUS_VERSION, s(alias.previousVersion()));
        }
        item.put(REVISION, n(stamp.revision()));
        item.put(UPDATED_AT, s(stamp.at().toString()));
        item.put(UPDATED_BY, s(stamp.by()));
        return item;
    }

    /**
     * The alias an alias item holds.
     *
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static ModelAlias alias(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        return new ModelAlias(r.string(NAME), r.string(ALIAS), r.string(VERSION), r.optionalString(PREVIOUS_VERSION));
    }

    /**
     * The alias an alias item holds, with its revision and who changed it when.
     *
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static AliasRecord aliasRecord(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        ModelAlias alias = alias(item);
        try {
            String updatedAt = r.optionalString(UPDATED_AT);
            return new AliasRecord(alias.model(), alias.alias(), alias.version(), alias.previousVersion(),
                    revision(item), updatedAt == null ? null : Instant.parse(updatedAt), r.optionalString(UPDATED_BY));
        } catch (DateTimeException e) {
            throw r.malformed(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- endpoints

    /**
     * The endpoint item; revision and update time are the endpoint's own.
     *
     * @param updatedBy who made this revision
     */
    public static Map<String, AttributeValue> endpointItem(EndpointConfig endpoint, String updatedBy) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(endpointPk(endpoint.name())));
        item.put(SK, s(configSk()));
        item.put(KIND, s(KIND_ENDPOINT));
        item.put(NAME, s(endpoint.name()));
        List<AttributeValue> variants = new ArrayList<>(endpoint.variants().size());
        for (Variant variant : endpoint.variants()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put(VARIANT_NAME, s(variant.name()));
            m.put(VARIANT_MODEL, s(variant.model().name()));
            m.put(VARIANT_VERSION, s(variant.model().version()));
            m.put(VARIANT_WEIGHT, n(variant.weight()));
            variants.add(AttributeValue.fromM(m));
        }
        item.put(VARIANTS, AttributeValue.fromL(variants));
        endpoint.shadowConfig().ifPresent(shadow -> {
            Map<String, AttributeValue> m = new LinkedHashMap<>();
            m.put(SHADOW_MODEL, s(shadow.model().name()));
            m.put(SHADOW_VERSION, s(shadow.model().version()));
            m.put(SHADOW_SAMPLE_RATE, n(shadow.sampleRate()));
            item.put(SHADOW, AttributeValue.fromM(m));
        });
        endpoint.rolloutPlan().ifPresent(plan -> item.put(ROLLOUT, rolloutValue(plan)));
        item.put(STICKY_SALT, s(endpoint.stickySalt()));
        item.put(BACKEND, s(endpoint.backend()));
        if (endpoint.resultCache()) {
            item.put(RESULT_CACHE, AttributeValue.fromBool(true));
        }
        if (!endpoint.alarmLimits().isEmpty()) {
            item.put(ALARM_LIMITS, alarmLimitsValue(endpoint.alarmLimits()));
        }
        item.put(REVISION, n(endpoint.revision()));
        if (endpoint.updatedAt() != null) {
            item.put(UPDATED_AT, s(endpoint.updatedAt().toString()));
        }
        if (updatedBy != null) {
            item.put(UPDATED_BY, s(updatedBy));
        }
        return item;
    }

    /**
     * The endpoint an endpoint item holds.
     *
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static EndpointConfig endpoint(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        try {
            List<Variant> variants = new ArrayList<>();
            for (AttributeValue value : r.list(VARIANTS)) {
                Reading v = r.nested(VARIANTS, value);
                variants.add(new Variant(v.string(VARIANT_NAME),
                        new ModelKey(v.string(VARIANT_MODEL), v.string(VARIANT_VERSION)),
                        Math.toIntExact(v.number(VARIANT_WEIGHT))));
            }
            ShadowConfig shadow = null;
            AttributeValue shadowValue = item.get(SHADOW);
            if (shadowValue != null && !Boolean.TRUE.equals(shadowValue.nul())) {
                Reading sh = r.nested(SHADOW, shadowValue);
                shadow = new ShadowConfig(new ModelKey(sh.string(SHADOW_MODEL), sh.string(SHADOW_VERSION)),
                        Math.toIntExact(sh.number(SHADOW_SAMPLE_RATE)));
            }
            RolloutPlan rollout = null;
            AttributeValue rolloutValue = item.get(ROLLOUT);
            if (rolloutValue != null && !Boolean.TRUE.equals(rolloutValue.nul())) {
                rollout = rollout(r.nested(ROLLOUT, rolloutValue));
            }
            String updatedAt = r.optionalString(UPDATED_AT);
            return new EndpointConfig(r.string(NAME), variants, shadow, r.optionalString(STICKY_SALT),
                    r.optionalString(BACKEND), r.number(REVISION), updatedAt == null ? null : Instant.parse(updatedAt),
                    rollout, Boolean.TRUE.equals(item.getOrDefault(RESULT_CACHE, AttributeValue.fromBool(false)).bool()),
                    alarmLimits(item.get(ALARM_LIMITS)));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            throw r.malformed(e.getMessage(), e);
        }
    }

    private static AttributeValue alarmLimitsValue(AlarmLimits limits) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        if (limits.maxServerErrorRate() != null) {
            m.put(LIMIT_MAX_SERVER_ERROR_RATE, AttributeValue.fromN(Double.toString(limits.maxServerErrorRate())));
        }
        if (limits.maxP99LatencyMs() != null) {
            m.put(LIMIT_MAX_P99_LATENCY_MS, n(limits.maxP99LatencyMs()));
        }
        if (limits.minAccuracy() != null) {
            m.put(LIMIT_MIN_ACCURACY, AttributeValue.fromN(Double.toString(limits.minAccuracy())));
        }
        if (limits.minFeedbackSamples() != null) {
            m.put(LIMIT_MIN_FEEDBACK_SAMPLES, n(limits.minFeedbackSamples()));
        }
        if (limits.evaluationPeriods() != null) {
            m.put(LIMIT_EVALUATION_PERIODS, n(limits.evaluationPeriods()));
        }
        return AttributeValue.fromM(m);
    }

    /** An endpoint's alarm limits from its attribute (none when absent); a bad value throws IllegalArgumentException. */
    private static AlarmLimits alarmLimits(AttributeValue value) {
        if (value == null || Boolean.TRUE.equals(value.nul()) || !value.hasM()) {
            return AlarmLimits.NONE;
        }
        Map<String, AttributeValue> m = value.m();
        return new AlarmLimits(decimal(m.get(LIMIT_MAX_SERVER_ERROR_RATE)), whole(m.get(LIMIT_MAX_P99_LATENCY_MS)),
                decimal(m.get(LIMIT_MIN_ACCURACY)), whole(m.get(LIMIT_MIN_FEEDBACK_SAMPLES)),
                whole(m.get(LIMIT_EVALUATION_PERIODS)));
    }

    private static Double decimal(AttributeValue value) {
        return value == null || value.n() == null ? null : Double.valueOf(value.n());
    }

    private static Integer whole(AttributeValue value) {
        return value == null || value.n() == null ? null : Integer.valueOf(value.n());
    }

    private static AttributeValue rolloutValue(RolloutPlan plan) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(ROLLOUT_CANARY_MODEL, s(plan.canary().name()));
        m.put(ROLLOUT_CANARY_VERSION, s(plan.canary().version()));
        m.put(ROLLOUT_STEPS, AttributeValue.fromL(plan.steps().stream().map(w -> n(w)).toList()));
        m.put(ROLLOUT_BAKE_SECONDS, n(plan.bake().toSeconds()));
        m.put(ROLLOUT_MIN_REQUESTS, n(plan.minRequests()));
        m.put(ROLLOUT_ALIAS, s(plan.alias()));
        m.put(ROLLOUT_STATE, s(plan.state().name()));
        m.put(ROLLOUT_STEP, n(plan.step()));
        if (plan.stepStartedAt() != null) {
            m.put(ROLLOUT_STEP_STARTED_AT, s(plan.stepStartedAt().toString()));
        }
        if (!plan.reason().isEmpty()) {
            m.put(ROLLOUT_REASON, s(plan.reason()));
        }
        if (!plan.watch().isZero()) {
            m.put(ROLLOUT_WATCH_SECONDS, n(plan.watch().toSeconds()));
        }
        RolloutPromotion promotion = plan.promotion();
        if (promotion != null) {
            Map<String, AttributeValue> p = new LinkedHashMap<>();
            p.put(PROMOTION_PREVIOUS_STABLE_MODEL, s(promotion.previousStable().name()));
            p.put(PROMOTION_PREVIOUS_STABLE_VERSION, s(promotion.previousStable().version()));
            if (promotion.previousAliasVersion() != null) {
                p.put(PROMOTION_PREVIOUS_ALIAS_VERSION, s(promotion.previousAliasVersion()));
            }
            p.put(PROMOTION_STATE_BEFORE, s(promotion.promotedStateBefore().name()));
            p.put(PROMOTION_DEMOTED, AttributeValue.fromL(promotion.demoted().stream().map(RegistryItems::s).toList()));
            m.put(ROLLOUT_PROMOTION, AttributeValue.fromM(p));
        }
        return AttributeValue.fromM(m);
    }

    private static RolloutPlan rollout(Reading r) {
        List<Integer> steps = new ArrayList<>();
        for (AttributeValue step : r.list(ROLLOUT_STEPS)) {
            steps.add(Integer.parseInt(step.n()));
        }
        String started = r.optionalString(ROLLOUT_STEP_STARTED_AT);
        String reason = r.optionalString(ROLLOUT_REASON);
        java.time.Duration watch = r.attributes.containsKey(ROLLOUT_WATCH_SECONDS)
                ? java.time.Duration.ofSeconds(r.number(ROLLOUT_WATCH_SECONDS)) : java.time.Duration.ZERO;
        RolloutPromotion promotion = null;
        AttributeValue promotionValue = r.attributes.get(ROLLOUT_PROMOTION);
        if (promotionValue != null && !Boolean.TRUE.equals(promotionValue.nul())) {
            Reading p = r.nested(ROLLOUT_PROMOTION, promotionValue);
            List<String> demoted = p.optionalStrings(PROMOTION_DEMOTED);
            promotion = new RolloutPromotion(new ModelKey(p.string(PROMOTION_PREVIOUS_STABLE_MODEL),
                    p.string(PROMOTION_PREVIOUS_STABLE_VERSION)), p.optionalString(PROMOTION_PREVIOUS_ALIAS_VERSION),
                    p.constant(PROMOTION_STATE_BEFORE, LifecycleState.class), demoted);
        }
        return new RolloutPlan(new ModelKey(r.string(ROLLOUT_CANARY_MODEL), r.string(ROLLOUT_CANARY_VERSION)), steps,
                java.time.Duration.ofSeconds(r.number(ROLLOUT_BAKE_SECONDS)), r.number(ROLLOUT_MIN_REQUESTS),
                r.optionalString(ROLLOUT_ALIAS), RolloutPlan.State.valueOf(r.string(ROLLOUT_STATE)),
                Math.toIntExact(r.number(ROLLOUT_STEP)), started == null ? null : Instant.parse(started), reason, watch,
                promotion);
    }

    // ---------------------------------------------------------------- alias moves

    /** The item of one alias move, in its model's item collection. No {@code kind}: moves stay out of the serving path's index. */
    public static Map<String, AttributeValue> aliasMoveItem(AliasMove move) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(modelPk(move.model())));
        item.put(SK, s(aliasMoveSk(move.alias(), move.at(), move.id())));
        item.put(NAME, s(move.model()));
        item.put(ALIAS, s(move.alias()));
        item.put(VERSION, s(move.version()));
        if (move.previousVersion() != null) {
            item.put(PREVIOUS_VERSION, s(move.previousVersion()));
        }
        item.put(EVENT_ID, s(move.id()));
        item.put(EVENT_AT, s(move.at().toString()));
        item.put(EVENT_ACTOR, s(move.actor()));
        putIfText(item, EVENT_REASON, move.reason());
        return item;
    }

    /**
     * The alias move an alias move item holds.
     *
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static AliasMove aliasMove(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        try {
            return new AliasMove(r.string(NAME), r.string(ALIAS), r.string(VERSION), r.optionalString(PREVIOUS_VERSION),
                    Instant.parse(r.string(EVENT_AT)), r.string(EVENT_ACTOR), r.optionalString(EVENT_REASON),
                    r.string(EVENT_ID));
        } catch (DateTimeException e) {
            throw r.malformed(e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- audit events

    /**
     * The item of an audit event, in the item collection of its subject ({@code ENDPOINT#<name>} or
     * {@code MODEL#<name>}). {@code from}, {@code to}, {@code reason} and {@code requestId} are absent
     * when null or empty. No {@code kind}: events stay out of the serving path's index.
     *
     * @throws IllegalArgumentException when the subject is neither an endpoint's nor a model's
     */
    public static Map<String, AttributeValue> eventItem(AuditEvent event) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(PK, s(subjectPk(event.subject())));
        item.put(SK, s(eventSk(event.at(), event.id())));
        item.put(EVENT_ID, s(event.id()));
        item.put(EVENT_AT, s(event.at().toString()));
        item.put(EVENT_SUBJECT, s(event.subject()));
        item.put(EVENT_ACTION, s(event.action()));
        item.put(EVENT_ACTOR, s(event.actor()));
        putIfText(item, EVENT_FROM, event.from());
        putIfText(item, EVENT_TO, event.to());
        putIfText(item, EVENT_REASON, event.reason());
        putIfText(item, EVENT_REQUEST_ID, event.requestId());
        return item;
    }

    /**
     * The audit event an event item holds; a missing reason reads as empty.
     *
     * @throws MalformedRegistryItemException when an attribute is missing or invalid
     */
    public static AuditEvent auditEvent(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        try {
            String reason = r.optionalString(EVENT_REASON);
            return new AuditEvent(r.string(EVENT_ID), Instant.parse(r.string(EVENT_AT)), r.string(EVENT_SUBJECT),
                    r.string(EVENT_ACTION), r.string(EVENT_ACTOR), r.optionalString(EVENT_FROM),
                    r.optionalString(EVENT_TO), reason == null ? "" : reason, r.optionalString(EVENT_REQUEST_ID));
        } catch (DateTimeException e) {
            throw r.malformed(e.getMessage(), e);
        }
    }

    /**
     * The partition of a subject: {@code endpoint:<name>} → {@code ENDPOINT#<name>},
     * {@code model:<name>} → {@code MODEL#<name>}.
     *
     * @throws IllegalArgumentException for any other subject
     */
    public static String subjectPk(String subject) {
        String endpointPrefix = AuditEvent.endpointSubject("");
        String modelPrefix = AuditEvent.modelSubject("");
        if (subject != null && subject.startsWith(endpointPrefix)) {
            return endpointPk(subject.substring(endpointPrefix.length()));
        }
        if (subject != null && subject.startsWith(modelPrefix)) {
            return modelPk(subject.substring(modelPrefix.length()));
        }
        throw new IllegalArgumentException("an audit subject is endpoint:<name> or model:<name>, not " + subject);
    }

    private static void putIfText(Map<String, AttributeValue> item, String name, String value) {
        if (value != null && !value.isEmpty()) {
            item.put(name, s(value));
        }
    }

    // ---------------------------------------------------------------- common

    /** An item's revision, 0 when it has none (not written by a revisioned writer). */
    public static long revision(Map<String, AttributeValue> item) {
        Reading r = new Reading(item);
        return item.containsKey(REVISION) ? r.number(REVISION) : 0;
    }

    /** {@code PK / SK} of an item, for messages and logs. */
    public static String describeKey(Map<String, AttributeValue> item) {
        return keyPart(item, PK) + " / " + keyPart(item, SK);
    }

    private static String keyPart(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "?" : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Typed access to one item's attributes; every failure names the item and the attribute. */
    private static final class Reading {

        private final Map<String, AttributeValue> attributes;
        private final String itemKey;
        private final String prefix;

        Reading(Map<String, AttributeValue> item) {
            this(item, describeKey(item), "");
        }

        private Reading(Map<String, AttributeValue> attributes, String itemKey, String prefix) {
            this.attributes = attributes;
            this.itemKey = itemKey;
            this.prefix = prefix;
        }

        Reading nested(String attribute, AttributeValue value) {
            if (!value.hasM()) {
                throw malformed(prefix + attribute + " has an element that is not a map", null);
            }
            return new Reading(value.m(), itemKey, prefix + attribute + ".");
        }

        String string(String name) {
            String value = optionalString(name);
            if (value == null || value.isEmpty()) {
                throw malformed(prefix + name + " is missing", null);
            }
            return value;
        }

        String optionalString(String name) {
            AttributeValue value = attributes.get(name);
            if (value == null || Boolean.TRUE.equals(value.nul())) {
                return null;
            }
            if (value.s() == null) {
                throw malformed(prefix + name + " is not a string", null);
            }
            return value.s();
        }

        long number(String name) {
            AttributeValue value = attributes.get(name);
            if (value == null || value.n() == null) {
                throw malformed(prefix + name + " is missing or not a number", null);
            }
            try {
                return Long.parseLong(value.n());
            } catch (NumberFormatException e) {
                throw malformed(prefix + name + " is not a whole number", e);
            }
        }

        /** An enum constant, written as its name (any case). */
        <E extends Enum<E>> E constant(String name, Class<E> type) {
            String text = string(name);
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw malformed(prefix + name + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()), e);
            }
        }

        List<AttributeValue> list(String name) {
            AttributeValue value = attributes.get(name);
            if (value == null || !value.hasL()) {
                throw malformed(prefix + name + " is missing or not a list", null);
            }
            return value.l();
        }

        List<String> optionalStrings(String name) {
            AttributeValue value = attributes.get(name);
            if (value == null || Boolean.TRUE.equals(value.nul())) {
                return List.of();
            }
            if (!value.hasL()) {
                throw malformed(prefix + name + " is not a list", null);
            }
            List<String> strings = new ArrayList<>(value.l().size());
            for (AttributeValue element : value.l()) {
                if (element.s() == null) {
                    throw malformed(prefix + name + " has an element that is not a string", null);
                }
                strings.add(element.s());
            }
            return strings;
        }

        <T> T json(String name, java.util.function.Function<String, T> parser) {
            try {
                return parser.apply(string(name));
            } catch (IllegalArgumentException e) {
                throw malformed(prefix + name + ": " + e.getMessage(), e);
            }
        }

        MalformedRegistryItemException malformed(String problem, Throwable cause) {
            return new MalformedRegistryItemException(itemKey, problem, cause);
        }
    }
}
