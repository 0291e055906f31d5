/** The SageMaker inference container contract: /ping and /invocations. */
package io.modelfn.api.sagemaker;
