/** LocalStack in a container, for the runs of the AWS contract tests that need Docker, skipped where there is none. */
package io.modelfn.core.testkit.localstack;
