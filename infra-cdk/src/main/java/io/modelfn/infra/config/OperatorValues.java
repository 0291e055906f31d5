package io.modelfn.infra.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Values a settings file leaves to the operator, written {@code ${name}} in the file (for example
 * {@code "issuer": "${jwtIssuer}"}), so that no committed file needs an invented account, issuer or
 * image to be valid. A value comes from the CDK context {@code name} ({@code -c jwtIssuer=...}, or
 * {@code jwtIssuer=...} to {@code ModelfnApp}), else from the environment variable
 * {@code MODELFN_<NAME>} in upper snake case ({@code MODELFN_JWT_ISSUER}).
 *
 * <p>Immutable; the lookups it is given must be side-effect free.
 */
public final class OperatorValues {

    /** A value and where it came from, for messages. */
    public record Supplied(String value, String source) {
    }

    private final Function<String, Object> context;
    private final Map<String, String> environment;

    private OperatorValues(Function<String, Object> context, Map<String, String> environment) {
        this.context = context;
        this.environment = Map.copyOf(environment);
    }

    /** Values from a CDK context lookup (e.g. {@code node::tryGetContext}), then from {@code environment}. */
    public static OperatorValues of(Function<String, Object> context, Map<String, String> environment) {
        return new OperatorValues(context, environment);
    }

    /** Values given as context only (tests, and callers that collected them themselves). */
    public static OperatorValues of(Map<String, String> context) {
        return new OperatorValues(context::get, Map.of());
    }

    /** No operator values: every {@code ${name}} in a file is then an error. */
    public static OperatorValues none() {
        return of(Map.of());
    }

    /** The environment variable that supplies {@code name}: {@code jwtIssuer} is {@code MODELFN_JWT_ISSUER}. */
    public static String environmentVariable(String name) {
        return "MODELFN_" + name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    /** The value of {@code name}, context first; absent when neither gives a non-blank one. */
    public Optional<Supplied> value(String name) {
        Object fromContext = context.apply(name);
        if (fromContext != null && !fromContext.toString().isBlank()) {
            return Optional.of(new Supplied(fromContext.toString(), "CDK context '" + name + "'"));
        }
        String variable = environmentVariable(name);
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(new Supplied(fromEnvironment, "environment variable " + variable));
        }
        return Optional.empty();
    }
}
