package io.modelfn.core.protocol.oip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Random inference request bodies for differential tests: mostly well formed (any field order, whitespace,
 * flat or nested data, numbers in every way clients write them), some with the mistakes clients make, and
 * byte-level mutations of them.
 */
final class RandomRequests {

    private static final String[] SPACE = {"", "", "", " ", "\n", "\t", "\r\n", "  "};
    private static final String[] NAMES = {"input", "x", "input_1", "a b", "é", "x\\u0041", "", "\\\"q", "DEL\u007f"};
    private static final String[] TYPES = {"FP64", "INT64", "fp32", "BOOL"};
    private static final String[] ODD_NUMBERS = {"-0", "0", "0.0", "-0.0", "1e5", "1E+5", "2.5e-3", "1e-50", "3.5e38",
        "3.4028235e38", "1.17549435E-38", "1.4e-45", "01", "1.", ".5", "+1", "1e", "1e+", "-", "NaN", "Infinity",
        "1234567890123456789", "123456789012345678", "0." + "0".repeat(70), "0." + "0".repeat(60) + "1", "1e0400",
        "true", "\"1\"", "null", "1.5e0000000000000000001"};
    /** What mutations insert: JSON's structure, number characters, and bytes no JSON text has where they land. */
    private static final byte[] ALPHABET = "{}[],:\" -.0123456789eE+\\\n\tnxa".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RandomRequests() {
    }

    static String request(Random random) {
        List<String> fields = new ArrayList<>();
        int inputs = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(3);
        List<String> tensors = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            tensors.add(tensor(random, i));
        }
        fields.add(quoted("inputs") + colon(random) + "[" + join(random, tensors) + "]");
        if (random.nextInt(3) == 0) {
            fields.add(quoted("id") + colon(random) + (random.nextInt(10) == 0 ? "7" : quoted("req-" + random.nextInt(100))));
        }
        if (random.nextInt(20) == 0) {
            fields.add(quoted("parameters") + colon(random) + "{}");
        }
        if (random.nextInt(4) == 0) {
            fields.add(quoted("outputs") + colon(random) + outputs(random));
        }
        if (random.nextInt(40) == 0) {
            fields.add(fields.get(0));
        }
        Collections.shuffle(fields, random);
        return space(random) + "{" + join(random, fields) + "}" + space(random);
    }

    private static String outputs(Random random) {
        List<String> outputs = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            List<String> fields = new ArrayList<>();
            fields.add(quoted("name") + colon(random) + quoted(random.nextInt(6) == 0 ? "dup" : "out" + i));
            switch (random.nextInt(8)) {
                case 0, 1 -> fields.add(quoted("parameters") + colon(random) + "{" + quoted("binary_data") + colon(random)
                        + (random.nextBoolean() ? "true" : "false") + "}");
                case 2 -> fields.add(quoted("parameters") + colon(random) + "{" + quoted("classification") + ":2}");
                case 3 -> fields.add(quoted("parameters") + colon(random) + "{}");
                default -> { }
            }
            Collections.shuffle(fields, random);
            outputs.add("{" + join(random, fields) + "}");
        }
        return "[" + join(random, outputs) + "]";
    }

    private static String tensor(Random random, int index) {
        int rank = random.nextInt(4);
        long[] shape = new long[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(3);
        }
        List<String> fields = new ArrayList<>();
        String name = random.nextInt(8) == 0 ? NAMES[random.nextInt(NAMES.length)] : "in" + index;
        fields.add(quoted("name") + colon(random) + quoted(name));
        fields.add(quoted("datatype") + colon(random) + quoted(random.nextInt(10) == 0 ? TYPES[random.nextInt(TYPES.length)] : "FP32"));
        fields.add(quoted("shape") + colon(random) + shapeText(random, shape));
        fields.add(quoted("data") + colon(random) + data(random, shape));
        if (random.nextInt(30) == 0) {
            fields.add(quoted("parameters") + colon(random) + "{}");
        }
        if (random.nextInt(40) == 0) {
            fields.remove(random.nextInt(fields.size()));
        }
        if (random.nextInt(4) == 0) {
            Collections.shuffle(fields, random);
        }
        return "{" + join(random, fields) + "}";
    }

    private static String shapeText(Random random, long[] shape) {
        List<String> dims = new ArrayList<>();
        for (long dim : shape) {
            dims.add(Long.toString(dim));
        }
        if (random.nextInt(30) == 0) {
            dims.add(random.nextBoolean() ? "-1" : "1.0");
        }
        return "[" + join(random, dims) + "]";
    }

    private static String data(Random random, long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        boolean nested = shape.length > 1 && random.nextBoolean();
        if (random.nextInt(25) == 0) {
            count += random.nextBoolean() ? 1 : -1;
        }
        if (nested && count == product(shape)) {
            return nestedData(random, shape, 0);
        }
        List<String> values = new ArrayList<>();
        for (long i = 0; i < Math.max(0, count); i++) {
            values.add(number(random));
        }
        return "[" + join(random, values) + "]";
    }

    private static long product(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        return count;
    }

    private static String nestedData(Random random, long[] shape, int depth) {
        List<String> items = new ArrayList<>();
        for (long i = 0; i < shape[depth]; i++) {
            items.add(depth == shape.length - 1 ? number(random) : nestedData(random, shape, depth + 1));
        }
        return "[" + join(random, items) + "]";
    }

    static String number(Random random) {
        return switch (random.nextInt(40)) {
            case 0 -> Double.toString(Float.intBitsToFloat(random.nextInt()));
            case 1 -> ODD_NUMBERS[random.nextInt(ODD_NUMBERS.length)];
            case 2 -> (random.nextInt(2000) - 1000) + "e" + (random.nextInt(90) - 45);
            case 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 -> Float.toString(random.nextFloat() * 100);
            case 13, 14, 15, 16, 17 -> Integer.toString(random.nextInt(2001) - 1000);
            case 18, 19, 20, 21, 22 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextGaussian());
            default -> Double.toString((double) (random.nextFloat() * 20 - 10));
        };
    }

    /** One to three byte-level edits: a byte deleted, inserted or replaced. */
    static byte[] mutate(Random random, byte[] body) {
        byte[] out = body;
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && out.length > 0; e++) {
            int at = random.nextInt(out.length);
            byte b = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : ALPHABET[random.nextInt(ALPHABET.length)];
            switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] shorter = new byte[out.length - 1];
                    System.arraycopy(out, 0, shorter, 0, at);
                    System.arraycopy(out, at + 1, shorter, at, out.length - at - 1);
                    out = shorter;
                }
                case 1 -> {
                    byte[] longer = new byte[out.length + 1];
                    System.arraycopy(out, 0, longer, 0, at);
                    longer[at] = b;
                    System.arraycopy(out, at, longer, at + 1, out.length - at);
                    out = longer;
                }
                default -> {
                    out = out.clone();
                    out[at] = b;
                }
            }
        }
        return out;
    }

    private static String quoted(String text) {
        return "\"" + text + "\"";
    }

    private static String colon(Random random) {
        return space(random) + ":" + space(random);
    }

    private static String space(Random random) {
        return SPACE[random.nextInt(SPACE.length)];
    }

    private static String join(Random random, List<String> parts) {
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                joined.append(space(random)).append(',').append(space(random));
            }
            joined.append(parts.get(i));
        }
        return joined.toString();
    }
}
