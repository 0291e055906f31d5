package io.modelfn.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The local stand-in for the model bucket: a folder holding {@code <name>/<version>/model.onnx},
 * filled from the model repository at start-up (unchanged files are not copied again).
 */
final class LocalBucket {

    private LocalBucket() {
    }

    static void fill(Path models, Path bucket) {
        try (Stream<Path> files = Files.walk(models, 3)) {
            for (Path source : (Iterable<Path>) files.filter(p -> p.getFileName().toString().equals("model.onnx"))::iterator) {
                Path relative = models.relativize(source);
                if (relative.getNameCount() != 3 || Files.isSymbolicLink(source)) {
                    continue;
                }
                Path target = bucket.resolve(relative);
                if (Files.isRegularFile(target) && Files.size(target) == Files.size(source)
                        && Files.getLastModifiedTime(target).compareTo(Files.getLastModifiedTime(source)) >= 0) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fill the local model bucket " + bucket, e);
        }
    }
}
