package io.modelfn.api.admin;

import static io.modelfn.api.admin.AdminRequests.body;
import static io.modelfn.api.admin.AdminRequests.integer;
import static io.modelfn.api.admin.AdminRequests.optionalNumber;
import static io.modelfn.api.admin.AdminRequests.optionalText;
import static io.modelfn.api.admin.AdminRequests.revision;
import static io.modelfn.api.admin.AdminRequests.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.core.admin.ModelCatalog;
import io.modelfn.core.admin.VersionCleanup;
import io.modelfn.core.admin.VersionLifecycle;
import io.modelfn.core.admin.VersionRegistration;
import io.modelfn.core.admin.InvalidAdminRequestException;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.LifecycleState;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.Locale;

/**
 * Admin functions for models, versions and aliases ({@code POST /admin/...}, JSON in and out). Each
 * maps its body to one admin use case call; mutations honour {@code Idempotency-Key}.
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
    public JsonNode models(JsonNode request) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode models = response.putArray("models");
        for (ModelCatalog.ModelSummary m : catalog.models()) {
            ObjectNode model = models.addObject();
            model.put("name", m.name());
            model.put("versions", m.versions());
            model.put("production", m.production());
            ObjectNode aliases = model.putObject("aliases");
            m.aliases().forEach(aliases::put);
        }
        return response;
    }

    @Funq("admin/models/describe")
    public JsonNode describeModel(JsonNode request) {
        ModelCatalog.ModelDetails details = catalog.describeModel(text(request, "model"));
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.put("name", details.name());
        ArrayNode versions = response.putArray("versions");
        details.versions().forEach(v -> versions.add(AdminJson.version(v, false)));
        ArrayNode aliases = response.putArray("aliases");
        details.aliases().forEach(a -> aliases.add(AdminJson.alias(a)));
        ArrayNode endpoints = response.putArray("endpoints");
        details.endpoints().forEach(endpoints::add);
        return response;
    }

    @Funq("admin/versions/describe")
    public JsonNode describeVersion(JsonNode request) {
        return AdminJson.version(catalog.describeVersion(text(request, "model"), text(request, "version")), true);
    }

    @Funq("admin/versions/compare")
    public JsonNode compare(JsonNode request) {
        return AdminJson.comparison(catalog.compare(text(request, "model"), text(request, "a"), text(request, "b")));
    }

    @Funq("admin/uploads/prepare")
    public JsonNode prepareUpload(JsonNode request) {
        return AdminJson.ticket(registrations.prepareUpload(text(request, "model"), text(request, "version")));
    }

    @Funq("admin/versions/register")
    public JsonNode register(JsonNode request) {
        return calls.mutate("register", request, change -> {
            var registration = registrations.register(text(request, "model"), text(request, "version"),
                    text(request, "source"), body(request).get("card"), body(request).get("reference"),
                    optionalNumber(request, "latencyBudgetMs"), change);
            ObjectNode node = AdminJson.registration(registration.version(), registration.report());
            String placement = registrations.placementAdvice(registration.version().version());
            if (placement != null) {
                node.putArray("warnings").add(placement);
            }
            return node;
        });
    }

    @Funq("admin/versions/validate")
    public JsonNode validate(JsonNode request) {
        return calls.mutate("validate", request, change -> {
            var registration = registrations.validate(text(request, "model"), text(request, "version"),
                    body(request).get("reference"), optionalNumber(request, "latencyBudgetMs"), change);
            return AdminJson.registration(registration.version(), registration.report());
        });
    }

    @Funq("admin/versions/promote")
    public JsonNode promote(JsonNode request) {
        return calls.mutate("promote", request, change -> {
            var promotion = lifecycle.promote(text(request, "model"), text(request, "version"),
                    optionalText(request, "alias"), change);
            ObjectNode response = Json.MAPPER.createObjectNode();
            response.set("version", AdminJson.version(promotion.version(), false));
            response.set("alias", AdminJson.alias(promotion.alias()));
            response.put("demoted", promotion.demoted());
            return response;
        });
    }

    @Funq("admin/versions/transition")
    public JsonNode transition(JsonNode request) {
        String state = text(request, "state").toUpperCase(Locale.ROOT);
        LifecycleState target;
        try {
            target = LifecycleState.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException("'state' must be one of REGISTERED, VALIDATED, STAGING, "
                    + "PRODUCTION, ARCHIVED, FAILED");
        }
        return calls.mutate("transition", request, change -> AdminJson.version(lifecycle.transition(
                text(request, "model"), text(request, "version"), target, optionalText(request, "reason"),
                revision(request), change), false));
    }

    @Funq("admin/versions/archive")
    public JsonNode archive(JsonNode request) {
        return calls.mutate("archive", request, change -> AdminJson.version(lifecycle.archive(text(request, "model"),
                text(request, "version"), optionalText(request, "reason"), change), false));
    }

    @Funq("admin/aliases/set")
    public JsonNode setAlias(JsonNode request) {
        return calls.mutate("set-alias", request, change -> AdminJson.alias(lifecycle.setAlias(text(request, "model"),
                text(request, "alias"), text(request, "version"), revision(request), change)));
    }

    @Funq("admin/aliases/rollback")
    public JsonNode rollbackAlias(JsonNode request) {
        return calls.mutate("rollback-alias", request, change -> AdminJson.alias(lifecycle.rollbackAlias(
                text(request, "model"), text(request, "alias"), change)));
    }

    @Funq("admin/cleanup")
    public JsonNode cleanup(JsonNode request) {
        boolean dryRun = body(request).path("dryRun").asBoolean(false);
        int keep = integer(body(request), "keep", -1);
        return calls.mutate("cleanup", request, change -> {
            VersionCleanup.Cleanup cleanup = cleanups.cleanup(text(request, "model"), keep, dryRun, change);
            ObjectNode response = Json.MAPPER.createObjectNode();
            ArrayNode deleted = response.putArray("deleted");
            cleanup.deleted().forEach(deleted::add);
            ArrayNode kept = response.putArray("kept");
            cleanup.kept().forEach(kept::add);
            response.put("dryRun", dryRun);
            return response;
        });
    }

    @Funq("admin/audit")
    public JsonNode audit(JsonNode request) {
        ObjectNode response = Json.MAPPER.createObjectNode();
        ArrayNode events = response.putArray("events");
        catalog.audit(text(request, "subject"), integer(body(request), "limit", 50))
                .forEach(e -> events.add(AdminJson.event(e)));
        return response;
    }
}
