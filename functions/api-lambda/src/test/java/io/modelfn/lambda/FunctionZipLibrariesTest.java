package io.modelfn.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.annotations.SdkPublicApi;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.utils.ImmutableMap;

/**
 * The build step that merges function.zip's lib/ jars into one (src/build/java/FunctionZipLibraries.java, run
 * as the build runs it): what Lambda's class loader would have found stays what it finds, and the AWS SDK's
 * service metadata is made on first use with the same answers.
 */
class FunctionZipLibrariesTest {

    private static final String MERGED = "lib/function-libraries.jar";

    @TempDir
    Path dir;

    @Test
    void rewrite_should_keep_the_first_jar_entry_every_service_provider_and_multi_release_when_jars_are_merged() throws Exception {
        // GIVEN a package whose jars (listed out of order) share a class name and a service file, one of them
        // multi-release and one signed
        Path zip = dir.resolve("function.zip");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("application.properties", bytes("a=1"));
        entries.put("lib/b-second.jar", jar(Map.of(
                "META-INF/MANIFEST.MF", bytes("Manifest-Version: 1.0\r\n\r\n"),
                "x/A.class", bytes("second"),
                "META-INF/services/x.Spi", bytes("x.SecondProvider"),
                "META-INF/SIGNER.SF", bytes("signature"))));
        entries.put("lib/a-first.jar", jar(Map.of(
                "META-INF/MANIFEST.MF", bytes("Manifest-Version: 1.0\r\nMulti-Release: true\r\n\r\n"),
                "x/A.class", bytes("first"),
                "META-INF/versions/21/x/B.class", bytes("versioned"),
                "META-INF/services/x.Spi", bytes("x.FirstProvider\n"))));
        write(zip, entries);

        // WHEN the build step runs on it
        run(zip);

        // THEN lib/ holds one jar; the root is unchanged
        try (ZipFile rewritten = new ZipFile(zip.toFile())) {
            List<String> names = Collections.list(rewritten.entries()).stream().map(ZipEntry::getName).toList();
            assertThat(names).containsExactlyInAnyOrder("application.properties", MERGED);
            assertThat(read(rewritten, "application.properties")).isEqualTo("a=1");
            // AND in it the first jar in Lambda's (lexical) order wins, both providers are listed in that order,
            // the versioned class stays versioned, and no signature of one jar is left to mismatch the merged one
            Map<String, String> merged = new LinkedHashMap<>();
            boolean multiRelease;
            try (JarInputStream jar = new JarInputStream(rewritten.getInputStream(rewritten.getEntry(MERGED)))) {
                multiRelease = "true".equals(jar.getManifest().getMainAttributes().getValue("Multi-Release"));
                for (ZipEntry e; (e = jar.getNextEntry()) != null; ) {
                    merged.put(e.getName(), new String(jar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            assertThat(multiRelease).isTrue();
            assertThat(merged).containsEntry("x/A.class", "first")
                    .containsEntry("META-INF/versions/21/x/B.class", "versioned")
                    .containsEntry("META-INF/services/x.Spi", "x.FirstProvider\nx.SecondProvider\n")
                    .doesNotContainKey("META-INF/SIGNER.SF");
        }
    }

    @Test
    void main_should_leave_the_package_as_it_is_when_its_jars_are_already_merged() throws Exception {
        // GIVEN a package that was already rewritten
        Path zip = dir.resolve("function.zip");
        write(zip, Map.of("lib/a.jar", jar(Map.of("x/A.class", bytes("a"))), "lib/b.jar", jar(Map.of("x/B.class", bytes("b")))));
        run(zip);
        byte[] once = Files.readAllBytes(zip);

        // WHEN the step runs again (a build that did not repackage)
        run(zip);

        // THEN nothing changes
        assertThat(Files.readAllBytes(zip)).isEqualTo(once);
    }

    @Test
    void rewrite_should_replace_the_sdk_service_metadata_provider_with_one_that_makes_each_service_on_first_use() throws Exception {
        // GIVEN a package holding the AWS SDK's regions module and what it needs, as function.zip does
        Path zip = dir.resolve("function.zip");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Class<?> type : List.of(Region.class, ImmutableMap.class, SdkPublicApi.class, SdkBytes.class, ProfileFile.class,
                JsonNode.class, org.slf4j.Logger.class)) {
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            entries.put("lib/" + jar.getFileName(), Files.readAllBytes(jar));
        }
        write(zip, entries);

        // WHEN the build step runs on it
        run(zip);

        // THEN the merged jar's provider loads no service's metadata until asked, then only that service's
        Path merged = dir.resolve("merged.jar");
        try (ZipFile rewritten = new ZipFile(zip.toFile()); InputStream in = rewritten.getInputStream(rewritten.getEntry(MERGED))) {
            Files.copy(in, merged);
        }
        Map<String, ServiceMetadata> sdk = sdkServiceMetadata();
        try (RecordingLoader loader = new RecordingLoader(merged)) {
            Class<?> provider = loader.loadClass(GeneratedServiceMetadataProvider.class.getName());
            Object lazy = provider.getConstructor().newInstance();
            Method serviceMetadata = provider.getMethod("serviceMetadata", String.class);
            assertThat(loader.serviceMetadataClasses()).isEmpty();

            Object dynamodb = serviceMetadata.invoke(lazy, "dynamodb");
            assertThat(dynamodb.getClass().getName()).isEqualTo(sdk.get("dynamodb").getClass().getName());
            assertThat(loader.serviceMetadataClasses()).containsExactly(dynamodb.getClass().getName());
            assertThat(serviceMetadata.invoke(lazy, "dynamodb")).isSameAs(dynamodb);

            // AND it answers every endpoint prefix of the SDK's own provider with the same class, and nothing else
            assertThat(sdk).hasSizeGreaterThan(100);
            for (Map.Entry<String, ServiceMetadata> service : sdk.entrySet()) {
                Object answer = serviceMetadata.invoke(lazy, service.getKey());
                assertThat(answer).as(service.getKey()).isNotNull();
                assertThat(answer.getClass().getName()).as(service.getKey()).isEqualTo(service.getValue().getClass().getName());
            }
            assertThat(serviceMetadata.invoke(lazy, "no-such-service")).isNull();
            assertThat(serviceMetadata.invoke(lazy, (Object) null)).isNull();
        }
    }

    /** The SDK's own provider's map (this test's class path holds the SDK's class, not the replacement). */
    @SuppressWarnings("unchecked")
    private static Map<String, ServiceMetadata> sdkServiceMetadata() throws ReflectiveOperationException {
        Field map = GeneratedServiceMetadataProvider.class.getDeclaredField("SERVICE_METADATA");
        map.setAccessible(true);
        return (Map<String, ServiceMetadata>) map.get(null);
    }

    /** Loads from one jar (the JDK's own classes from the platform), remembering the service metadata classes it loaded. */
    private static final class RecordingLoader extends URLClassLoader {

        private final List<String> serviceMetadata = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingLoader(Path jar) throws IOException {
            super(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (name.startsWith("software.amazon.awssdk.regions.servicemetadata.")) {
                serviceMetadata.add(name);
            }
            return super.findClass(name);
        }

        List<String> serviceMetadataClasses() {
            return serviceMetadata;
        }
    }

    private static void run(Path zip) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), System.getProperty("function.zip.libraries.tool",
                "src/build/java/FunctionZipLibraries.java"), zip.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static byte[] jar(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void write(Path zip, Map<String, byte[]> entries) throws IOException {
        Files.write(zip, jar(entries));
    }

    private static String read(ZipFile zip, String name) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
