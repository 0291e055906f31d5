package io.modelfn.infra.support;

import io.modelfn.infra.config.ModelfnSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small placeholder zips standing in for the built function and layer zips, so these tests never
 * depend on the other modules having been packaged. Byte-for-byte the same every time (fixed entry
 * times), so asset hashes are stable.
 */
public final class TestArtifacts {

    private static Path folder;

    private TestArtifacts() {
    }

    public static synchronized ModelfnSettings.Artifacts artifacts() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("modelfn-infra-artifacts");
                zip(folder.resolve("function.zip"), "bootstrap.txt", "placeholder for functions/api-lambda/target/function.zip");
                zip(folder.resolve("rollout.zip"), "bootstrap.txt", "placeholder for functions/rollout/target/function.zip");
                zip(folder.resolve("onnxruntime-layer.zip"), "onnxruntime/lib/README", "placeholder for the ONNX Runtime layer");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ModelfnSettings.Artifacts(folder.resolve("function.zip"), folder.resolve("rollout.zip"),
                folder.resolve("onnxruntime-layer.zip"));
    }

    private static void zip(Path file, String entryName, String content) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipEntry entry = new ZipEntry(entryName);
            entry.setLastModifiedTime(FileTime.fromMillis(0));
            zip.putNextEntry(entry);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }
}
