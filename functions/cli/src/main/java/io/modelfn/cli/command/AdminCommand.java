package io.modelfn.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the admin API. Subclasses read their arguments, call, and print; failures
 * are exceptions, turned into a message and an exit code in one place (the root's failure handler).
 */
public abstract class AdminCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    @Override
    public final Integer call() {
        try (CliSession session = ((SessionSource) spec.root().userObject()).openSession(spec.commandLine())) {
            run(session);
        }
        return CommandLine.ExitCode.OK;
    }

    /** Does the command's work; returns normally on success. */
    protected abstract void run(CliSession session);

    /** A usage error (exit code 2): the command line or a local file cannot be used; nothing is sent. */
    protected ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Reads a local JSON file that must hold an object (a model card, reference outputs). */
    protected ObjectNode readJsonObject(CliSession session, Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw usageError(what + " " + file + " is not a file");
        }
        JsonNode json;
        try {
            json = session.mapper().readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw usageError(what + " " + file + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw usageError("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        if (!(json instanceof ObjectNode object)) {
            throw usageError(what + " " + file + " must hold a JSON object");
        }
        return object;
    }
}
