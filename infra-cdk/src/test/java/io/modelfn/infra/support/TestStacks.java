package io.modelfn.infra.support;

import io.modelfn.infra.ModelfnApp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;

/** An empty stack in an app with the app's feature flags, for testing one construct alone. */
public final class TestStacks {

    private TestStacks() {
    }

    public static Stack newStack() {
        try {
            App app = ModelfnApp.newApp(Files.createTempDirectory("modelfn-cdk-unit").toString());
            return new Stack(app, "Test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
