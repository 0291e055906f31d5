package io.modelfn.cli;

import io.modelfn.cli.admin.AdminClient;
import io.modelfn.cli.admin.AdminJson;
import io.modelfn.cli.admin.RequestAuthenticator;
import io.modelfn.cli.admin.SigV4Authenticator;
import io.modelfn.cli.aliases.AliasesCommand;
import io.modelfn.cli.audit.AuditCommand;
import io.modelfn.cli.cleanup.CleanupCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.command.SessionSource;
import io.modelfn.cli.endpoints.EndpointsCommand;
import io.modelfn.cli.rollouts.RolloutsCommand;
import io.modelfn.cli.models.ModelsCommand;
import io.modelfn.cli.versions.VersionsCommand;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;

/**
 * {@code modelfn}: the root command. Holds the global options (accepted before or after the
 * subcommand) and turns them into the session of one invocation.
 */
@Command(name = "modelfn",
        mixinStandardHelpOptions = true,
        versionProvider = ModelfnCommand.Version.class,
        sortOptions = false,
        description = {
            "Operates a modelfn deployment through its admin API: registers, validates and promotes model"
                    + " versions, moves aliases and traffic weights, cleans up old versions and reads the audit trail.",
            "",
            "Text for people by default; --json prints the server's answer for scripts."},
        subcommands = {
            ModelsCommand.class,
            VersionsCommand.class,
            AliasesCommand.class,
            EndpointsCommand.class,
            RolloutsCommand.class,
            CleanupCommand.class,
            AuditCommand.class,
            CommandLine.HelpCommand.class})
public final class ModelfnCommand implements SessionSource {

    static final String DEFAULT_URL = "http://localhost:8080";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com$");

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL", order = 100,
            description = "Base URL of the modelfn HTTP application; an API Gateway URL may include its stage."
                    + " Default: $MODELFN_URL, else " + DEFAULT_URL + ".")
    String url;

    @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", order = 101,
            description = "Admin token, sent as 'Authorization: Bearer TOKEN'. Default: $MODELFN_ADMIN_TOKEN, or for "
                    + "localhost the token samples/run-local.sh saved in $TMPDIR/modelfn-local-admin-token.")
    String token;

    @Option(names = "--sigv4", scope = ScopeType.INHERIT, order = 102,
            description = "Sign requests with AWS SigV4 for API Gateway IAM auth (service execute-api), with the"
                    + " default AWS credentials chain (environment, profile, container, instance role).")
    boolean sigv4;

    @Option(names = "--region", scope = ScopeType.INHERIT, paramLabel = "REGION", order = 103,
            description = "AWS region for --sigv4. Default: $AWS_REGION, $AWS_DEFAULT_REGION, the region of an"
                    + " execute-api URL, the AWS profile's region.")
    String region;

    @Option(names = "--json", scope = ScopeType.INHERIT, order = 104,
            description = "Print the server's JSON answer (pretty) instead of text.")
    boolean json;

    @Option(names = "--idempotency-key", scope = ScopeType.INHERIT, paramLabel = "KEY", order = 105,
            description = "Idempotency-Key of this command's change: repeat a change that may have failed with the"
                    + " same key and it is made at most once. Default: a new UUID.")
    String idempotencyKey;

    private final CliEnvironment environment;

    public ModelfnCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    /** The CLI, wired: failure handling, exit codes in every command's help. Main and tests run this. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine cli = new CommandLine(new ModelfnCommand(environment));
        FailureHandler failures = new FailureHandler();
        cli.setExecutionExceptionHandler(failures);
        cli.setParameterExceptionHandler(failures);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        forEachCommand(cli, command -> command.getCommandSpec().usageMessage()
                .sortOptions(false)
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCode.helpList()));
        return cli;
    }

    private static void forEachCommand(CommandLine command, Consumer<CommandLine> action) {
        action.accept(command);
        command.getSubcommands().values().forEach(subcommand -> forEachCommand(subcommand, action));
    }

    @Override
    public CliSession openSession(CommandLine command) {
        URI baseUrl = baseUrl(command);
        RequestAuthenticator authenticator = authenticator(command, baseUrl);
        String key = Optional.ofNullable(idempotencyKey).orElseGet(() -> UUID.randomUUID().toString());
        if (key.isBlank()) {
            throw new ParameterException(command, "--idempotency-key must not be blank");
        }
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        var mapper = AdminJson.mapper();
        return new CliSession(http, new AdminClient(http, baseUrl, authenticator, key, mapper), mapper, json,
                command.getOut());
    }

    private URI baseUrl(CommandLine command) {
        String text = Optional.ofNullable(url).or(() -> environment.variable("MODELFN_URL")).orElse(DEFAULT_URL);
        try {
            URI uri = new URI(text.strip());
            String scheme = uri.getScheme();
            if (uri.getHost() == null || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                    || uri.getRawQuery() != null) {
                throw new ParameterException(command, "--url must be an http(s) URL without a query, not '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(command, "--url is not a URL: " + e.getMessage());
        }
    }

    private RequestAuthenticator authenticator(CommandLine command, URI baseUrl) {
        if (sigv4) {
            if (token != null) {
                throw new ParameterException(command, "--token and --sigv4 cannot be used together");
            }
            AwsCredentialsProvider credentials = environment.credentials()
                    .orElseGet(() -> DefaultCredentialsProvider.builder().build());
            return new SigV4Authenticator(credentials, signingRegion(command, baseUrl));
        }
        return Optional.ofNullable(token)
                .or(() -> environment.variable("MODELFN_ADMIN_TOKEN"))
                .or(() -> localRunnerToken(baseUrl))
                .map(RequestAuthenticator::bearer)
                .orElseGet(RequestAuthenticator::none);
    }

    /**
     * The token samples/run-local.sh saved for the local runner, for calls to localhost only: the
     * file is readable by its owner alone and never sent anywhere else.
     */
    private Optional<String> localRunnerToken(URI baseUrl) {
        String host = baseUrl.getHost();
        if (!"localhost".equals(host) && !"127.0.0.1".equals(host)) {
            return Optional.empty();
        }
        if (environment.localTokenFile().isEmpty()) {
            return Optional.empty();
        }
        java.nio.file.Path file = environment.localTokenFile().get();
        try {
            return java.nio.file.Files.isRegularFile(file)
                    ? Optional.of(java.nio.file.Files.readString(file).trim()).filter(t -> !t.isEmpty())
                    : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private String signingRegion(CommandLine command, URI baseUrl) {
        return Optional.ofNullable(region)
                .or(() -> environment.variable("AWS_REGION"))
                .or(() -> environment.variable("AWS_DEFAULT_REGION"))
                .or(() -> regionOfExecuteApiHost(baseUrl.getHost()))
                .or(ModelfnCommand::profileRegion)
                .orElseThrow(() -> new ParameterException(command,
                        "--sigv4 needs a region: give --region, set AWS_REGION, or use an execute-api URL"));
    }

    static Optional<String> regionOfExecuteApiHost(String host) {
        Matcher matcher = EXECUTE_API_HOST.matcher(host == null ? "" : host);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static Optional<String> profileRegion() {
        try {
            return Optional.ofNullable(new AwsProfileRegionProvider().getRegion()).map(Region::id);
        } catch (SdkClientException e) {
            return Optional.empty();
        }
    }

    /** The version in the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ModelfnCommand.class.getPackage().getImplementationVersion();
            return new String[] {"modelfn " + (version == null ? "(development build)" : version)};
        }
    }
}
