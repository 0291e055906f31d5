package io.modelfn.infra.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.constructs.Node;

/**
 * Reads {@link ModelfnSettings} from a JSON file. Which file: CDK context {@code config} (a path),
 * else {@code <configDir>/<stage>.json} with context {@code stage} (default {@code dev}) and
 * {@code configDir} (default {@code config}, relative to the working directory).
 */
public final class SettingsLoader {

    /** Context key: the path of the settings file; wins over {@code stage}. */
    public static final String CONFIG_CONTEXT = "config";
    /** Context key: the stage whose {@code config/<stage>.json} is read. */
    public static final String STAGE_CONTEXT = "stage";
    /** Context key: the folder of the per-stage files. */
    public static final String CONFIG_DIR_CONTEXT = "configDir";
    public static final String DEFAULT_STAGE = "dev";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private SettingsLoader() {
    }

    /** The settings file the context names. */
    public static Path settingsFile(Node context) {
        Object file = context.tryGetContext(CONFIG_CONTEXT);
        if (file != null) {
            return Path.of(file.toString());
        }
        Object stage = context.tryGetContext(STAGE_CONTEXT);
        Object dir = context.tryGetContext(CONFIG_DIR_CONTEXT);
        return Path.of(dir == null ? "config" : dir.toString())
                .resolve((stage == null ? DEFAULT_STAGE : stage.toString()) + ".json");
    }

    public static ModelfnSettings fromContext(Node context) {
        return load(settingsFile(context));
    }

    /**
     * Reads and validates one settings file; artifact paths are resolved against the file's folder.
     *
     * @throws IllegalArgumentException when the file is missing or invalid (the message names the file)
     */
    public static ModelfnSettings load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new IllegalArgumentException("modelfn settings file " + absolute + " does not exist "
                    + "(choose one with -c stage=<stage> or -c config=<path>)");
        }
        try {
            ModelfnSettings settings = MAPPER.readValue(absolute.toFile(), ModelfnSettings.class);
            return settings.withArtifactsResolvedAgainst(absolute.getParent());
        } catch (IOException e) {
            throw new IllegalArgumentException("modelfn settings file " + absolute + " is invalid: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException("modelfn settings file " + absolute + " cannot be read", e);
        }
    }
}
