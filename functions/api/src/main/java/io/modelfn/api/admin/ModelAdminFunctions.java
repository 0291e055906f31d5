package io.modelfn.api.admin;

import static io.modelfn.admin.contract.AdminRequestReader.read;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.AliasHistoryInfo;
import io.modelfn.admin.contract.AliasHistoryRequest;
import io.modelfn.admin.contract.AliasInfo;
import io.modelfn.admin.contract.ArchiveRequest;
import io.modelfn.admin.contract.AuditLog;
import io.modelfn.admin.contract.AuditRequest;
import io.modelfn.admin.contract.CleanupRequest;
import io.modelfn.admin.contract.CleanupResult;
import io.modelfn.admin.contract.CompareRequest;
import io.modelfn.admin.contract.EmptyRequest;
import io.modelfn.admin.contract.ModelDetails;
import io.modelfn.admin.contract.ModelList;
import io.modelfn.admin.contract.ModelRequest;
import io.modelfn.admin.contract.PromoteRequest;
import io.modelfn.admin.contract.PromotionResult;
import io.modelfn.admin.contract.RegisterRequest;
import io.modelfn.admin.contract.RollbackAliasRequest;
import io.modelfn.admin.contract.SetAliasRequest;
import io.modelfn.admin.contract.TransitionRequest;
import io.modelfn.admin.contract.UploadTicketInfo;
import io.modelfn.admin.contract.ValidateRequest;
import io.modelfn.admin.contract.VersionComparison;
import io.modelfn.admin.contract.VersionInfo;
import io.modelfn.admin.contract.VersionRequest;
import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.admin.VersionCleanup;
import io.modelfn.core.admin.VersionLifecycle;
import io.modelfn.core.admin.VersionRegistration;
import io.modelfn.core.registry.LifecycleState;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * Admin functions for models, versions and aliases ({@code POST /admin/...}, JSON in and out). Each
 * reads its body as its contract request, makes one admin use case call and answers with the
 * contract's record; mutations honour {@code Idempotency-Key}.
 *
 * <p>Bodies arrive as JSON trees and are read with {@code AdminRequestReader}, not bound by Funqy:
 * Funqy answers a body it cannot bind with a bare 400, and an operator needs to be told which field
 * to fix.
 */
public class ModelAdminFunctions {

    @Inject
    ModelCatalog catalog;

    @Inject
    VersionRegistration registrations;

    @Inject
    VersionLifecycle lifecycle;

    @Inject
    VersionCleanup cleanups;

    @Inject
    AdminCalls calls;

    @Funq("admin/models")
    public ModelList models(JsonNode body) {
        read(body, EmptyRequest.class);
        return new ModelList(catalog.models().stream().map(AdminAnswers::summary).toList());
    }

    @Funq("admin/models/describe")
    public ModelDetails describeModel(JsonNode body) {
        return AdminAnswers.details(catalog.describeModel(read(body, ModelRequest.class).model()));
    }

    @Funq("admin/versions/describe")
    public VersionInfo describeVersion(JsonNode body) {
        VersionRequest request = read(body, VersionRequest.class);
        return AdminAnswers.version(catalog.describeVersion(request.model(), request.version()), true);
    }

    @Funq("admin/versions/compare")
    public VersionComparison compare(JsonNode body) {
        CompareRequest request = read(body, CompareRequest.class);
        return AdminAnswers.comparison(catalog.compare(request.model(), request.a(), request.b()));
    }

    @Funq("admin/uploads/prepare")
    public UploadTicketInfo prepareUpload(JsonNode body) {
        VersionRequest request = read(body, VersionRequest.class);
        return AdminAnswers.ticket(registrations.prepareUpload(request.model(), request.version()));
    }

    @Funq("admin/versions/register")
    public VersionInfo register(JsonNode body) {
        RegisterRequest request = read(body, RegisterRequest.class);
        return calls.mutate("register", body, request.reason(), VersionInfo.class, change -> {
            var registration = registrations.register(request.model(), request.version(), request.source(),
                    request.card(), request.reference(), milliseconds(request.latencyBudgetMs()), change);
            String placement = registrations.placementAdvice(registration.version().version());
            return AdminAnswers.registration(registration.version(), registration.report(),
                    placement == null ? null : List.of(placement));
        });
    }

