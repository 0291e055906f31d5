package io.modelfn.layers.models;

import io.modelfn.core.model.InvalidModelCardException;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds the models Lambda layer: a zip with chosen versions of a model repository laid out like
 * {@code models/} ({@code <name>/<version>/model.onnx} beside its {@code model.json}), under the zip's
 * {@code models/} folder, so Lambda extracts them to {@code /opt/models/<name>/<version>/}, where the
 * function's model cache looks first ({@code modelfn.store.bundled-dir}).
 *
 * <ul>
 *   <li>Only versions whose {@code model.onnx} has the size and sha256 its card states go in: the
 *       function would pass over any other copy anyway (it checks against the registry, which is
 *       filled from the cards).</li>
 *   <li>A {@code models/layer.json} manifest lists each version with its sha256 and size.</li>
 *   <li>The zip is reproducible (sorted entries, fixed times): the same versions give the same bytes,
 *       so a deployment tool's asset hash changes only when the models do.</li>
 *   <li>Lambda unpacks at most {@value #LAMBDA_UNZIPPED_LIMIT} bytes of function and layers together:
 *       a layer that alone exceeds it is refused.</li>
 * </ul>
 *
 * <p>Run: {@code java ... ModelsLayerBuilder <models dir> <name/version,...> <output zip>}
 * (the module's build does, with {@code -Dmodels.layer.versions=...}).
 */
public final class ModelsLayerBuilder {

    /** Lambda's limit on the unzipped size of a function and all its layers. */
    static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;
    static final String LAYER_ROOT = "models/";
    static final String MANIFEST = LAYER_ROOT + "layer.json";
    private static final String MODEL_FILE = "model.onnx";
    private static final String CARD_FILE = "model.json";
    /** 1980-01-02, the earliest time every zip tool reads the same way. */
    private static final long FIXED_TIME = 315_619_200_000L;

    private final ModelCardReader cards = new ModelCardReader();

    /** One packaged version. */
    public record LayerVersion(ModelKey key, String sha256, long sizeBytes) {
    }

    /** What went into the layer. */
    public record Summary(List<LayerVersion> versions, long unzippedBytes) {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ModelsLayerBuilder <models dir> <name/version,...> <output zip>");
            System.exit(2);
        }
        List<ModelKey> versions = Arrays.stream(args[1].split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(ModelKey::parse).toList();
        Path zip = Path.of(args[2]);
        Summary summary = new ModelsLayerBuilder().build(Path.of(args[0]), versions, zip);
        for (LayerVersion version : summary.versions()) {
            System.out.printf("  /opt/models/%s/%s  %,d bytes  sha256 %s%n", version.key().name(),
                    version.key().version(), version.sizeBytes(), version.sha256());
        }
        System.out.printf("models layer %s: %d version(s), %,d bytes unzipped%n", zip, summary.versions().size(),
                summary.unzippedBytes());
    }

    /**
     * Writes the layer zip.
     *
     * @throws ModelsLayerException when no version is named, a version is missing, its file differs
     *     from its card, or the layer would exceed Lambda's unzipped size limit
     */
    public Summary build(Path models, List<ModelKey> versions, Path zip) {
        if (versions.isEmpty()) {
            throw new ModelsLayerException("no model versions named for the layer");
        }
        List<ModelKey> sorted = new ArrayList<>(new LinkedHashSet<>(versions));
        sorted.sort(Comparator.comparing(ModelKey::toString));
        List<LayerVersion> packaged = new ArrayList<>();
        long unzipped = 0;
        for (ModelKey key : sorted) {
            LayerVersion version = check(models, key);
            packaged.add(version);
            unzipped += version.sizeBytes() + size(cardOf(models, key));
        }
        if (unzipped > LAMBDA_UNZIPPED_LIMIT) {
            throw new ModelsLayerException("the layer would unpack to " + unzipped + " bytes; Lambda allows "
                    + LAMBDA_UNZIPPED_LIMIT + " for the function and all its layers together");
        }
        write(models, packaged, zip);
        return new Summary(List.copyOf(packaged), unzipped);
    }

    /** The version's file, checked against its card. */
    private LayerVersion check(Path models, ModelKey key) {
        Path folder = models.resolve(key.name()).resolve(key.version());
        Path model = folder.resolve(MODEL_FILE);
        Path card = folder.resolve(CARD_FILE);
        if (!Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(card, LinkOption.NOFOLLOW_LINKS)) {
            throw new ModelsLayerException(key + ": no " + MODEL_FILE + " and " + CARD_FILE + " in " + folder);
        }
        ModelCard parsed;
        try {
            parsed = cards.read(Files.readAllBytes(card));
        } catch (InvalidModelCardException e) {
            throw new ModelsLayerException(key + ": " + card + " is not a valid model card: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!parsed.key().equals(key)) {
            throw new ModelsLayerException(key + ": the card in " + folder + " describes " + parsed.key());
        }
        long size = size(model);
        String sha256 = sha256(model);
        if (size != parsed.artifact().sizeBytes() || !sha256.equals(parsed.artifact().sha256())) {
            throw new ModelsLayerException(key + ": " + model + " (" + size + " bytes, sha256 " + sha256
                    + ") is not the file its card describes (" + parsed.artifact().sizeBytes() + " bytes, sha256 "
                    + parsed.artifact().sha256() + ")");
        }
        return new LayerVersion(key, sha256, size);
    }

    private static void write(Path models, List<LayerVersion> versions, Path zip) {
        try {
            Path parent = zip.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path part = Files.createTempFile(parent, zip.getFileName().toString(), ".part");
            try {
                try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(part))) {
                    for (LayerVersion version : versions) {
                        Path folder = models.resolve(version.key().name()).resolve(version.key().version());
                        String prefix = LAYER_ROOT + version.key().name() + "/" + version.key().version() + "/";
                        copy(out, prefix + MODEL_FILE, folder.resolve(MODEL_FILE));
                        copy(out, prefix + CARD_FILE, folder.resolve(CARD_FILE));
                    }
                    out.putNextEntry(entry(MANIFEST));
                    out.write(manifest(versions).getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
                if (Files.getFileStore(part).supportsFileAttributeView("posix")) {
                    Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
                }
                Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new ModelsLayerException("cannot write " + zip + ": " + e.getMessage(), e);
        }
    }

    private static void copy(ZipOutputStream out, String name, Path file) throws IOException {
        out.putNextEntry(entry(name));
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(out);
        }
        out.closeEntry();
    }

    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(FIXED_TIME);
        return entry;
    }

    /** {@code {"versions":[{"name":...,"version":...,"sha256":...,"sizeBytes":...}]}}, one version a line. */
    static String manifest(List<LayerVersion> versions) {
        StringBuilder json = new StringBuilder("{\"versions\": [\n");
        for (int i = 0; i < versions.size(); i++) {
            LayerVersion v = versions.get(i);
            // Names and versions passed the card's checks (letters, digits, dashes, dots): nothing to escape.
            json.append("  {\"name\": \"").append(v.key().name()).append("\", \"version\": \"").append(v.key().version())
                    .append("\", \"sha256\": \"").append(v.sha256()).append("\", \"sizeBytes\": ").append(v.sizeBytes())
                    .append(i + 1 < versions.size() ? "},\n" : "}\n");
        }
        return json.append("]}\n").toString();
    }

    private static Path cardOf(Path models, ModelKey key) {
        return models.resolve(key.name()).resolve(key.version()).resolve(CARD_FILE);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
