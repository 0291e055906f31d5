package io.modelfn.core.testkit;

import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelCardReader;
import io.modelfn.core.model.ModelKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sample model repository ({@code models/<name>/<version>/}) as tests see it: where it is, which
 * versions it holds, their cards and reference vectors.
 */
public final class SampleModels {

    private static final ModelCardReader CARDS = new ModelCardReader();

    private SampleModels() {
    }

    /** The repository's {@code models/} folder: the build passes it in; else found above the working dir. */
    public static Path root() {
        String configured = System.getProperty("sample.models.dir");
        if (configured != null && Files.isDirectory(Paths.get(configured))) {
            return Paths.get(configured).toAbsolutePath().normalize();
        }
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("models/model-card.schema.json"))) {
                return dir.resolve("models");
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("models/ not found; set -Dsample.models.dir");
    }

    /** Every {@code <name>/<version>} folder that holds a {@code model.json}, sorted. */
    public static List<ModelKey> versions() {
        List<ModelKey> keys = new ArrayList<>();
        try (Stream<Path> cards = Files.walk(root(), 3)) {
            cards.filter(p -> p.getFileName().toString().equals("model.json"))
                    .map(p -> root().relativize(p.getParent()))
                    .filter(rel -> rel.getNameCount() == 2)
                    .forEach(rel -> keys.add(new ModelKey(rel.getName(0).toString(), rel.getName(1).toString())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        keys.sort(Comparator.comparing(ModelKey::toString));
        return keys;
    }

    public static Path folder(ModelKey key) {
        return root().resolve(key.name()).resolve(key.version());
    }

    public static Path modelFile(ModelKey key) {
        return folder(key).resolve("model.onnx");
    }

    public static ModelCard card(ModelKey key) {
        try {
            return CARDS.read(Files.readAllBytes(folder(key).resolve("model.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ReferenceVectors reference(ModelKey key) {
        return ReferenceVectors.read(folder(key).resolve("reference.json"));
    }
}
