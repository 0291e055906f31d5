package io.modelfn.core.inference;

import io.modelfn.core.model.ModelKey;
import io.modelfn.core.model.Signature;
import io.modelfn.core.tensor.Tensor;
import java.util.Collection;
import java.util.Map;

/**
 * A model version held in memory with a live inference session.
 *
 * <p>{@link #infer} is thread-safe and may run concurrently. {@link #close} releases native memory;
 * the cache calls it only once no request uses the model any more.
 */
public interface LoadedModel extends AutoCloseable {

    ModelKey key();

    /** The signature the model file itself declares. */
    Signature signature();

    /** An estimate of the memory this model holds (weights and session), for the cache's budget. */
    long memoryBytes();

    /**
     * Whether each row of a batch gets the answer it would get alone (no operator computes over the
     * whole batch), so that concurrent requests may share one call.
     */
    default boolean rowsIndependent() {
        return true;
    }

    /**
     * Runs one inference. Inputs have been checked against {@link #signature()} by the caller.
     *
     * @param inputs every input of the signature, by name
     * @param outputs names of the outputs wanted; empty for all of them
     * @return the outputs, by name, in signature order
     * @throws InferenceException when the runtime fails on inputs that passed the signature check
     */
    Map<String, Tensor> infer(Map<String, Tensor> inputs, Collection<String> outputs);

    @Override
    void close();
}
