package io.modelfn.core.testkit;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The one rule on package structure that every module's {@code PackageCyclesTest} checks: no
 * package of the module's main classes depends, directly or through others, on a package that
 * depends on it. Each package is its own slice ({@code core.registry} and {@code core.registry.write}
 * are two), so a cycle between sub-packages fails too.
 *
 * <p>Only the module's own main classes are read (the folder or jar that holds the class given),
 * never its tests nor other modules on the class path: each module answers for its own packages.
 */
public final class PackageCycles {

    /** Every package under {@code io.modelfn} is a slice; no slice may take part in a cycle. */
    public static final ArchRule RULE = SlicesRuleDefinition.slices()
            .matching("io.modelfn.(**)")
            .namingSlices("package io.modelfn.$1")
            .should().beFreeOfCycles()
            .as("packages of main classes should be free of cycles");

    private PackageCycles() {
    }

    /**
     * Checks {@link #RULE} on the main classes of the module that holds {@code anyMainClass}.
     *
     * @throws AssertionError naming each cycle and the dependencies that close it
     */
    public static void assertFreeOfCycles(Class<?> anyMainClass) {
        RULE.check(mainClassesBeside(anyMainClass));
    }

    /** The classes compiled into the same folder (or jar) as {@code anyMainClass}. */
    public static JavaClasses mainClassesBeside(Class<?> anyMainClass) {
        try {
            Path location = Path.of(anyMainClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            // Cycles among the module's own packages need none of the classes it merely uses: not
            // reading them from the class path keeps the check at a second or two.
            ArchConfiguration config = ArchConfiguration.get();
            boolean resolving = config.resolveMissingDependenciesFromClassPath();
            config.setResolveMissingDependenciesFromClassPath(false);
            try {
                return new ClassFileImporter().importPath(location);
            } finally {
                config.setResolveMissingDependenciesFromClassPath(resolving);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + anyMainClass, e);
        }
    }
}
