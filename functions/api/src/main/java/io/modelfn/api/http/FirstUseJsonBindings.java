package io.modelfn.api.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Builds the application mapper's serializers and deserializers for a type when it is first written or read,
 * not when a reader or writer for it is made. At start-up Funqy makes one of each for every function's input
 * and output (about thirty admin, feedback and comparison types), and Quarkus's Lambda extension one for API
 * Gateway's event and response: with Jackson's eager fetching on, building all of them took 68 of 1,104 CPU-time
 * samples of four cold starts on one core (JFR; {@code docs/PERFORMANCE.md}), for types a prediction function's
 * environment may never see (the admin functions are off there; the inference protocol's infer is read and written
 * by our own codec, with a mapper of its own). Under SnapStart the HTTP bridge's warm-up at init builds the event's
 * before the snapshot.
 *
 * <p>After the first use a reader or writer finds its (de)serializer in the mapper's cache, as Jackson's own
 * mappers do ({@code ObjectMapper.readValue}): one look-up per call.
 */
@Singleton
public class FirstUseJsonBindings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(SerializationFeature.EAGER_SERIALIZER_FETCH);
        mapper.disable(DeserializationFeature.EAGER_DESERIALIZER_FETCH);
    }
}
