package io.modelfn.cli.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.modelfn.admin.contract.EndpointInfo;
import io.modelfn.admin.contract.EndpointRequest;
import io.modelfn.admin.contract.PutEndpointRequest;
import io.modelfn.admin.contract.ShadowSpec;
import io.modelfn.cli.admin.AdminApiException;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelfn endpoints put <endpoint> --variant stable=iris/1.0.0:9000 ...}. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {
            "Creates an endpoint or replaces its definition: variants (model version and weight each), optional"
                    + " shadow, sticky-routing salt and backend. Weights add up to 10000 basis points (100%%).",
            "Without --revision, the endpoint's current revision is read first (0, creating it, when it does not"
                    + " exist); give --revision to make the change only if nobody changed it since (else exit code 4)."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelfn endpoints put iris --variant stable=iris/1.0.0:9000 \\",
            "      --variant canary=iris/1.1.0:1000",
            "  modelfn endpoints put digits --variant main=digits/1.0.0 \\",
            "      --shadow digits/1.1.0:5%% --revision 0"})
final class PutEndpointCommand extends AdminCommand {

    @Parameters(index = "0", paramLabel = "ENDPOINT", description = "The endpoint's name.")
    String endpoint;

    @Option(names = "--variant", required = true, paramLabel = "NAME=MODEL/VERSION[:WEIGHT]",
            description = "A variant, repeated for each; WEIGHT in basis points (9000) or percent (90%%),"
                    + " optional for a single variant.")
    List<String> variants;

    @Option(names = "--shadow", paramLabel = "MODEL/VERSION:RATE",
            description = "Also send a share of requests to this version, answers discarded; RATE is 0.1 or 10%%.")
    String shadow;

    @Option(names = "--sticky-salt", paramLabel = "SALT",
            description = "Salt of the hash that keeps a routing key on one variant; change it to reshuffle.")
    String stickySalt;

    @Option(names = "--backend", paramLabel = "BACKEND",
            description = "Where the endpoint's models run: lambda (default), sagemaker:ENDPOINT or http:URL. "
                    + "An update without it keeps the current backend.")
    String backend;

    @Option(names = "--result-cache", negatable = true,
            description = "Keep answers and repeat them for identical inputs to the same version (deterministic models). "
                    + "An update without it keeps the current setting.")
    Boolean resultCache;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the audit trail.")
    String reason;

    @Option(names = "--revision", paramLabel = "N",
            description = "The endpoint's current revision, 0 to create it. Default: read from the server.")
    Long revision;

    @Override
    protected void run(CliSession session) {
        List<VariantSpec> parsed;
        Optional<VariantSpec.Shadow> shadowSpec;
        try {
            parsed = VariantSpec.parseAll(variants);
            shadowSpec = VariantSpec.Shadow.parse(shadow);
        } catch (InvalidWeightsException e) {
            throw usageError(e.getMessage());
        }
        long current = revision != null ? revision : currentRevision(session);

        PutEndpointRequest request = new PutEndpointRequest(endpoint, parsed.stream()
                .map(v -> new io.modelfn.admin.contract.VariantSpec(v.name(), v.model(), v.version(), v.weight()))
                .toList(), shadowSpec.map(s -> new ShadowSpec(s.model(), s.version(), s.basisPoints())).orElse(null),
                stickySalt, backend, resultCache, current, reason);
        JsonNode answer = session.call(AdminFunction.ENDPOINTS_PUT, request);
        if (session.json()) {
            session.printJson(answer);
        } else {
            EndpointText.printDetails(session.out(), session.read(answer, EndpointInfo.class));
        }
    }

    /** The endpoint's revision; 0 when it does not exist yet. */
    private long currentRevision(CliSession session) {
        try {
            return session.read(session.call(AdminFunction.ENDPOINTS_DESCRIBE, new EndpointRequest(endpoint)),
                    EndpointInfo.class).revision();
        } catch (AdminApiException e) {
            if (e.status() == 404) {
                return 0;
            }
            throw e;
        }
    }
}
