package io.modelfn.core.admin;

import io.modelfn.core.artifact.InvalidModelArtifactException;
import io.modelfn.core.artifact.OnnxModelInfo;
import io.modelfn.core.artifact.OnnxModelInspector;
import io.modelfn.core.inference.InferenceEngine;
import io.modelfn.core.inference.LoadedModel;
import io.modelfn.core.model.ModelCard;
import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The gate a version passes before it may take traffic: the artifact is the file the card describes
 * (sha256, size), a plain ONNX model with no external data, its own signature equals the card's,
 * ONNX Runtime creates a session, the reference vectors reproduce, and inference stays within the
 * latency budget. Every check runs and is reported, so a team fixes everything in one round.
 *
 * <p>Thread-safe.
 */
public final class ValidationGate {

    /** Relative tolerance for floating-point reference outputs (runtimes and versions differ slightly). */
    static final double RELATIVE_TOLERANCE = 1e-4;
    static final double ABSOLUTE_TOLERANCE = 1e-6;
    private static final int LATENCY_WARMUP = 5;
    private static final int LATENCY_RUNS = 21;

    private final InferenceEngine engine;

    public ValidationGate(InferenceEngine engine) {
        this.engine = engine;
    }

    /**
     * @param artifact the downloaded file, alone in its own folder
     * @param sha256 the digest computed while downloading it
     * @param reference reference vectors to reproduce, or null
     * @param latencyBudgetMs the p50 latency the model must meet on one reference input, or null
     */
    public ValidationReport validate(ModelKey key, Path artifact, String sha256, long size, ModelCard card,
            ReferenceSuite reference, Double latencyBudgetMs) {
        List<ValidationReport.Check> checks = new ArrayList<>();
        boolean digestOk = sha256.equals(card.artifact().sha256());
        checks.add(new ValidationReport.Check("sha256", digestOk, digestOk
                ? "artifact sha256 matches the card"
                : "artifact sha256 " + sha256 + " differs from the card's " + card.artifact().sha256()
                        + " (tampered, truncated or not the file the card describes)"));
        boolean sizeOk = size == card.artifact().sizeBytes();
        checks.add(new ValidationReport.Check("size", sizeOk, sizeOk ? size + " bytes as the card says"
                : "artifact has " + size + " bytes, the card says " + card.artifact().sizeBytes()));
        if (!digestOk || !sizeOk) {
            // Never hand ONNX Runtime a file that is not the one described.
            return new ValidationReport(false, checks);
        }

        OnnxModelInfo info;
        try {
            info = OnnxModelInspector.inspect(artifact);
        } catch (IOException | InvalidModelArtifactException e) {
            checks.add(new ValidationReport.Check("onnx", false, e.getMessage()));
            return new ValidationReport(false, checks);
        }
        boolean plain = info.externalDataTensors().isEmpty() && info.unsupportedTensors().isEmpty();
        checks.add(new ValidationReport.Check("onnx", plain, plain
                ? "ONNX IR " + info.irVersion() + ", opsets " + info.opsets() + ", " + info.nodeCount() + " nodes"
                : (info.externalDataTensors().isEmpty() ? "" : "refers to external data " + info.externalDataTensors() + " ")
                        + (info.unsupportedTensors().isEmpty() ? "" : "has non-tensor inputs/outputs " + info.unsupportedTensors())));
        boolean signatureOk = info.signature().equals(card.signature());
        checks.add(new ValidationReport.Check("signature", signatureOk, signatureOk
                ? "the model declares the card's signature"
                : "the model declares " + describe(info.signature()) + " but the card says " + describe(card.signature())));
        if (!plain || !signatureOk) {
            return new ValidationReport(false, checks);
        }

        try (LoadedModel model = engine.load(key, artifact)) {
            checks.add(new ValidationReport.Check("session", true, "ONNX Runtime created a session"));
            if (reference != null) {
                checks.add(reference(model, reference));
            }
            if (latencyBudgetMs != null) {
                checks.add(latency(model, reference, card.signature(), latencyBudgetMs));
            }
        } catch (RuntimeException e) {
            checks.add(new ValidationReport.Check("session", false, e.getMessage()));
        }
        return new ValidationReport(checks.stream().allMatch(ValidationReport.Check::passed), checks);
    }

