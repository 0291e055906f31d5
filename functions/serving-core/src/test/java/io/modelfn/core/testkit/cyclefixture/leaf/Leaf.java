package io.modelfn.core.testkit.cyclefixture.leaf;

/** Fixture of {@code PackageCyclesRuleTest}: a package others use and that uses none of them. */
public class Leaf {
}
