package io.modelfn.core.admin;

import static io.modelfn.core.admin.AdminNames.abbreviate;
import static io.modelfn.core.admin.AdminNames.key;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.protocol.Json;
import io.modelfn.core.registry.EndpointConfig;
import io.modelfn.core.registry.EndpointNotFoundException;
import io.modelfn.core.registry.LifecycleState;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.AliasHistory;
import io.modelfn.core.registry.write.AliasRecord;
import io.modelfn.core.registry.write.AuditEvent;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What operators read: the models and where they stand, versions, endpoints, the audit trail, and
 * two versions side by side. Changes nothing. Thread-safe.
 */
public final class ModelCatalog {

    private final ModelRegistry registry;
    private final VersionUsage usage;
    private final ModelCardReader cards = new ModelCardReader(Json.MAPPER);

    public ModelCatalog(ModelRegistry registry) {
        this.registry = registry;
        this.usage = new VersionUsage(registry);
    }

    /** A model and where it stands. */
    public record ModelSummary(String name, int versions, String production, Map<String, String> aliases) {
    }

    /** A model with its versions, aliases and the endpoints that use it. */
    public record ModelDetails(String name, List<VersionRecord> versions, List<AliasRecord> aliases, List<String> endpoints) {
    }

    /** Two versions side by side. */
    public record Comparison(VersionRecord a, VersionRecord b, List<MetricDelta> metrics, boolean signatureEqual,
            List<String> differences) {
    }

    /** One metric of two versions; a or b is null when only one version has it. */
    public record MetricDelta(String name, Double a, Double b, Double delta) {
    }

    public List<ModelSummary> models() {
        List<ModelSummary> summaries = new ArrayList<>();
        for (String name : registry.models()) {
            List<VersionRecord> versions = registry.versions(name);
            Map<String, String> aliases = new LinkedHashMap<>();
            registry.aliases(name).forEach(a -> aliases.put(a.alias(), a.version()));
            String production = versions.stream().filter(v -> v.version().state() == LifecycleState.PRODUCTION)
                    .map(v -> v.version().key().version()).findFirst().orElse(null);
            summaries.add(new ModelSummary(name, versions.size(), production, aliases));
        }
        return summaries;
    }

    public ModelDetails describeModel(String model) {
        List<VersionRecord> versions = registry.versions(model);
        if (versions.isEmpty()) {
            throw new VersionNotFoundException("model '" + abbreviate(model) + "' is not registered");
        }
        List<String> endpoints = registry.endpoints().stream()
                .filter(e -> VersionUsage.referencedModels(e).contains(model)).map(EndpointConfig::name).toList();
        return new ModelDetails(model, versions, registry.aliases(model), endpoints);
    }

    public VersionRecord describeVersion(String model, String version) {
        return usage.existing(key(model, version));
    }

    public List<EndpointConfig> endpoints() {
        return registry.endpoints();
    }

    public EndpointConfig describeEndpoint(String name) {
        return registry.endpoint(name).orElseThrow(() -> new EndpointNotFoundException(abbreviate(name)));
    }

    public List<AuditEvent> audit(String subject, int limit) {
        if (subject == null || !(subject.startsWith("endpoint:") || subject.startsWith("model:"))) {
            throw new InvalidAdminRequestException("subject must be endpoint:<name> or model:<name>");
        }
        return registry.audit(subject, Math.max(1, Math.min(limit <= 0 ? 50 : limit, 500)));
    }

    /**
     * Where an alias pointed, newest move first, {@code limit} (1 to 100, default 20) a page.
     *
     * @param after the previous page's {@link AliasHistory#next()}, or null
     * @throws VersionNotFoundException when the model has no such alias
     * @throws InvalidAdminRequestException when the cursor is not one a page gave
     */
    public AliasHistory aliasHistory(String model, String alias, int limit, String after) {
        if (registry.alias(model, alias).isEmpty()) {
            throw new VersionNotFoundException("model '" + abbreviate(model) + "' has no alias '" + abbreviate(alias) + "'");
        }
        try {
            return registry.aliasHistory(model, alias, Math.max(1, Math.min(limit <= 0 ? 20 : limit, 100)), after);
        } catch (IllegalArgumentException e) {
            throw new InvalidAdminRequestException(e.getMessage());
        }
    }

    public Comparison compare(String model, String a, String b) {
        VersionRecord first = usage.existing(key(model, a));
        VersionRecord second = usage.existing(key(model, b));
        ModelCard cardA = cards.read(first.cardJson().getBytes(StandardCharsets.UTF_8));
        ModelCard cardB = cards.read(second.cardJson().getBytes(StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>(cardA.metrics().keySet());
        names.addAll(cardB.metrics().keySet());
        List<MetricDelta> metrics = new ArrayList<>();
        for (String name : names) {
            Double va = cardA.metrics().get(name);
            Double vb = cardB.metrics().get(name);
            metrics.add(new MetricDelta(name, va, vb, va != null && vb != null ? round(vb - va) : null));
        }
        List<String> differences = new ArrayList<>();
        boolean signatureEqual = cardA.signature().equals(cardB.signature());
        if (!signatureEqual) {
            differences.add("signature");
        }
        if (cardA.task() != cardB.task()) {
            differences.add("task");
        }
        if (!cardA.labels().equals(cardB.labels())) {
            differences.add("labels");
        }
        for (String field : List.of("training", "lineage", "quantization", "description")) {
            if (!cardA.document().path(field).equals(cardB.document().path(field))) {
                differences.add(field);
            }
        }
        if (!first.version().sha256().equals(second.version().sha256())) {
            differences.add("artifact");
        }
        return new Comparison(first, second, metrics, signatureEqual, differences);
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
