/** The modelfn CDK app: the entry point that builds a stage's stacks from its settings. */
package io.modelfn.infra;
