package io.modelfn.cli.versions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfn.admin.contract.RegisterRequest;
import io.modelfn.admin.contract.UploadTicketInfo;
import io.modelfn.admin.contract.VersionRequest;
import io.modelfn.cli.admin.AdminApiException;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.admin.UploadTarget;
import io.modelfn.cli.command.AdminCommand;
import io.modelfn.cli.command.CliSession;
import io.modelfn.cli.output.Values;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code modelfn versions register}: asks for an upload URL, sends the model file there, then
 * registers the version with its card, which the server validates.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {
            "Registers a new version: uploads the ONNX file (uploads/prepare, then the file to the URL it gives)"
                    + " and registers it with its card; the server validates it (digest, signature, reference"
                    + " outputs, latency) and answers VALIDATED or FAILED.",
            "With --source, registers an object already in the model bucket instead of uploading.",
            "The card and reference outputs default to model.json and reference.json beside --file, when present."},
        footerHeading = "%nExamples:%n",
        footer = {
            "  modelfn versions register iris 1.2.0 --file models/iris/1.2.0/model.onnx",
            "  modelfn versions register iris 1.2.0 --card model.json \\",
            "      --source s3://models-bucket/models/iris/1.2.0/model.onnx"})
final class RegisterVersionCommand extends AdminCommand {

    static final String DEFAULT_CARD = "model.json";
    static final String DEFAULT_REFERENCE = "reference.json";

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model's name.")
    String model;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The new version, e.g. 1.2.0.")
    String version;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Artifact artifact;

    /** Where the model comes from: a local file to upload, or an object already in the bucket. */
    static final class Artifact {
        @Option(names = "--file", paramLabel = "FILE", required = true, description = "The ONNX file to upload.")
        Path file;

        @Option(names = "--source", paramLabel = "S3_URI", required = true,
                description = "An object already in the model bucket (s3://..., optionally ?versionId=<id>), registered "
                        + "without upload.")
        String source;
    }

    @Option(names = "--card", paramLabel = "FILE",
            description = "The model card (JSON). Default: " + DEFAULT_CARD + " beside --file; required with --source.")
    Path card;

    @Option(names = "--reference", paramLabel = "FILE",
            description = "Reference inputs and outputs (JSON) to check the model against. Default: "
                    + DEFAULT_REFERENCE + " beside --file, when present.")
    Path reference;

    @Option(names = "--latency-budget-ms", paramLabel = "MS",
            description = "Fail validation when inference takes longer than this.")
    Integer latencyBudgetMs;

    @Override
    protected void run(CliSession session) {
        // Everything local is checked before anything is sent.
        Path file = artifact.file == null ? null : checkedFile();
        String givenSource = artifact.source == null ? null : checkedSource(artifact.source);
        ObjectNode cardJson = readJsonObject(session, cardFile(), "card");
        Optional<ObjectNode> referenceJson = referenceFile().map(json -> readJsonObject(session, json, "reference"));
        if (latencyBudgetMs != null && latencyBudgetMs <= 0) {
            throw usageError("--latency-budget-ms must be positive");
        }
        String source = givenSource != null ? givenSource : upload(session, file);

        RegisterRequest request = new RegisterRequest(model, version, source, cardJson, referenceJson.orElse(null),
                latencyBudgetMs == null ? null : BigDecimal.valueOf(latencyBudgetMs), null);
        JsonNode answer;
        try {
            answer = session.call(AdminFunction.VERSIONS_REGISTER, request);
        } catch (AdminApiException failure) {
            answer = VersionText.failedValidation(failure);
        }
        VersionText.report(session, answer);
    }

    private String upload(CliSession session, Path file) {
        UploadTicketInfo prepared = session.read(session.call(AdminFunction.UPLOADS_PREPARE,
                new VersionRequest(model, version)), UploadTicketInfo.class);
        UploadTarget target = UploadTarget.fromPrepareAnswer(prepared, session.admin().baseUrl());
        session.uploader().upload(target, file);
        if (!session.json()) {
            session.out().println("uploaded " + file.getFileName() + " (" + sizeOf(file) + ") to "
                    + target.location());
        }
        return target.location();
    }

    private static String sizeOf(Path file) {
        try {
            return Values.bytes(Files.size(file));
        } catch (IOException e) {
            return Values.NONE;
        }
    }

    private Path checkedFile() {
        if (!Files.isRegularFile(artifact.file)) {
            throw usageError("--file " + artifact.file + " is not a file");
        }
        return artifact.file;
    }

    private String checkedSource(String source) {
        if (!source.startsWith("s3://") || source.length() <= "s3://".length()) {
            throw usageError("--source must be an s3:// URI of an object in the model bucket, not '" + source
                    + "' (use --file for a local file)");
        }
        return source;
    }

    private Path cardFile() {
        if (card != null) {
            return card;
        }
        if (artifact.file == null) {
            throw usageError("--card is required with --source");
        }
        Path beside = sibling(artifact.file, DEFAULT_CARD);
        if (!Files.isRegularFile(beside)) {
            throw usageError("no --card given and no " + DEFAULT_CARD + " beside " + artifact.file);
        }
        return beside;
    }

    private Optional<Path> referenceFile() {
        if (reference != null) {
            return Optional.of(reference);
        }
        return Optional.ofNullable(artifact.file)
                .map(file -> sibling(file, DEFAULT_REFERENCE))
                .filter(Files::isRegularFile);
    }

    private static Path sibling(Path file, String name) {
        Path folder = file.toAbsolutePath().getParent();
        return folder == null ? Path.of(name) : folder.resolve(name);
    }
}