    private static ValidationReport.Check reference(LoadedModel model, ReferenceSuite suite) {
        int compared = 0;
        for (ReferenceSuite.Case c : suite.cases()) {
            Map<String, Tensor> outputs;
            try {
                io.modelfn.core.prediction.InputValidator.check(model.key(), model.signature(), c.inputs(), List.of());
                outputs = model.infer(c.inputs(), List.of());
            } catch (RuntimeException e) {
                return new ValidationReport.Check("reference", false, "case '" + c.name() + "' did not run: " + e.getMessage());
            }
            for (Map.Entry<String, Tensor> expected : c.outputs().entrySet()) {
                Tensor actual = outputs.get(expected.getKey());
                String mismatch = mismatch(actual, expected.getValue());
                if (mismatch != null) {
                    return new ValidationReport.Check("reference", false, "case '" + c.name() + "' output '"
                            + expected.getKey() + "': " + mismatch);
                }
                compared++;
            }
        }
        return new ValidationReport.Check("reference", true, suite.cases().size() + " cases, " + compared
                + " outputs reproduced (floats within " + RELATIVE_TOLERANCE + " relative)");
    }

    static String mismatch(Tensor actual, Tensor expected) {
        if (actual == null) {
            return "missing from the model's outputs";
        }
        if (actual.dataType() != expected.dataType() || !Arrays.equals(actual.shape(), expected.shape())) {
            return "is " + actual.dataType().oipName() + Arrays.toString(actual.shape()) + ", expected "
                    + expected.dataType().oipName() + Arrays.toString(expected.shape());
        }
        switch (expected.dataType()) {
            case FP32 -> {
                float[] a = actual.floats();
                float[] e = expected.floats();
                for (int i = 0; i < e.length; i++) {
                    if (!close(a[i], e[i])) {
                        return "element " + i + " is " + a[i] + ", expected " + e[i];
                    }
                }
            }
            case FP64 -> {
                double[] a = actual.doubles();
                double[] e = expected.doubles();
                for (int i = 0; i < e.length; i++) {
                    if (!close(a[i], e[i])) {
                        return "element " + i + " is " + a[i] + ", expected " + e[i];
                    }
                }
            }
            default -> {
                if (!actual.renamed(expected.name()).equals(expected)) {
                    return "values differ";
                }
            }
        }
        return null;
    }

    private static boolean close(double a, double e) {
        double diff = Math.abs(a - e);
        return diff <= ABSOLUTE_TOLERANCE || diff <= RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(e));
    }

    private static ValidationReport.Check latency(LoadedModel model, ReferenceSuite suite, Signature signature,
            double budgetMs) {
        Map<String, Tensor> inputs = suite != null ? suite.cases().get(0).inputs() : zeros(signature);
        try {
            for (int i = 0; i < LATENCY_WARMUP; i++) {
                model.infer(inputs, List.of());
            }
            long[] nanos = new long[LATENCY_RUNS];
            for (int i = 0; i < LATENCY_RUNS; i++) {
                long start = System.nanoTime();
                model.infer(inputs, List.of());
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double p50 = nanos[LATENCY_RUNS / 2] / 1e6;
            boolean ok = p50 <= budgetMs;
            return new ValidationReport.Check("latency", ok, String.format(java.util.Locale.ROOT,
                    "p50 %.3f ms over %d runs (budget %.3f ms)", p50, LATENCY_RUNS, budgetMs));
        } catch (RuntimeException e) {
            return new ValidationReport.Check("latency", false, "inference failed: " + e.getMessage());
        }
    }

    /** One example of zeros for each input (dynamic dimensions as 1), when no reference is given. */
    static Map<String, Tensor> zeros(Signature signature) {
        Map<String, Tensor> inputs = new HashMap<>();
        for (TensorSpec spec : signature.inputs()) {
            long[] shape = spec.shape();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? 1 : shape[i];
            }
            int n = (int) Tensor.elementCount(shape);
            Object data = java.lang.reflect.Array.newInstance(Tensor.arrayClass(spec.dataType()).getComponentType(), n);
            if (data instanceof String[] strings) {
                Arrays.fill(strings, "");
            }
            inputs.put(spec.name(), Tensor.of(spec.name(), spec.dataType(), shape, data));
        }
        return inputs;
    }

    private static String describe(Signature signature) {
        return "inputs " + signature.inputs() + ", outputs " + signature.outputs();
    }
}
