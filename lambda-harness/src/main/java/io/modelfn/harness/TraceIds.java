package io.modelfn.harness;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * X-Ray trace headers in Lambda's form: {@code Root=1-<epoch seconds, hex>-<96 random bits>;Parent=...;Sampled=0},
 * or {@code Sampled=1} for a function with active tracing (an X-Ray daemon named in its environment), as
 * Lambda's default sampling rule samples the first request of each second.
 */
final class TraceIds {

    private TraceIds() {
    }

    static String next(boolean sampled) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] root = new byte[12];
        byte[] parent = new byte[8];
        random.nextBytes(root);
        random.nextBytes(parent);
        HexFormat hex = HexFormat.of();
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + hex.formatHex(root)
                + ";Parent=" + hex.formatHex(parent) + ";Sampled=" + (sampled ? "1" : "0");
    }
}
