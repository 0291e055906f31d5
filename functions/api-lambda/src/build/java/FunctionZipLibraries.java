import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites a Lambda deployment package so that its {@code lib/} holds one jar instead of one per
 * dependency (run by this module's build on {@code target/function.zip}, as a single-file program:
 * {@code java FunctionZipLibraries.java <function.zip>}).
 *
 * <p>Why: Lambda's Java runtime loads the function through a class loader whose path is the task root
 * and then every {@code lib/*.jar} in lexical order; each class is looked for jar after jar, so with
 * about 170 jars a lookup costs as many misses as the jars before the one that has it. One jar makes
 * every lookup a single hash probe.
 *
 * <p>What Lambda's loader would have seen is kept: the jars are read in its order and the first entry
 * of a name wins (as the first jar on the path did); {@code META-INF/services} files are concatenated
 * in that order (every provider stays visible to {@code ServiceLoader}); the merged manifest declares
 * {@code Multi-Release} when any jar did, so versioned classes still resolve; signature files and
 * {@code INDEX.LIST} (which would name the old jars) are dropped. Entries outside {@code lib/} are copied
 * unchanged. Entry times are fixed, so the same input gives the same bytes.
 *
 * <p>One class is replaced on the way: the AWS SDK's eager service metadata provider, by a generated one that
 * answers the same but makes each service's metadata on first use ({@link LazyServiceMetadata}).
 */
public final class FunctionZipLibraries {

    static final String MERGED = "lib/function-libraries.jar";
    private static final Pattern SIGNATURE = Pattern.compile("META-INF/[^/]+\\.(SF|RSA|DSA|EC)");
    private static final Pattern LIB_JAR = Pattern.compile("lib/[^/]+\\.jar");
    private static final FileTime FIXED = FileTime.fromMillis(1_767_225_600_000L); // 2026-01-01

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java FunctionZipLibraries.java <function.zip>");
        }
        Path zip = Path.of(args[0]);
        try (ZipFile in = new ZipFile(zip.toFile())) {
            if (in.getEntry(MERGED) != null) {
                System.out.printf("FunctionZipLibraries: %s already has %s%n", zip, MERGED);
                return;
            }
        }
        Path rewritten = zip.resolveSibling(zip.getFileName() + ".tmp");
        int jars = rewrite(zip, rewritten);
        Files.move(rewritten, zip, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("FunctionZipLibraries: %d jars of %s merged into %s%n", jars, zip, MERGED);
    }

    /** Writes {@code source} with its {@code lib/*.jar} merged into {@link #MERGED} to {@code target}; returns how many were merged. */
    static int rewrite(Path source, Path target) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
            List<ZipEntry> libraries = new ArrayList<>();
            List<ZipEntry> others = new ArrayList<>();
            in.stream().forEach(e -> (LIB_JAR.matcher(e.getName()).matches() ? libraries : others).add(e));
            if (libraries.size() <= 1) {
                throw new IllegalStateException(source + " has " + libraries.size() + " jar(s) in lib/: nothing to merge");
            }
            // Lambda's order: String's natural order of the file names.
            libraries.sort((a, b) -> a.getName().compareTo(b.getName()));
            Set<String> copied = new HashSet<>();
            for (ZipEntry entry : others) {
                if (!copied.add(entry.getName())) {
                    continue; // a name listed twice (a folder) is written once
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setLastModifiedTime(FIXED);
                out.putNextEntry(copy);
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            byte[] merged = merge(in, libraries, Map.of());
            LazyServiceMetadata.Replacement lazy = lazyServiceMetadata(merged);
            if (lazy != null) {
                merged = merge(in, libraries, Map.of(LazyServiceMetadata.PROVIDER_ENTRY, lazy.classFile()));
                System.out.printf("FunctionZipLibraries: the AWS SDK's service metadata (%d services) made on first use%n",
                        lazy.services());
            }
            ZipEntry jar = new ZipEntry(MERGED);
            jar.setLastModifiedTime(FIXED);
            out.putNextEntry(jar);
            out.write(merged);
            out.closeEntry();
            return libraries.size();
        }
    }

    /** The lazy service metadata provider built against the merged jar; null when it holds no AWS SDK regions module. */
    private static LazyServiceMetadata.Replacement lazyServiceMetadata(byte[] merged) throws IOException {
        Path jar = Files.createTempFile("function-libraries", ".jar");
        try {
            Files.write(jar, merged);
            return LazyServiceMetadata.build(jar);
        } finally {
            Files.deleteIfExists(jar);
        }
    }

    /** The merged jar; an entry named in {@code replacements} is written with those bytes instead of the first jar's. */
    private static byte[] merge(ZipFile function, List<ZipEntry> libraries, Map<String, byte[]> replacements) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 << 20);
        Set<String> written = new HashSet<>();
        Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            ByteArrayOutputStream manifest = new ByteArrayOutputStream();
            manifest(function, libraries).write(manifest);
            put(jar, "META-INF/MANIFEST.MF", manifest.toByteArray());
            written.add("META-INF/MANIFEST.MF");
            for (ZipEntry library : libraries) {
                try (ZipInputStream entries = new ZipInputStream(function.getInputStream(library))) {
                    for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                        String name = entry.getName();
                        if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
                            ByteArrayOutputStream providers = services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                            byte[] listed = entries.readAllBytes();
                            providers.write(listed);
                            if (listed.length > 0 && listed[listed.length - 1] != '\n') {
                                providers.write('\n');
                            }
                        } else if (!SIGNATURE.matcher(name).matches() && !name.equals("META-INF/INDEX.LIST")
                                && written.add(name)) {
                            byte[] replaced = replacements.get(name);
                            put(jar, name, replaced != null ? replaced : entries.readAllBytes());
                        }
                    }
                }
            }
            for (Map.Entry<String, ByteArrayOutputStream> service : services.entrySet()) {
                put(jar, service.getKey(), service.getValue().toByteArray());
            }
        }
        return bytes.toByteArray();
    }

    /** The merged jar's manifest (written first, where {@code JarInputStream} looks): multi-release when any jar was. */
    private static Manifest manifest(ZipFile function, List<ZipEntry> libraries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (ZipEntry library : libraries) {
            try (ZipInputStream entries = new ZipInputStream(function.getInputStream(library))) {
                for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                    if (entry.getName().equals("META-INF/MANIFEST.MF")) {
                        if ("true".equalsIgnoreCase(new Manifest(entries).getMainAttributes().getValue(Attributes.Name.MULTI_RELEASE))) {
                            manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
                            return manifest;
                        }
                        break;
                    }
                }
            }
        }
        return manifest;
    }

    private static void put(JarOutputStream jar, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(FIXED);
        jar.putNextEntry(entry);
        jar.write(data);
        jar.closeEntry();
    }
}
