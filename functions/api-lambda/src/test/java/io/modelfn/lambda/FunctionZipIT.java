package io.modelfn.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** What ships to Lambda: size, and nothing that belongs to a laptop or another platform. */
class FunctionZipIT {

    private static final Path ZIP = Path.of("target/function.zip");
    /**
     * 30 MiB as before, plus the AWS SDK's Lambda client (3.4 MB) that sends shadow copies to an asynchronous
     * invocation of the function and its Secrets Manager client (the prediction token keys): 32.8 MiB;
     * Lambda's own limit for a zip upload is 50 MB.
     */
    private static final long LIMIT = 34L * 1024 * 1024;

    @Test
    void function_zip_should_stay_within_34_mib() throws IOException {
        assertThat(Files.size(ZIP)).as("function.zip bytes").isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void function_zip_should_hold_one_jar_of_all_libraries_when_built() throws IOException {
        // Lambda's class loader probes lib/'s jars one after the other for every class: one jar, one probe.
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            List<String> jars = java.util.Collections.list(zip.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("lib/") && name.endsWith(".jar")).toList();
            assertThat(jars).containsExactly("lib/function-libraries.jar");
            try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(zip.getEntry(jars.get(0))))) {
                boolean quarkus = false;
                boolean onnxRuntime = false;
                for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                    quarkus |= inner.getName().equals("io/quarkus/runtime/Quarkus.class");
                    onnxRuntime |= inner.getName().equals("ai/onnxruntime/OrtSession.class");
                }
                assertThat(quarkus).as("Quarkus merged in").isTrue();
                assertThat(onnxRuntime).as("ONNX Runtime's Java API merged in").isTrue();
            }
        }
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
                if (name.endsWith(".jar")) { // lib/ holds one jar of every library (FunctionZipLibraries)
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

    @Test
    void function_zip_should_carry_nothing_of_the_local_runner() throws IOException {
        // GIVEN every entry of function.zip, and of every jar in it
        List<String> names = listing();
        assertThat(names).as("the listing reaches into the application's jars")
                .anyMatch(name -> name.endsWith("io/modelfn/api/admin/AdminBeans.class"));

        // WHEN searched for the local runner's pieces and its emulators
        List<String> local = names.stream().filter(FunctionZipIT::isLocalRunnerPiece).toList();

        // THEN there are none: no class of io.modelfn.local, no local artifact storage or upload route,
        // no DynamoDB Local, S3Proxy or their natives, no modelfn-local jar
        assertThat(local).isEmpty();
    }

    private static boolean isLocalRunnerPiece(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return name.contains("io/modelfn/local/")
                || name.contains("LocalArtifactStorage")
                || name.contains("LocalUploadResource")
                || lower.contains("modelfn-local")
                || lower.contains("dynamodblocal")
                || lower.contains("dynamodbv2/local")
                || lower.contains("s3proxy")
                || lower.contains("org/gaul/")
                || lower.contains("sqlite4java");
    }

    /** Every entry name; for a jar inside, {@code jar!entry} for each of its entries too. */
    private static List<String> listing() throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                names.add(entry.getName());
                if (entry.getName().endsWith(".jar")) {
                    try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                            names.add(entry.getName() + "!" + inner.getName());
                        }
                    }
                }
            }
        }
        return names;
    }
}
