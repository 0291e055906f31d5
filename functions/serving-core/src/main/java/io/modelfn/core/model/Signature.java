package io.modelfn.core.model;

import java.util.List;
import java.util.Optional;

/** The inputs a model takes and the outputs it returns, in the model's own order. */
public record Signature(List<TensorSpec> inputs, List<TensorSpec> outputs) {

    public Signature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    public Optional<TensorSpec> input(String name) {
        return find(inputs, name);
    }

    public Optional<TensorSpec> output(String name) {
        return find(outputs, name);
    }

    private static Optional<TensorSpec> find(List<TensorSpec> specs, String name) {
        for (TensorSpec spec : specs) {
            if (spec.name().equals(name)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }
}
