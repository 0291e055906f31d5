package io.modelfn.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of a function as Lambda lays them out: the deployment package unpacked in {@code var/task}
 * (LAMBDA_TASK_ROOT), each layer unpacked in order into {@code opt} (a later layer's file wins), and the
 * runtime's own jars (the runtime interface client and its dependencies, Lambda's {@code /var/runtime/lib}).
 */
public record LambdaLayout(Path root, Path taskRoot, Path opt, Path runtimeLib) {

    /** Unpacks {@code functionZip} and {@code layerZips} under a new folder in {@code parent}. */
    public static LambdaLayout unpack(Path parent, Path functionZip, List<Path> layerZips, Path runtimeLib) {
        try {
            Path root = Files.createTempDirectory(parent, "lambda-");
            Path task = Files.createDirectories(root.resolve("var/task"));
            Path opt = Files.createDirectories(root.resolve("opt"));
            unzip(functionZip, task);
            for (Path layer : layerZips) {
                unzip(layer, opt);
            }
            return new LambdaLayout(root, task, opt, runtimeLib);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The runtime interface client's JNI library for Linux x86_64, unpacked from its jar once, where
     * Lambda's runtime points {@code ...NativeClient.JNI} ({@code /var/runtime/lib/jni/}).
     */
    public Path runtimeJni() {
        Path jni = root.resolve("var/runtime/lib/jni/libaws-lambda-jni.linux-x86_64.so");
        if (Files.isRegularFile(jni)) {
            return jni;
        }
        try (Stream<Path> files = Files.list(runtimeLib)) {
            Path client = files.filter(f -> f.getFileName().toString().startsWith("aws-lambda-java-runtime-interface-client"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no runtime interface client in " + runtimeLib));
            try (ZipFile jar = new ZipFile(client.toFile())) {
                ZipEntry entry = jar.getEntry("jni/libaws-lambda-jni.linux-x86_64.so");
                Files.createDirectories(jni.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, jni);
                }
            }
            return jni;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The runtime's class path: every jar of {@link #runtimeLib()}, sorted. */
    public String runtimeClassPath() {
        try (Stream<Path> files = Files.list(runtimeLib)) {
            List<String> jars = new ArrayList<>(files.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).toList());
            if (jars.isEmpty()) {
                throw new IllegalStateException("no runtime jars in " + runtimeLib);
            }
            Collections.sort(jars);
            return String.join(":", jars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void unzip(Path zip, Path target) throws IOException {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " does not exist: package it first");
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IllegalStateException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
