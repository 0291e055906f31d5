package io.modelfn.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.modelfn.core.testkit.cyclefixture.leaf.Leaf;
import io.modelfn.core.testkit.cyclefixture.left.Left;
import io.modelfn.core.testkit.cyclefixture.right.Right;
import org.junit.jupiter.api.Test;

/** The rule every module's {@code PackageCyclesTest} checks finds a cycle when there is one. */
class PackageCyclesRuleTest {

    @Test
    void rule_should_report_two_packages_that_need_each_other() {
        // GIVEN packages left and right that import each other, and a leaf that right uses
        var classes = new ClassFileImporter().importClasses(Left.class, Right.class, Leaf.class);

        // WHEN the rule is evaluated / THEN it reports the cycle, naming both packages
        var result = PackageCycles.RULE.evaluate(classes);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("cyclefixture.left").contains("cyclefixture.right");
    }

    @Test
    void rule_should_accept_packages_whose_dependencies_run_one_way() {
        // GIVEN right and the leaf it uses, without left
        var classes = new ClassFileImporter().importClasses(Right.class, Leaf.class);

        // WHEN the rule is evaluated / THEN there is no cycle
        assertThat(PackageCycles.RULE.evaluate(classes).hasViolation()).isFalse();
    }
}
