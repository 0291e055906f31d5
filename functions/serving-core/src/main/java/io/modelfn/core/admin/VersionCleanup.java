package io.modelfn.core.admin;

import static io.modelfn.core.admin.AdminNames.abbreviate;

import io.modelfn.core.control.InvalidAdminRequestException;
import io.modelfn.core.model.SemanticVersion;
import io.modelfn.core.registry.VersionNotFoundException;
import io.modelfn.core.registry.write.Change;
import io.modelfn.core.registry.write.ModelRegistry;
import io.modelfn.core.registry.write.VersionRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Deletes old versions of a model and their artifacts, never one in use. Thread-safe. */
public final class VersionCleanup {

    private final ModelRegistry registry;
    private final ArtifactStorage storage;
    private final VersionUsage usage;

    public VersionCleanup(ModelRegistry registry, ArtifactStorage storage) {
        this.registry = registry;
        this.storage = storage;
        this.usage = new VersionUsage(registry);
    }

    /** What a clean-up deleted (or would delete, on a dry run) and kept. */
    public record Cleanup(List<String> deleted, List<String> kept) {
    }

    /**
     * Deletes all but the newest {@code keep} versions of a model, never one an alias (current or
     * previous) or an endpoint (variant or shadow) uses; their artifacts are deleted too.
     */
    public Cleanup cleanup(String model, int keep, boolean dryRun, Change change) {
        if (keep < 1) {
            throw new InvalidAdminRequestException("'keep' must be at least 1");
        }
        List<VersionRecord> versions = new ArrayList<>(registry.versions(model));
        if (versions.isEmpty()) {
            throw new VersionNotFoundException("model '" + abbreviate(model) + "' is not registered");
        }
        versions.sort(Comparator.comparing((VersionRecord v) -> SemanticVersion.parse(v.version().key().version())).reversed());
        Set<String> inUse = usage.versionsInUse(model);
        List<VersionRecord> doomed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        Set<String> keptArtifacts = new LinkedHashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            VersionRecord v = versions.get(i);
            String version = v.version().key().version();
            if (i < keep || inUse.contains(version)) {
                kept.add(version);
                keptArtifacts.add(v.version().artifact().uri());
            } else {
                doomed.add(v);
            }
        }
        List<String> deleted = new ArrayList<>();
        for (VersionRecord v : doomed) {
            if (!dryRun) {
                registry.deleteVersion(v.version().key(), v.revision(), change);
                // Two versions may share one object (registered from the same source): keep it while one remains.
                if (!keptArtifacts.contains(v.version().artifact().uri())) {
                    storage.delete(v.version().artifact());
                }
            }
            deleted.add(v.version().key().version());
        }
        return new Cleanup(deleted, kept);
    }
}
