package io.modelfn.core.testkit.cyclefixture.right;

import io.modelfn.core.testkit.cyclefixture.leaf.Leaf;
import io.modelfn.core.testkit.cyclefixture.left.Left;

/** Fixture of {@code PackageCyclesRuleTest}: closes the cycle with {@code left}. */
public class Right {
    public Left left;
    public Leaf leaf;
}