    @Funq("admin/versions/validate")
    public VersionInfo validate(JsonNode body) {
        ValidateRequest request = read(body, ValidateRequest.class);
        return calls.mutate("validate", body, request.reason(), VersionInfo.class, change -> {
            var registration = registrations.validate(request.model(), request.version(), request.reference(),
                    milliseconds(request.latencyBudgetMs()), change);
            return AdminAnswers.registration(registration.version(), registration.report(), null);
        });
    }

    @Funq("admin/versions/promote")
    public PromotionResult promote(JsonNode body) {
        PromoteRequest request = read(body, PromoteRequest.class);
        return calls.mutate("promote", body, request.reason(), PromotionResult.class, change -> {
            var promotion = lifecycle.promote(request.model(), request.version(), request.alias(), change);
            return new PromotionResult(AdminAnswers.version(promotion.version(), false),
                    AdminAnswers.alias(promotion.alias()), promotion.demoted());
        });
    }

    @Funq("admin/versions/transition")
    public VersionInfo transition(JsonNode body) {
        TransitionRequest request = read(body, TransitionRequest.class);
        LifecycleState target;
        try {
            target = LifecycleState.valueOf(request.state().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException("'state' must be one of REGISTERED, VALIDATED, STAGING, "
                    + "PRODUCTION, ARCHIVED, FAILED");
        }
        return calls.mutate("transition", body, request.reason(), VersionInfo.class, change -> AdminAnswers.version(
                lifecycle.transition(request.model(), request.version(), target, request.reason(),
                        revision(request.revision()), change), false));
    }

    @Funq("admin/versions/archive")
    public VersionInfo archive(JsonNode body) {
        ArchiveRequest request = read(body, ArchiveRequest.class);
        return calls.mutate("archive", body, request.reason(), VersionInfo.class, change -> AdminAnswers.version(
                lifecycle.archive(request.model(), request.version(), request.reason(), change), false));
    }

    @Funq("admin/aliases/set")
    public AliasInfo setAlias(JsonNode body) {
        SetAliasRequest request = read(body, SetAliasRequest.class);
        return calls.mutate("set-alias", body, request.reason(), AliasInfo.class, change -> AdminAnswers.alias(
                lifecycle.setAlias(request.model(), request.alias(), request.version(), revision(request.revision()),
                        change)));
    }

    @Funq("admin/aliases/rollback")
    public AliasInfo rollbackAlias(JsonNode body) {
        RollbackAliasRequest request = read(body, RollbackAliasRequest.class);
        return calls.mutate("rollback-alias", body, request.reason(), AliasInfo.class, change -> AdminAnswers.alias(
                lifecycle.rollbackAlias(request.model(), request.alias(), change)));
    }

    /** {@code {"model","alias","limit"?,"after"?}}: the alias's moves, newest first; 404 for an unknown model or alias. */
    @Funq("admin/aliases/history")
    public AliasHistoryInfo aliasHistory(JsonNode body) {
        AliasHistoryRequest request = read(body, AliasHistoryRequest.class);
        return AdminAnswers.aliasHistory(request.model(), request.alias(), catalog.aliasHistory(request.model(),
                request.alias(), request.limit() == null ? 20 : request.limit(), request.after()));
    }

    @Funq("admin/cleanup")
    public CleanupResult cleanup(JsonNode body) {
        CleanupRequest request = read(body, CleanupRequest.class);
        boolean dryRun = Boolean.TRUE.equals(request.dryRun());
        int keep = request.keep() == null ? -1 : request.keep();
        return calls.mutate("cleanup", body, request.reason(), CleanupResult.class, change -> {
            VersionCleanup.Cleanup cleanup = cleanups.cleanup(request.model(), keep, dryRun, change);
            return new CleanupResult(cleanup.deleted(), cleanup.kept(), dryRun);
        });
    }

    @Funq("admin/audit")
    public AuditLog audit(JsonNode body) {
        AuditRequest request = read(body, AuditRequest.class);
        return new AuditLog(catalog.audit(request.subject(), request.limit() == null ? 50 : request.limit()).stream()
                .map(AdminAnswers::event).toList());
    }

    private static Double milliseconds(BigDecimal budget) {
        return budget == null ? null : budget.doubleValue();
    }

    /** The revision read; absent means 0 (create, or the current one where the use case allows it). */
    static long revision(Long revision) {
        return revision == null ? 0 : revision;
    }
}
