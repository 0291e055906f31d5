package io.modelfn.api.reliability;

import io.modelfn.api.testing.RegistryTestResource;
import java.util.List;

/** Every admin function (as the admin API tests list them) and the registry table's size, for the security tests. */
final class AdminRoutes {

    static final List<String> FUNCTIONS = List.of("models", "models/describe", "versions/describe", "versions/compare",
            "uploads/prepare", "versions/register", "versions/validate", "versions/promote", "versions/transition",
            "versions/archive", "aliases/set", "aliases/rollback", "aliases/history", "cleanup", "audit", "endpoints",
            "endpoints/describe", "endpoints/put", "endpoints/weights", "endpoints/alarm-limits", "rollouts/start",
            "rollouts/pause", "rollouts/resume", "rollouts/abort");

    /** A body every function could act on: it names a real model, version and endpoint. */
    static final String BODY = "{\"model\":\"iris\",\"version\":\"1.1.0\",\"endpoint\":\"iris\",\"weights\":{\"stable\":10000},"
            + "\"variants\":[{\"name\":\"stable\",\"model\":\"iris\",\"version\":\"1.0.0\",\"weight\":10000}],"
            + "\"state\":\"ARCHIVED\",\"alias\":\"production\",\"steps\":[50,100]}";

    private AdminRoutes() {
    }

    static int tableItems() {
        return RegistryTestResource.client().scan(b -> b.tableName(RegistryTestResource.TABLE).select("COUNT")).count();
    }
}
