package io.modelfn.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * What the CLI takes from the world around it, handed in so that tests can replace it: the
 * environment variables, the AWS credentials used by {@code --sigv4} (empty: the SDK's default
 * credentials chain, built only when {@code --sigv4} is given), and the file where
 * {@code samples/run-local.sh} saves the local runner's admin token (empty: none is read).
 */
public record CliEnvironment(Map<String, String> variables, Optional<AwsCredentialsProvider> credentials,
        Optional<Path> localTokenFile) {

    public CliEnvironment {
        variables = Map.copyOf(variables);
    }

    /** An environment that reads no local token file. */
    public CliEnvironment(Map<String, String> variables, Optional<AwsCredentialsProvider> credentials) {
        this(variables, credentials, Optional.empty());
    }

    /** The real process environment, the default AWS credentials chain and the local runner's token file. */
    public static CliEnvironment system() {
        Map<String, String> env = System.getenv();
        String tmp = Optional.ofNullable(env.get("TMPDIR")).filter(t -> !t.isBlank()).orElse("/tmp");
        return new CliEnvironment(env, Optional.empty(), Optional.of(Path.of(tmp, "modelfn-local-admin-token")));
    }

    /** The value of a variable, absent when unset or blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
    }
}
