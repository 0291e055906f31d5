package io.modelfn.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Makes the application's Jackson mapper (the one Funqy reads {@code /predict} and {@code /admin/...}
 * bodies with) as strict as our protocol codecs: a duplicate key or content after the JSON value is a
 * 400, not silently "last one wins" or ignored, so what a proxy or firewall inspected is what we
 * read; parser messages never quote the body.
 */
@Singleton
public class StrictFunctionJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.getFactory().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());
    }
}
