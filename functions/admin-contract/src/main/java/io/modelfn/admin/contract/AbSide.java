package io.modelfn.admin.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One side of an A/B comparison; {@code accuracy95} only when there is feedback. */
public record AbSide(String name, String model, String version, long feedback, Double accuracy,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Double> accuracy95, Double macroF1, Double meanAbsoluteError,
        Double rootMeanSquaredError, List<ClassScore> classes) {
}
