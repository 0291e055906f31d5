package io.modelfn.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** What ships to Lambda: size, and nothing that belongs to a laptop or another platform. */
class FunctionZipIT {

    private static final Path ZIP = Path.of("target/function.zip");
    private static final long LIMIT = 30L * 1024 * 1024;

    @Test
    void function_zip_should_stay_within_30_mb() throws IOException {
        assertThat(Files.size(ZIP)).as("function.zip bytes").isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void function_zip_should_carry_no_native_libraries_nor_local_emulators() throws IOException {
        List<String> offending = new ArrayList<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.contains("DynamoDBLocal") || name.contains("s3proxy") || name.contains("sqlite4java")) {
                    offending.add(name);
                }
                if (name.endsWith(".jar") && name.contains("onnxruntime-")) {
                    try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                            if (inner.getName().startsWith("ai/onnxruntime/native/") && !inner.isDirectory()) {
                                offending.add(name + "!" + inner.getName());
                            }
                        }
                    }
                }
            }
        }
        assertThat(offending).isEmpty();
    }
}
