package io.modelfn.core.prediction;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.model.TensorSpec;
import io.modelfn.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a request's tensors against a model version's signature before anything reaches the
 * runtime, so that every client mistake is a clear 400 and never a runtime error.
 */
public final class InputValidator {

    private InputValidator() {
    }

    /**
     * @throws InvalidInputException naming the first problem and what the model expects
     */
    public static void check(ModelKey model, Signature signature, Map<String, Tensor> inputs, Collection<String> outputs) {
        for (Tensor tensor : inputs.values()) {
            TensorSpec spec = signature.input(tensor.name()).orElseThrow(() -> new InvalidInputException(
                    "unknown input '" + tensor.name() + "': " + model + " takes " + describe(signature)));
            if (tensor.dataType() != spec.dataType()) {
                throw new InvalidInputException("input '" + spec.name() + "' must be " + spec.dataType().oipName()
                        + ", not " + tensor.dataType().oipName());
            }
            long[] shape = tensor.shape();
            if (!spec.accepts(shape)) {
                throw new InvalidInputException("input '" + spec.name() + "' has shape " + Arrays.toString(shape)
                        + " but " + model + " expects " + shapeOf(spec) + " (-1 is any size)");
            }
            if (tensor.size() == 0) {
                throw new InvalidInputException("input '" + spec.name() + "' has no elements");
            }
            if (tensor.dataType().isFloatingPoint()) {
                requireFinite(tensor);
            }
        }
        for (TensorSpec spec : signature.inputs()) {
            if (!inputs.containsKey(spec.name())) {
                throw new InvalidInputException("missing input '" + spec.name() + "': " + model + " takes "
                        + describe(signature));
            }
        }
        long batch = -1;
        for (TensorSpec spec : signature.inputs()) {
            if (spec.rank() > 0 && spec.dimension(0) == -1) {
                long b = inputs.get(spec.name()).dimension(0);
                if (batch >= 0 && b != batch) {
                    throw new InvalidInputException("inputs disagree on the batch size (" + batch + " and " + b + ")");
                }
                batch = b;
            }
        }
        for (String output : outputs) {
            if (signature.output(output).isEmpty()) {
                throw new InvalidInputException("unknown output '" + output + "': " + model + " returns "
                        + signature.outputs().stream().map(TensorSpec::name).collect(Collectors.joining(", ")));
            }
        }
    }

    private static void requireFinite(Tensor tensor) {
        switch (tensor.dataType()) {
            case FP32 -> {
                for (float v : tensor.floats()) {
                    if (!Float.isFinite(v)) {
                        throw new InvalidInputException("input '" + tensor.name() + "' holds a value that is not a finite number");
                    }
                }
            }
            case FP64 -> {
                for (double v : tensor.doubles()) {
                    if (!Double.isFinite(v)) {
                        throw new InvalidInputException("input '" + tensor.name() + "' holds a value that is not a finite number");
                    }
                }
            }
            default -> {
                // FP16 values are checked by the decoders when they are converted.
            }
        }
    }

    static String describe(Signature signature) {
        return signature.inputs().stream()
                .map(s -> s.name() + " (" + s.dataType().oipName() + " " + shapeOf(s) + ")")
                .collect(Collectors.joining(", "));
    }

    static String shapeOf(TensorSpec spec) {
        return Arrays.toString(spec.shape());
    }
}
