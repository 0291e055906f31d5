package io.modelfn.cli;

/** The entry point of the runnable jar: {@code java -jar modelfn.jar <command> ...}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // The AWS SDK logs through SLF4J, which warns on stderr when no logger is bound; we bind none.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(ModelfnCommand.commandLine(CliEnvironment.system()).execute(args));
    }
}
