package io.modelfn.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code --name value} options of the benchmark tools' command lines. */
public final class Options {

    private Options() {
    }

    /** The options as a map from name (without the dashes) to value, in the order given. */
    public static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("options are --name value pairs, not " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
        }
        return opts;
    }
}
