package io.modelfn.cli.aliases;

import io.modelfn.admin.contract.AliasInfo;
import io.modelfn.cli.output.Values;

/** How an alias object reads as text. */
final class AliasText {

    private AliasText() {
    }

    /** {@code iris production -> 1.1.0 (was 1.0.0, revision 4)}. */
    static String summary(String model, AliasInfo alias) {
        return model + " " + Values.text(alias.alias()) + " -> " + Values.text(alias.version())
                + " (was " + Values.text(alias.previousVersion()) + ", revision " + Values.text(alias.revision()) + ")";
    }
}
