package io.modelfn.api.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AlarmLimitsInfo;
import io.modelfn.admin.contract.AbComparisonResult;
import io.modelfn.admin.contract.AbSide;
import io.modelfn.admin.contract.AliasHistoryInfo;
import io.modelfn.admin.contract.AliasInfo;
import io.modelfn.admin.contract.AliasMoveInfo;
import io.modelfn.admin.contract.AuditEntry;
import io.modelfn.admin.contract.CheckResult;
import io.modelfn.admin.contract.ClassScore;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.MetricDelta;
import io.modelfn.admin.contract.ModelDetails;
import io.modelfn.admin.contract.ModelSummary;
import io.modelfn.admin.contract.RolloutInfo;
import io.modelfn.admin.contract.ShadowInfo;
import io.modelfn.admin.contract.SignatureInfo;
import io.modelfn.admin.contract.TensorInfo;
import io.modelfn.admin.contract.UploadTicketInfo;
import io.modelfn.admin.contract.ValidationFailure;
import io.modelfn.admin.contract.ValidationResult;
import io.modelfn.admin.contract.VariantInfo;
import io.modelfn.admin.contract.VersionComparison;
import io.modelfn.admin.contract.VersionInfo;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.admin.UploadTicket;
import io.modelfn.core.admin.ValidationFailedException;
import io.modelfn.core.admin.ValidationReport;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.monitoring.AbComparison;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.write.AliasHistory;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.VersionRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The one mapping from core's records to the admin contract's answers. */
public final class AdminAnswers {

    private AdminAnswers() {
    }

    public static VersionInfo version(VersionRecord record, boolean withCard) {
        var v = record.version();
        JsonNode card = parse(record.cardJson());
        return new VersionInfo(v.key().name(), v.key().version(), v.state().name(), record.stateReason(), v.sha256(),
                v.sizeBytes(), v.artifact().uri(), v.artifact().versionId(),
                v.task() == null ? null : v.task().name().toLowerCase(Locale.ROOT),
                new SignatureInfo(specs(v.signature().inputs()), specs(v.signature().outputs())),
                card.path("metrics").isObject() ? card.get("metrics") : Json.MAPPER.createObjectNode(),
                text(v.createdAt()), record.createdBy(), text(record.updatedAt()), record.revision(),
                withCard ? card : null, null, null);
    }

    private static List<TensorInfo> specs(List<TensorSpec> specs) {
        List<TensorInfo> infos = new ArrayList<>();
        for (TensorSpec spec : specs) {
            List<Long> shape = new ArrayList<>();
            for (long dim : spec.shape()) {
                shape.add(dim);
            }
            infos.add(new TensorInfo(spec.name(), spec.dataType().onnxName(), shape));
        }
        return infos;
    }

    public static AliasInfo alias(AliasRecord alias) {
        return new AliasInfo(alias.model(), alias.alias(), alias.version(), alias.previousVersion(), alias.revision(),
                text(alias.updatedAt()), alias.updatedBy());
    }

    public static AliasHistoryInfo aliasHistory(String model, String alias, AliasHistory history) {
        return new AliasHistoryInfo(model, alias, history.moves().stream()
                .map(m -> new AliasMoveInfo(m.version(), m.previousVersion(), text(m.at()), m.actor(), m.reason()))
                .toList(), history.next());
    }

    public static EndpointInfo endpoint(EndpointConfig endpoint) {
        List<VariantInfo> variants = endpoint.variants().stream()
                .map(v -> new VariantInfo(v.name(), v.model().name(), v.model().version(), v.weight())).toList();
        ShadowInfo shadow = endpoint.shadow() == null ? null : new ShadowInfo(endpoint.shadow().model().name(),
                endpoint.shadow().model().version(), endpoint.shadow().sampleRate());
        var plan = endpoint.rollout();
        RolloutInfo rollout = plan == null ? null : new RolloutInfo(plan.canary().version(), plan.state().name(),
                List.copyOf(plan.steps()), plan.step(), plan.currentWeight(), plan.bake().toSeconds(), plan.minRequests(),
                plan.alias(), text(plan.stepStartedAt()), plan.reason(), plan.watch().toSeconds(),
                plan.promotion() == null ? null : plan.promotion().previousStable().version());
        var limits = endpoint.alarmLimits();
        AlarmLimitsInfo alarmLimits = limits.isEmpty() ? null : new AlarmLimitsInfo(limits.maxServerErrorRate(),
                limits.maxP99LatencyMs(), limits.minAccuracy(), limits.minFeedbackSamples(), limits.evaluationPeriods());
        return new EndpointInfo(endpoint.name(), variants, shadow, endpoint.stickySalt(), endpoint.backend(),
                endpoint.resultCache(), rollout, endpoint.revision(), text(endpoint.updatedAt()), null, alarmLimits);
    }

    public static AuditEntry event(AuditEvent event) {
        return new AuditEntry(event.id(), text(event.at()), event.subject(), event.action(), event.actor(),
                event.from() == null ? null : parse(event.from()), event.to() == null ? null : parse(event.to()),
                event.reason(), event.requestId());
    }

    public static ValidationResult report(ValidationReport report) {
        return new ValidationResult(report.passed(), report.checks().stream()
                .map(c -> new CheckResult(c.name(), c.passed(), c.detail())).toList());
    }

    /** A registration or validation that passed, with advice about where the version runs (or null). */
    public static VersionInfo registration(VersionRecord version, ValidationReport report, List<String> warnings) {
        return version(version, false).withValidation(report(report), warnings);
    }

    /** The details of a failed validation: the version as stored (FAILED) and the report. */
    public static ValidationFailure validationFailure(ValidationFailedException failed) {
        return new ValidationFailure(version(failed.version(), false), report(failed.report()));
    }

    public static UploadTicketInfo ticket(UploadTicket ticket) {
        return new UploadTicketInfo(ticket.url(), ticket.method(), ticket.headers(), ticket.location(),
                ticket.expiresAt().toString());
    }

    public static VersionComparison comparison(ModelCatalog.Comparison comparison) {
        return new VersionComparison(version(comparison.a(), false), version(comparison.b(), false),
                comparison.metrics().stream().map(m -> new MetricDelta(m.name(), m.a(), m.b(), m.delta())).toList(),
                comparison.signatureEqual(), comparison.differences());
    }

    public static ModelSummary summary(ModelCatalog.ModelSummary summary) {
        return new ModelSummary(summary.name(), summary.versions(), summary.production(), summary.aliases());
    }

    public static ModelDetails details(ModelCatalog.ModelDetails details) {
        return new ModelDetails(details.name(), details.versions().stream().map(v -> version(v, false)).toList(),
                details.aliases().stream().map(AdminAnswers::alias).toList(), details.endpoints());
    }

    public static AbComparisonResult abComparison(AbComparison comparison) {
        return new AbComparisonResult(side(comparison.a()), side(comparison.b()), comparison.z(), comparison.pValue(),
                comparison.effect(), comparison.sampleSizePerGroup(), comparison.verdict());
    }

    private static AbSide side(AbComparison.Side side) {
        List<Double> interval = side.accuracyInterval() == null ? null
                : List.of(side.accuracyInterval().low(), side.accuracyInterval().high());
        return new AbSide(side.name(), side.version().name(), side.version().version(), side.feedback(), side.accuracy(),
                interval, side.macroF1(), side.meanAbsoluteError(), side.rootMeanSquaredError(),
                side.perClass().stream().map(s -> new ClassScore(s.label(), s.precision(), s.recall(), s.f1(), s.support()))
                        .toList());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return Json.MAPPER.getNodeFactory().textNode(json);
        }
    }
}
