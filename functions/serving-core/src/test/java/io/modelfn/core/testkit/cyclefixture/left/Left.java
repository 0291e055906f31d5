package io.modelfn.core.testkit.cyclefixture.left;

import io.modelfn.core.testkit.cyclefixture.right.Right;

/** Fixture of {@code PackageCyclesRuleTest}: a package that needs {@code right}, which needs it back. */
public class Left {
    public Right right;
}
