package io.modelfn.inference.onnx;

import io.modelfn.core.testkit.PackageCycles;
import org.junit.jupiter.api.Test;

/** No package of this module's main classes takes part in a dependency cycle (see {@link PackageCycles}). */
class PackageCyclesTest {

    @Test
    void main_packages_should_be_free_of_cycles() {
        PackageCycles.assertFreeOfCycles(OnnxRuntimeEngine.class);
    }
}
