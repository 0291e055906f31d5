import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds, for {@link FunctionZipLibraries}, a replacement of the AWS SDK's
 * {@code software.amazon.awssdk.regions.GeneratedServiceMetadataProvider} that makes each service's metadata
 * the first time it is asked for, instead of all of them when the class initialises.
 *
 * <p>Why: every AWS client build resolves its signing region through {@code ServiceMetadata.of}, which
 * initialises the SDK's provider, whose static map holds an instance of the metadata class of every AWS
 * service (314 classes in SDK 2.40.2). A function that talks to four services loads, verifies and
 * initialises all of them at every cold start.
 *
 * <p>The replacement answers exactly what the SDK's does: it is generated from the SDK's own provider in the
 * jar being packaged (its map read by reflection, at build time), one {@code switch} case per endpoint prefix
 * making the same class the SDK's map held, each instance made once and kept. A provider of another shape
 * (an SDK that changed it) fails the build instead of being guessed at.
 */
final class LazyServiceMetadata {

    static final String PROVIDER_ENTRY = "software/amazon/awssdk/regions/GeneratedServiceMetadataProvider.class";
    static final String PROVIDER_CLASS = "software.amazon.awssdk.regions.GeneratedServiceMetadataProvider";
    private static final String MAP_FIELD = "SERVICE_METADATA";

    private LazyServiceMetadata() {
    }

    /** The generated provider: its class file and how many services it knows. */
    record Replacement(byte[] classFile, int services) {
    }

    /**
     * The lazy provider compiled against {@code jar} (which must hold the SDK's provider and what it needs),
     * or null when {@code jar} has no SDK provider at all.
     */
    static Replacement build(Path jar) throws IOException {
        Map<String, String> classes = serviceClasses(jar);
        if (classes == null) {
            return null;
        }
        Path work = Files.createTempDirectory("lazy-service-metadata");
        try {
            Path source = work.resolve("src/software/amazon/awssdk/regions/GeneratedServiceMetadataProvider.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, source(classes), StandardCharsets.UTF_8);
            Path classesDir = work.resolve("classes");
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home") + ": run the build with a JDK");
            }
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            int status = javac.run(null, errors, errors, "-proc:none", "--release", "21", "-nowarn",
                    "-cp", jar.toString(), "-d", classesDir.toString(), source.toString());
            if (status != 0) {
                throw new IllegalStateException("the lazy service metadata provider did not compile:\n"
                        + errors.toString(StandardCharsets.UTF_8));
            }
            return new Replacement(Files.readAllBytes(classesDir.resolve(PROVIDER_ENTRY)), classes.size());
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * Endpoint prefix to metadata class name, read from the SDK's provider in {@code jar} (sorted, so the same
     * SDK gives the same class file); null when {@code jar} has no such provider.
     */
    static Map<String, String> serviceClasses(Path jar) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            if (loader.findResource(PROVIDER_ENTRY) == null) {
                return null;
            }
            Class<?> provider = Class.forName(PROVIDER_CLASS, true, loader);
            Field field = provider.getDeclaredField(MAP_FIELD);
            if (!Modifier.isStatic(field.getModifiers()) || !Map.class.isAssignableFrom(field.getType())) {
                throw new NoSuchFieldException(MAP_FIELD + " is not a static map");
            }
            field.setAccessible(true);
            Map<String, String> classes = new TreeMap<>();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) field.get(null)).entrySet()) {
                Class<?> type = entry.getValue().getClass();
                type.getConstructor(); // the generated code calls it: public, no arguments
                if (!Modifier.isPublic(type.getModifiers())) {
                    throw new NoSuchMethodException(type.getName() + " is not public");
                }
                classes.put((String) entry.getKey(), type.getName());
            }
            return classes;
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new IllegalStateException("the AWS SDK's " + PROVIDER_CLASS + " in " + jar + " is not the eager map this build"
                    + " replaces (" + e + "); see functions/api-lambda/src/build/java/LazyServiceMetadata.java", e);
        }
    }

    /** The replacement's source: a switch from endpoint prefix to a new instance, and a cache of those made. */
    static String source(Map<String, String> classes) {
        var text = new java.io.StringWriter();
        var out = new PrintWriter(text);
        out.println("package software.amazon.awssdk.regions;");
        out.println();
        out.println("/** Generated by modelfn's packaging (LazyServiceMetadata): the SDK's map, each entry made on first use. */");
        out.println("public final class GeneratedServiceMetadataProvider implements ServiceMetadataProvider {");
        out.println();
        out.println("    private static final java.util.concurrent.ConcurrentHashMap<String, ServiceMetadata> MADE =");
        out.println("            new java.util.concurrent.ConcurrentHashMap<>();");
        out.println();
        out.println("    @Override");
        out.println("    public ServiceMetadata serviceMetadata(String endpointPrefix) {");
        out.println("        if (endpointPrefix == null) {");
        out.println("            return null;");
        out.println("        }");
        out.println("        ServiceMetadata made = MADE.get(endpointPrefix);");
        out.println("        if (made != null) {");
        out.println("            return made;");
        out.println("        }");
        out.println("        made = make(endpointPrefix);");
        out.println("        if (made == null) {");
        out.println("            return null;");
        out.println("        }");
        out.println("        ServiceMetadata first = MADE.putIfAbsent(endpointPrefix, made);");
        out.println("        return first == null ? made : first;");
        out.println("    }");
        out.println();
        out.println("    private static ServiceMetadata make(String endpointPrefix) {");
        out.println("        switch (endpointPrefix) {");
        for (Map.Entry<String, String> entry : classes.entrySet()) {
            out.println("            case \"" + escape(entry.getKey()) + "\": return new " + entry.getValue() + "();");
        }
        out.println("            default: return null;");
        out.println("        }");
        out.println("    }");
        out.println("}");
        out.flush();
        return text.toString();
    }

    private static String escape(String key) {
        StringBuilder escaped = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
