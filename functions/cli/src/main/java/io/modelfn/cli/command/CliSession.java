package io.modelfn.cli.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.modelfn.cli.admin.AdminClient;
import io.modelfn.cli.admin.AdminFunction;
import io.modelfn.cli.admin.AdminJson;
import io.modelfn.cli.admin.AdminUnavailableException;
import io.modelfn.cli.admin.ArtifactUploader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;

/**
 * One invocation of the CLI: the admin client, the uploader, where output goes and in which form.
 * Closing it releases the HTTP client.
 */
public final class CliSession implements AutoCloseable {

    private final HttpClient http;
    private final AdminClient admin;
    private final ObjectMapper mapper;
    private final boolean json;
    private final PrintWriter out;

    public CliSession(HttpClient http, AdminClient admin, ObjectMapper mapper, boolean json, PrintWriter out) {
        this.http = http;
        this.admin = admin;
        this.mapper = mapper;
        this.json = json;
        this.out = out;
    }

    /**
     * Calls one admin function with its contract request; answers the server's JSON as sent (what
     * {@code --json} prints). See {@link AdminClient#call} for the failures.
     */
    public JsonNode call(AdminFunction function, Object request) {
        return admin.call(function, mapper.valueToTree(request));
    }

    /** Reads an answer as its contract record; fields this CLI does not know yet are ignored. */
    public <T> T read(JsonNode answer, Class<T> type) {
        try {
            return mapper.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(answer);
        } catch (IOException e) {
            throw new AdminUnavailableException("the server's answer does not read as " + type.getSimpleName() + ": "
                    + e.getMessage(), null, e);
        }
    }

    public AdminClient admin() {
        return admin;
    }

    public ArtifactUploader uploader() {
        return new ArtifactUploader(http);
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Whether {@code --json} asked for the server's JSON instead of text. */
    public boolean json() {
        return json;
    }

    public PrintWriter out() {
        return out;
    }

    /** Prints the server's JSON, pretty: what {@code --json} shows. */
    public void printJson(JsonNode answer) {
        ObjectWriter writer = AdminJson.prettyWriter(mapper);
        try {
            out.println(writer.writeValueAsString(answer));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    @Override
    public void close() {
        out.flush();
        http.close();
    }
}
