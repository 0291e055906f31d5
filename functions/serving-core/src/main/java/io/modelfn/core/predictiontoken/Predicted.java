package io.modelfn.core.predictiontoken;

/**
 * What a served prediction said, as ground-truth feedback compares it: a class label's name (or its
 * index as text when the model card names no classes) for classifiers, a number for regressions.
 */
public sealed interface Predicted {

    /** A classifier's predicted class. */
    record Label(String name) implements Predicted {
        public Label {
            if (name == null) {
                throw new IllegalArgumentException("a predicted label needs a name");
            }
        }
    }

    /** A regression's predicted value (finite). */
    record Number(double value) implements Predicted {
        public Number {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a predicted number must be finite");
            }
        }
    }
}
